from django.urls import path

from . import views

app_name = "elections"

urlpatterns = [
    path("", views.election_list, name="list"),
    path("manage/", views.manage_list, name="manage_list"),
    path("manage/<slug:slug>/", views.manage, name="manage"),
    path(
        "manage/<slug:slug>/parties/import/",
        views.parties_import,
        name="parties_import",
    ),
    path(
        "manage/<slug:slug>/candidates/import/",
        views.candidates_import,
        name="candidates_import",
    ),
    path("manage/<slug:slug>/result/", views.result_record, name="result_record"),
    path(
        "manage/campaigns/<slug:slug>/links/send/",
        views.links_send,
        name="links_send",
    ),
    path(
        "manage/campaigns/<slug:slug>/links/<str:pk>/revoke/",
        views.link_revoke,
        name="link_revoke",
    ),
    path("answer/<str:token>/", views.answer, name="answer"),
    path("answer/<str:token>/send/", views.answer_send, name="answer_send"),
    path("pledges/<slug:slug>/", views.comparison, name="comparison"),
    path("pledges/<slug:slug>/widget/", views.widget, name="widget"),
    path("pledges/<slug:slug>/pledges.csv", views.comparison_csv, name="csv"),
    path(
        "pledges/<slug:slug>/parties/<slug:party>/",
        views.party_detail,
        name="party",
    ),
]
