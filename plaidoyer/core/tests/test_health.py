"""/healthz tells a load balancer whether this app server can serve."""

import datetime

import pytest
import time_machine
from django.db import OperationalError, connection
from django.utils import timezone


@pytest.mark.django_db
def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "cache": True}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_away(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False


@pytest.mark.django_db
def test_healthz_reports_the_oldest_due_task_and_says_when_the_queue_is_late(
    client, settings
):
    from plaidoyer.core.tasks import tick

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.HEALTH_QUEUE_LAG_LIMIT = 300
    assert client.get("/healthz").json()["queue_lag_seconds"] is None
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        tick.enqueue()
    with time_machine.travel(start + datetime.timedelta(seconds=60), tick=False):
        body = client.get("/healthz").json()
        assert body["queue_lag_seconds"] == 60.0 and body["queue"] == "ok"
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        response = client.get("/healthz")
        assert response.status_code == 200  # the web can still serve
        assert response.json()["queue"] == "late"
