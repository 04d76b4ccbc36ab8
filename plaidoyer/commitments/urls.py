from django.urls import path

from . import feeds, views

app_name = "commitments"

urlpatterns = [
    path("barometer/", views.barometer, name="barometer"),
    path("barometer/widget/", views.barometer_widget, name="widget"),
    path("barometer/feed/", feeds.StatusChangesFeed(), name="feed"),
    path(
        "barometer/recommendations.csv",
        views.recommendations_csv,
        name="recommendations_csv",
    ),
    path("barometer/commitments.csv", views.commitments_csv, name="commitments_csv"),
    path("barometer/updates.csv", views.updates_csv, name="updates_csv"),
    path("memorandum/", views.memorandum, name="current_memorandum"),
    path("memorandum/<slug:slug>/", views.memorandum, name="memorandum"),
    path(
        "recommendations/<str:code>/",
        views.recommendation_detail,
        name="recommendation",
    ),
    path(
        "recommendations/<str:code>/feed/",
        feeds.StatusChangesFeed(),
        name="recommendation_feed",
    ),
    path("recommendations/<str:code>/follow/", views.follow, name="follow"),
    path("follow/<str:token>/confirm/", views.follow_confirm, name="follow_confirm"),
    path("follow/<str:token>/stop/", views.unfollow, name="unfollow"),
    path("authorities/", views.authority_list, name="authorities"),
    path("authorities/<slug:slug>/", views.authority_detail, name="authority"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment"),
    # "Record a status update" (linked from the coordinators' dashboard).
    path("status-updates/new/", views.update_record, name="update_record"),
    path("commitments/<int:pk>/update/", views.update_new, name="update_new"),
    path(
        "commitments/<int:pk>/update/confirm/",
        views.update_confirm,
        name="update_confirm",
    ),
]
