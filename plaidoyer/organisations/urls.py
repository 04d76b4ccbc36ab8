from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("map.json", views.map_data, name="map_data"),
    path("export.csv", views.directory_csv, name="export_csv"),
    path("mine/", views.dashboard, name="dashboard"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/edit/", views.organisation_edit, name="edit"),
]
