from django.urls import path

from . import feeds, views, views_press, views_proposals

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.article_list, name="articles"),
    path("news/feed/rss/", feeds.NewsRss(), name="rss"),
    path("news/feed/atom/", feeds.NewsAtom(), name="atom"),
    path("news/new/", views_proposals.article_new, name="article_new"),
    path("news/create/", views_proposals.article_create, name="article_create"),
    path("news/<slug:slug>/", views.article_detail, name="article"),
    path("news/<slug:slug>/edit/", views_proposals.article_edit, name="article_edit"),
    path(
        "news/<slug:slug>/update/",
        views_proposals.article_update,
        name="article_update",
    ),
    path(
        "news/<slug:slug>/approve/",
        views_proposals.article_approve,
        name="article_approve",
    ),
    path(
        "news/<slug:slug>/refuse/",
        views_proposals.article_refuse,
        name="article_refuse",
    ),
    path("resources/", views.resource_list, name="resources"),
    path("resources/new/", views_proposals.resource_new, name="resource_new"),
    path("resources/create/", views_proposals.resource_create, name="resource_create"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource"),
    path(
        "resources/<slug:slug>/edit/",
        views_proposals.resource_edit,
        name="resource_edit",
    ),
    path(
        "resources/<slug:slug>/update/",
        views_proposals.resource_update,
        name="resource_update",
    ),
    path(
        "resources/<slug:slug>/approve/",
        views_proposals.resource_approve,
        name="resource_approve",
    ),
    path(
        "resources/<slug:slug>/refuse/",
        views_proposals.resource_refuse,
        name="resource_refuse",
    ),
    path("proposals/", views_proposals.proposals, name="proposals"),
    path("proposals/mine/", views_proposals.my_proposals, name="my_proposals"),
    path("resources/<slug:slug>/download/", views.resource_download, name="download"),
    path("figures/", views.figures, name="figures"),
    path("press/", views_press.press, name="press"),
    path("press/feed/rss/", feeds.PressRss(), name="press_rss"),
    path("press/feed/atom/", feeds.PressAtom(), name="press_atom"),
    path("press/contacts/", views_press.press_officer_list, name="press_officers"),
    path(
        "press/contacts/new/",
        views_press.press_officer_edit,
        name="press_officer_create",
    ),
    path(
        "press/contacts/<int:pk>/",
        views_press.press_officer_edit,
        name="press_officer_edit",
    ),
    path(
        "press/contacts/<int:pk>/delete/",
        views_press.press_officer_delete,
        name="press_officer_delete",
    ),
    path("themes/", views.theme_list, name="themes"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme"),
    path("search/", views.search, name="search"),
    path("contact/", views.contact, name="contact"),
    path("contact/<slug:slug>/", views.contact, name="contact_organisation"),
    path("newsletter/", views.subscribe, name="subscribe"),
    path(
        "newsletter/confirm/<str:token>/",
        views.subscription_confirm,
        name="subscription_confirm",
    ),
    path("newsletter/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("pages/<slug:slug>/", views.page_detail, name="page"),
    path("newsletters/", views.newsletter_list, name="newsletters"),
    path("newsletters/new/", views.newsletter_create, name="newsletter_create"),
    path("newsletters/suppressed/", views.suppression_list, name="suppressions"),
    path("newsletters/<int:pk>/", views.newsletter_detail, name="newsletter"),
    path("newsletters/<int:pk>/edit/", views.newsletter_edit, name="newsletter_edit"),
    path("newsletters/<int:pk>/test/", views.newsletter_test, name="newsletter_test"),
    path("newsletters/<int:pk>/send/", views.newsletter_send, name="newsletter_send"),
    path(
        "newsletters/<int:pk>/schedule/",
        views.newsletter_schedule,
        name="newsletter_schedule",
    ),
    path(
        "newsletters/<int:pk>/unschedule/",
        views.newsletter_unschedule,
        name="newsletter_unschedule",
    ),
]
