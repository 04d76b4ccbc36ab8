from django.urls import path

from . import views

app_name = "replies"

urlpatterns = [
    path("link/<str:token>/", views.open_link, name="open"),
    path("space/", views.space, name="space"),
    path(
        "space/commitments/<int:pk>/", views.reply_commitment, name="reply_commitment"
    ),
    path(
        "space/recommendations/<str:code>/",
        views.reply_recommendation,
        name="reply_recommendation",
    ),
    path("space/leave/", views.leave, name="leave"),
    path("authorities/<slug:slug>/", views.history, name="history"),
    path("manage/", views.manage, name="manage"),
    path("manage/requests/", views.request_updates, name="request_updates"),
    path("manage/moderation/", views.moderation, name="moderation"),
    path("manage/replies/<int:pk>/accept/", views.reply_accept, name="accept"),
    path("manage/replies/<int:pk>/refuse/", views.reply_refuse, name="refuse"),
    path("manage/authorities/<slug:slug>/", views.contacts, name="contacts"),
    path(
        "manage/authorities/<slug:slug>/contacts/add/",
        views.contact_add,
        name="contact_add",
    ),
    path("manage/contacts/<int:pk>/invite/", views.contact_invite, name="invite"),
    path(
        "manage/contacts/<int:pk>/deactivate/",
        views.contact_deactivate,
        name="deactivate",
    ),
    path(
        "manage/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="revoke",
    ),
]
