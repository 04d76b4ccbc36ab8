from django.urls import include, path

from . import feeds, views

app_name = "commitments"

# Grouped by their first segment: a path of another app, which comes here only
# after trying its own, is turned away by a few prefixes (config/urls.py).
barometer_patterns = [
    path("", views.barometer, name="barometer"),
    path("widget/", views.barometer_widget, name="widget"),
    path("feed/", feeds.StatusChangesFeed(), name="feed"),
    path(
        "recommendations.csv",
        views.recommendations_csv,
        name="recommendations_csv",
    ),
    path("commitments.csv", views.commitments_csv, name="commitments_csv"),
    path("updates.csv", views.updates_csv, name="updates_csv"),
]


memorandum_patterns = [
    path("", views.memorandum, name="current_memorandum"),
    path("<slug:slug>/", views.memorandum, name="memorandum"),
]


recommendations_patterns = [
    path(
        "<str:code>/",
        views.recommendation_detail,
        name="recommendation",
    ),
    path(
        "<str:code>/feed/",
        feeds.StatusChangesFeed(),
        name="recommendation_feed",
    ),
    path("<str:code>/follow/", views.follow, name="follow"),
]


follow_patterns = [
    path("<str:token>/confirm/", views.follow_confirm, name="follow_confirm"),
    path("<str:token>/stop/", views.unfollow, name="unfollow"),
]


authorities_patterns = [
    path("", views.authority_list, name="authorities"),
    path("<slug:slug>/", views.authority_detail, name="authority"),
]


commitments_patterns = [
    path("<int:pk>/", views.commitment_detail, name="commitment"),
    path("<int:pk>/update/", views.update_new, name="update_new"),
    path(
        "<int:pk>/update/confirm/",
        views.update_confirm,
        name="update_confirm",
    ),
]


urlpatterns = [
    path("barometer/", include(barometer_patterns)),
    path("memorandum/", include(memorandum_patterns)),
    path("recommendations/", include(recommendations_patterns)),
    path("follow/", include(follow_patterns)),
    path("authorities/", include(authorities_patterns)),
    path("commitments/", include(commitments_patterns)),
    # "Record a status update" (linked from the coordinators' dashboard).
    path("status-updates/new/", views.update_record, name="update_record"),
]
