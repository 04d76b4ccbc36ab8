from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("pages/", views.page_list, name="pages"),
    path("pages/new/", views.page_edit, name="page_create"),
    path("pages/<int:pk>/", views.page_edit, name="page_edit"),
    path("team/", views.team_list, name="team"),
    path("team/new/", views.team_member_edit, name="team_create"),
    path("team/<int:pk>/", views.team_member_edit, name="team_edit"),
    path("team/<int:pk>/delete/", views.team_member_delete, name="team_delete"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<slug:slug>/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<slug:slug>/cases/new/", views.case_edit, name="case_create"),
    path("campaigns/<slug:slug>/cases/<int:pk>/", views.case_edit, name="case_edit"),
    path(
        "organisations/import/", views.organisation_import, name="organisation_import"
    ),
    path("labels/", views.label_list, name="labels"),
    path("labels/<int:pk>/accept/", views.label_accept, name="label_accept"),
    path("labels/<int:pk>/refuse/", views.label_refuse, name="label_refuse"),
    path("organisations/<slug:slug>/colleagues/", views.colleagues, name="colleagues"),
    path(
        "organisations/<slug:slug>/colleagues/invite/",
        views.colleague_invite,
        name="colleague_invite",
    ),
    path(
        "organisations/<slug:slug>/colleagues/remove/",
        views.colleague_remove,
        name="colleague_remove",
    ),
    path(
        "organisations/<slug:slug>/invitations/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation"),
    path("account-request/", views.account_request, name="account_request"),
    path("account-requests/", views.account_request_list, name="account_requests"),
    path(
        "account-requests/<int:pk>/approve/",
        views.account_request_approve,
        name="account_request_approve",
    ),
    path(
        "account-requests/<int:pk>/refuse/",
        views.account_request_refuse,
        name="account_request_refuse",
    ),
]
