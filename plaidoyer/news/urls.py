from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.article_list, name="articles"),
    path("news/feed/rss/", feeds.NewsRss(), name="rss"),
    path("news/feed/atom/", feeds.NewsAtom(), name="atom"),
    path("news/<slug:slug>/", views.article_detail, name="article"),
    path("resources/", views.resource_list, name="resources"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource"),
    path("resources/<slug:slug>/download/", views.resource_download, name="download"),
    path("figures/", views.figures, name="figures"),
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
]
