from django.urls import path

from . import views

app_name = "help"

urlpatterns = [
    path("", views.where_to_turn, name="where"),
    path("map.json", views.services_map, name="map"),
    path("figures/", views.figures, name="figures"),
    path("figures.csv", views.figures_csv, name="figures_csv"),
    path("testimony/", views.testify, name="testify"),
    path("testimony/thanks/", views.thanks, name="thanks"),
    path("testimony/reply/<str:token>/", views.reply, name="reply"),
    path("testimony/reply/<str:token>/erase/", views.reply_erase, name="reply_erase"),
    path("testimonies/", views.inbox, name="inbox"),
    path("testimonies/overview/", views.overview, name="overview"),
    path("testimonies/<str:pk>/", views.testimony_detail, name="testimony"),
    path(
        "testimonies/<str:pk>/status/", views.testimony_status, name="testimony_status"
    ),
    path(
        "testimonies/<str:pk>/message/",
        views.testimony_message,
        name="testimony_message",
    ),
    path("desks/", views.desks, name="desks"),
    path("desks/<str:pk>/", views.desk_edit, name="desk_edit"),
    path("services/<slug:slug>/", views.services_manage, name="services_manage"),
    path("services/<slug:slug>/new/", views.service_create, name="service_create"),
    path("services/<slug:slug>/<str:pk>/", views.service_edit, name="service_edit"),
    path(
        "services/<slug:slug>/<str:pk>/delete/",
        views.service_delete,
        name="service_delete",
    ),
]
