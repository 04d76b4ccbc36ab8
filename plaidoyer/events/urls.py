from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("mine/", views.my_events, name="mine"),
    path("registration/<str:token>/", views.registration_detail, name="registration"),
    path("registration/<str:token>/confirm/", views.confirm, name="confirm"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/event.ics", views.event_ics, name="ics"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
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
]
