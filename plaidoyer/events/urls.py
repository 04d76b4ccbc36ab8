from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("mine/", views.my_events, name="mine"),
    path("new/", views.event_new, name="new"),
    path("create/", views.event_create, name="create"),
    path("organisers/", views.organiser_search, name="organiser_search"),
    path("registration/<str:token>/", views.registration_detail, name="registration"),
    path("registration/<str:token>/confirm/", views.confirm, name="confirm"),
    path(
        "registration/<str:token>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/event.ics", views.event_ics, name="ics"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/update/", views.event_update, name="update"),
    path("<slug:slug>/copy/", views.event_copy_form, name="copy"),
    path("<slug:slug>/copy/create/", views.event_copy, name="copy_create"),
    path("<slug:slug>/approve/", views.event_approve, name="approve"),
    path("<slug:slug>/refuse/", views.event_refuse, name="refuse"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path("<slug:slug>/manage/add/", views.registration_add, name="manage_add"),
    path(
        "<slug:slug>/manage/message/", views.registrants_message, name="manage_message"
    ),
    path(
        "<slug:slug>/manage/settings/",
        views.event_settings_update,
        name="manage_settings",
    ),
    path(
        "<slug:slug>/manage/promote/",
        views.registration_promote,
        name="manage_promote",
    ),
    path(
        "<slug:slug>/manage/release/",
        views.registration_release,
        name="manage_release",
    ),
    path(
        "<slug:slug>/manage/cancel/",
        views.registration_cancel_by_organiser,
        name="manage_cancel",
    ),
    path(
        "<slug:slug>/manage/check-in/",
        views.registration_check_in,
        name="manage_check_in",
    ),
    path(
        "<slug:slug>/manage/registrations.<str:fmt>",
        views.registrations_export,
        name="export",
    ),
    path("<slug:slug>/check-in/", views.check_in_page, name="check_in"),
    path(
        "<slug:slug>/check-in/<str:token>/", views.check_in_token, name="check_in_token"
    ),
    path("<slug:slug>/attendance/", views.attendance, name="attendance"),
    # After the event: certificates and the evaluation.
    path(
        "certificates/<str:code>/",
        views.certificate_verify,
        name="certificate_verify",
    ),
    path(
        "registration/<str:token>/certificate.pdf",
        views.certificate_download,
        name="certificate",
    ),
    path(
        "registration/<str:token>/certificate/email/",
        views.certificate_request,
        name="certificate_request",
    ),
    path("registration/<str:token>/evaluation/", views.evaluation, name="evaluation"),
    path("<slug:slug>/manage/after/", views.after_event, name="after"),
    path(
        "<slug:slug>/manage/after/certificates/",
        views.certificates_send,
        name="certificates_send",
    ),
    path(
        "<slug:slug>/manage/after/questions/add/",
        views.evaluation_question_add,
        name="evaluation_question_add",
    ),
    path(
        "<slug:slug>/manage/after/questions/standard/",
        views.evaluation_standard,
        name="evaluation_standard",
    ),
    path(
        "<slug:slug>/manage/after/questions/remove/",
        views.evaluation_question_remove,
        name="evaluation_question_remove",
    ),
    path(
        "<slug:slug>/manage/after/evaluation/send/",
        views.evaluation_send,
        name="evaluation_send",
    ),
    path(
        "<slug:slug>/manage/after/results.<str:fmt>",
        views.evaluation_export,
        name="evaluation_export",
    ),
]
