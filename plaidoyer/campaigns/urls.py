from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("good-news/", views.good_news, name="good_news"),
    path("news/stop/<str:token>/", views.news_stop, name="news_stop"),
    path("labels/<slug:slug>/", views.label_detail, name="label"),
    path("labels/<slug:slug>/points.json", views.label_points, name="label_points"),
    path("labels/<slug:slug>/apply/", views.label_apply, name="label_apply"),
    path("badges/<int:pk>.svg", views.badge, name="badge"),
    path("sessions/", views.my_sessions, name="my_sessions"),
    path("sessions/<int:pk>/report/", views.session_report, name="session_report"),
    path(
        "sessions/requests/<int:pk>/accept/",
        views.session_request_accept,
        name="session_request_accept",
    ),
    path(
        "sessions/requests/<int:pk>/refuse/",
        views.session_request_refuse,
        name="session_request_refuse",
    ),
    path("<slug:slug>/", views.campaign_detail, name="detail"),
    path("<slug:slug>/act/", views.act, name="act"),
    path("<slug:slug>/counter.json", views.counter_json, name="counter_json"),
    path("<slug:slug>/counter/", views.counter_fragment, name="counter"),
    path("<slug:slug>/widget/", views.counter_widget, name="widget"),
    path("<slug:slug>/leaderboard/", views.leaderboard, name="leaderboard"),
    path("<slug:slug>/map/", views.campaign_map, name="map"),
    path("<slug:slug>/map.json", views.map_data, name="map_data"),
    path(
        "<slug:slug>/municipalities.<str:fmt>",
        views.municipalities_export,
        name="municipalities_export",
    ),
    path(
        "<slug:slug>/municipalities/<str:nis_code>/",
        views.municipality_page,
        name="municipality",
    ),
    path("<slug:slug>/actions.csv", views.actions_export, name="actions_export"),
    path(
        "<slug:slug>/cases/<slug:case_slug>/letters.zip",
        views.letters_bundle,
        name="letters_bundle",
    ),
    path("<slug:slug>/review/", views.review, name="review"),
    path("<slug:slug>/review/clear/", views.actions_clear, name="actions_clear"),
    path("<slug:slug>/review/validate/", views.batch_validate, name="batch_validate"),
    path("<slug:slug>/review/reject/", views.batch_reject, name="batch_reject"),
    path("<slug:slug>/updates/", views.updates, name="updates"),
    path("<slug:slug>/updates/new/", views.update_create, name="update_create"),
    path("<slug:slug>/sessions.json", views.session_points, name="session_points"),
    path("<slug:slug>/kit.pdf", views.kit, name="kit"),
    path("<slug:slug>/host-a-session/", views.session_request, name="session_request"),
    path("<slug:slug>/sessions/new/", views.session_create, name="session_create"),
    path(
        "<slug:slug>/sessions/requests/",
        views.session_requests,
        name="session_requests",
    ),
    path("<slug:slug>/batches/", views.batches, name="batches"),
    path("<slug:slug>/batches/new/", views.batch_create, name="batch_create"),
    path("<slug:slug>/batches/import/", views.batches_import, name="batches_import"),
]
