from django.urls import path

from . import feeds, views

app_name = "processes"

urlpatterns = [
    path("", views.process_list, name="list"),
    path("<slug:slug>/", views.process_detail, name="detail"),
    path("<slug:slug>/feed/", feeds.ProcessFeed(), name="feed"),
    path("<slug:slug>/drafts.csv", views.drafts_csv, name="drafts_csv"),
    path("<slug:slug>/drafts/new/", views.draft_create, name="draft_create"),
    path("<slug:slug>/drafts/<int:pk>/", views.draft_detail, name="draft"),
    path("<slug:slug>/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path(
        "<slug:slug>/meetings/<int:pk>/close/",
        views.meeting_close,
        name="meeting_close",
    ),
]
