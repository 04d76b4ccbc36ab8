from django.urls import path

from . import feeds, views

app_name = "processes"

urlpatterns = [
    path("", views.process_list, name="list"),
    path("<slug:slug>/", views.process_detail, name="detail"),
    path("<slug:slug>/members/", views.process_members, name="members"),
    path("<slug:slug>/feed/", feeds.ProcessFeed(), name="feed"),
    path("<slug:slug>/drafts.csv", views.drafts_csv, name="drafts_csv"),
    path("<slug:slug>/drafts/new/", views.draft_create, name="draft_create"),
    path("<slug:slug>/drafts/<int:pk>/", views.draft_detail, name="draft"),
    path(
        "<slug:slug>/drafts/<int:pk>/comment/",
        views.draft_comment,
        name="draft_comment",
    ),
    path(
        "<slug:slug>/drafts/<int:pk>/endorse/",
        views.draft_endorse,
        name="draft_endorse",
    ),
    path("<slug:slug>/drafts/<int:pk>/amend/", views.draft_amend, name="draft_amend"),
    path("<slug:slug>/drafts/<int:pk>/adopt/", views.draft_adopt, name="draft_adopt"),
    path(
        "<slug:slug>/drafts/<int:pk>/hide-comment/",
        views.comment_hide,
        name="comment_hide",
    ),
    path("<slug:slug>/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path(
        "<slug:slug>/meetings/<int:pk>/documents/<int:document>/",
        views.meeting_document,
        name="meeting_document",
    ),
    path(
        "<slug:slug>/meetings/<int:pk>/close/",
        views.meeting_close,
        name="meeting_close",
    ),
]
