"""What /healthz reports: can this app server reach its database and cache, and is
the task queue keeping up. Counts and seconds only, never data."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def cache_ok() -> bool:
    key, value = "healthz", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        return cache.get(key) == value
    except Exception:  # a Redis error class differs per client library
        return False


def queue_lag_seconds() -> float | None:
    """Seconds the oldest due task has been waiting; None if none waits."""
    oldest = (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", "run_after")
        .first()
    )
    if oldest is None:
        return None
    enqueued_at, run_after = oldest
    now = timezone.now()
    # run_after is far in the future for "as soon as possible" (ready() keeps those)
    due = enqueued_at if run_after > now else max(enqueued_at, run_after)
    return max(0.0, (now - due).total_seconds())


def report() -> tuple[bool, dict]:
    """Return (healthy, checks): healthy when database and cache answer."""
    checks: dict = {"database": database_ok(), "cache": cache_ok()}
    if checks["database"] and "django_tasks_db" in settings.TASKS["default"]["BACKEND"]:
        try:
            lag = queue_lag_seconds()
        except DatabaseError:
            lag = None
        checks["queue_lag_seconds"] = None if lag is None else round(lag, 1)
        checks["queue"] = (
            "late"
            if lag is not None and lag > settings.HEALTH_QUEUE_LAG_LIMIT
            else "ok"
        )
    return checks["database"] and checks["cache"], checks
