from django.urls import include, path

from . import feeds, views, views_press, views_proposals

app_name = "news"

# Grouped by their first segment: a path of another app, which comes here only
# after trying its own, is turned away by a dozen prefixes, not fifty patterns.
news_patterns = [
    path("", views.article_list, name="articles"),
    path("feed/rss/", feeds.NewsRss(), name="rss"),
    path("feed/atom/", feeds.NewsAtom(), name="atom"),
    path("new/", views_proposals.article_new, name="article_new"),
    path("create/", views_proposals.article_create, name="article_create"),
    path("<slug:slug>/", views.article_detail, name="article"),
    path("<slug:slug>/edit/", views_proposals.article_edit, name="article_edit"),
    path(
        "<slug:slug>/update/",
        views_proposals.article_update,
        name="article_update",
    ),
    path(
        "<slug:slug>/approve/",
        views_proposals.article_approve,
        name="article_approve",
    ),
    path(
        "<slug:slug>/refuse/",
        views_proposals.article_refuse,
        name="article_refuse",
    ),
]


resources_patterns = [
    path("", views.resource_list, name="resources"),
    path("new/", views_proposals.resource_new, name="resource_new"),
    path("create/", views_proposals.resource_create, name="resource_create"),
    path("<slug:slug>/", views.resource_detail, name="resource"),
    path(
        "<slug:slug>/edit/",
        views_proposals.resource_edit,
        name="resource_edit",
    ),
    path(
        "<slug:slug>/update/",
        views_proposals.resource_update,
        name="resource_update",
    ),
    path(
        "<slug:slug>/approve/",
        views_proposals.resource_approve,
        name="resource_approve",
    ),
    path(
        "<slug:slug>/refuse/",
        views_proposals.resource_refuse,
        name="resource_refuse",
    ),
    path("<slug:slug>/download/", views.resource_download, name="download"),
]


proposals_patterns = [
    path("", views_proposals.proposals, name="proposals"),
    path("mine/", views_proposals.my_proposals, name="my_proposals"),
]


press_patterns = [
    path("", views_press.press, name="press"),
    path("feed/rss/", feeds.PressRss(), name="press_rss"),
    path("feed/atom/", feeds.PressAtom(), name="press_atom"),
    path("contacts/", views_press.press_officer_list, name="press_officers"),
    path(
        "contacts/new/",
        views_press.press_officer_edit,
        name="press_officer_create",
    ),
    path(
        "contacts/<int:pk>/",
        views_press.press_officer_edit,
        name="press_officer_edit",
    ),
    path(
        "contacts/<int:pk>/delete/",
        views_press.press_officer_delete,
        name="press_officer_delete",
    ),
]


themes_patterns = [
    path("", views.theme_list, name="themes"),
    path("<slug:slug>/", views.theme_detail, name="theme"),
]


contact_patterns = [
    path("", views.contact, name="contact"),
    path("<slug:slug>/", views.contact, name="contact_organisation"),
]


newsletter_patterns = [
    path("", views.subscribe, name="subscribe"),
    path(
        "confirm/<str:token>/",
        views.subscription_confirm,
        name="subscription_confirm",
    ),
    path("stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
]


newsletters_patterns = [
    path("", views.newsletter_list, name="newsletters"),
    path("new/", views.newsletter_create, name="newsletter_create"),
    path("suppressed/", views.suppression_list, name="suppressions"),
    path("<int:pk>/", views.newsletter_detail, name="newsletter"),
    path("<int:pk>/edit/", views.newsletter_edit, name="newsletter_edit"),
    path("<int:pk>/test/", views.newsletter_test, name="newsletter_test"),
    path("<int:pk>/send/", views.newsletter_send, name="newsletter_send"),
    path(
        "<int:pk>/schedule/",
        views.newsletter_schedule,
        name="newsletter_schedule",
    ),
    path(
        "<int:pk>/unschedule/",
        views.newsletter_unschedule,
        name="newsletter_unschedule",
    ),
]


urlpatterns = [
    path("", views.home, name="home"),
    path("news/", include(news_patterns)),
    path("resources/", include(resources_patterns)),
    path("proposals/", include(proposals_patterns)),
    path("figures/", views.figures, name="figures"),
    path("press/", include(press_patterns)),
    path("themes/", include(themes_patterns)),
    path("search/", views.search, name="search"),
    path("contact/", include(contact_patterns)),
    path("newsletter/", include(newsletter_patterns)),
    path("pages/<slug:slug>/", views.page_detail, name="page"),
    path("newsletters/", include(newsletters_patterns)),
]
