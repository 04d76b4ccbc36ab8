"""The one rate limiter: attempts per key and window, counted where every worker and
server sees them.

Counting in one process's memory multiplies every limit by the number of gunicorn
workers (and servers). With ``REDIS_URL`` set the default cache is Redis, whose
INCR is atomic; without it the database counts, with one upsert per attempt.

A window starts at a key's first attempt and lasts ``window`` seconds (a fixed
window, as the cache's expiry gives). Inside a service's transaction the database
counter is written with it: the attempts of one key queue on its row for a moment.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateLimitCounter


class RateLimited(Exception):
    """Too many attempts from one source: the caller answers 429, or holds the work
    for review."""


class SuspectedBot(Exception):
    """A public form came back as a bot sends it: the caller answers as if it had
    worked, and nothing is kept or sent."""


MIN_SECONDS_ON_FORM = 3


def reject_bots(*, honeypot: str, seconds_on_form: float | None) -> None:
    """Raise SuspectedBot when a TimedForm's honeypot is filled, or when the form
    came back within seconds of being shown (``None``: the caller has no timing)."""
    if honeypot or (
        seconds_on_form is not None and seconds_on_form < MIN_SECONDS_ON_FORM
    ):
        raise SuspectedBot


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` attempts under ``key`` in ``window`` seconds."""

    key: str
    limit: int
    window: int


def digest(value: str) -> str:
    """A keyed hash of ``value`` (an address, an IP) to put in a limit's key: the
    counters then hold no personal data."""
    return salted_hmac("plaidoyer.ratelimit", value).hexdigest()[:32]


def hit(*limits: Limit) -> None:
    """Count one attempt against each of ``limits``; raise RateLimited when one is
    exceeded. Every limit counts the attempt, a refused one included; the database
    counts them all in one statement."""
    spent = over(*limits)
    if spent:
        raise RateLimited(", ".join(limit.key for limit in spent))


def over(*limits: Limit) -> list[Limit]:
    """Count one attempt against each of ``limits``; return those exceeded (for a
    caller that answers differently to each)."""
    limits_by_key = {limit.key[:200]: limit for limit in limits}
    if _shared_cache():
        counts = {k: _count_in_cache(k, v.window) for k, v in limits_by_key.items()}
    else:
        counts = _count_in_db(limits_by_key)
    return [limit for k, limit in limits_by_key.items() if counts[k] > limit.limit]


def exceeded(limit: Limit) -> bool:
    """Whether ``limit`` is spent already, without counting an attempt: for limits
    that count failures only (a login), checked before trying."""
    key = limit.key[:200]
    if _shared_cache():
        return (cache.get(f"ratelimit:{key}") or 0) >= limit.limit
    return RateLimitCounter.objects.filter(
        key=key, hits__gte=limit.limit, expires_at__gt=timezone.now()
    ).exists()


def _shared_cache() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))


def _count_in_cache(key: str, window: int) -> int:
    key = f"ratelimit:{key}"
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, window)
        return 1


def _count_in_db(limits: dict[str, Limit]) -> dict[str, int]:
    now = timezone.now()
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    rows = ", ".join(["(%s, 1, %s)"] * len(limits))
    # One statement, race-free on SQLite (>= 3.35) and PostgreSQL alike: a new key
    # starts at 1, an expired one starts again at 1, a live one moves on by 1. In
    # SET, the columns read are the row's values before the update.
    sql = (
        f"INSERT INTO {table} (key, hits, expires_at) VALUES {rows} "  # noqa: S608 - table name and placeholders only
        "ON CONFLICT (key) DO UPDATE SET "
        f"hits = CASE WHEN {table}.expires_at <= %s THEN 1 ELSE {table}.hits + 1 END, "
        f"expires_at = CASE WHEN {table}.expires_at <= %s "
        f"THEN excluded.expires_at ELSE {table}.expires_at END "
        "RETURNING key, hits"
    )
    params: list[Any] = []
    for key, limit in limits.items():
        params += [key, now + datetime.timedelta(seconds=limit.window)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, now, now])
        return dict(cursor.fetchall())


def purge_expired(now: datetime.datetime | None = None) -> int:
    """Delete the database counters whose window is over."""
    deleted, _rows = RateLimitCounter.objects.filter(
        expires_at__lte=now or timezone.now()
    ).delete()
    return deleted
