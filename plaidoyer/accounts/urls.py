from django.contrib.auth import views as auth_views
from django.urls import path

from . import personal_data_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/", views.account_settings, name="settings"),
    path(
        "password/change/", views.PasswordChangeView.as_view(), name="password_change"
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]

urlpatterns += [
    path(
        "personal-data/",
        personal_data_views.personal_data_request,
        name="personal_data_request",
    ),
    path(
        "personal-data/lookup/",
        personal_data_views.personal_data_search,
        name="personal_data_search",
    ),
    path(
        "personal-data/lookup/export/",
        personal_data_views.personal_data_export,
        name="personal_data_export",
    ),
    path(
        "personal-data/lookup/erase/",
        personal_data_views.personal_data_erase,
        name="personal_data_erase",
    ),
    path(
        "personal-data/<str:token>/",
        personal_data_views.personal_data_mine,
        name="personal_data_mine",
    ),
    path(
        "personal-data/<str:token>/export/",
        personal_data_views.personal_data_mine_export,
        name="personal_data_mine_export",
    ),
    path(
        "personal-data/<str:token>/erase/",
        personal_data_views.personal_data_mine_erase,
        name="personal_data_mine_erase",
    ),
]
