from django.urls import path

from . import views

app_name = "translations"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("<str:language>/<slug:kind>/", views.desk_list, name="list"),
    path("<str:language>/<slug:kind>/<str:pk>/", views.item, name="item"),
    path("<str:language>/<slug:kind>/<str:pk>/draft/", views.item_draft, name="draft"),
    path("<str:language>/<slug:kind>/<str:pk>/save/", views.item_save, name="save"),
]
