"""The one rate limiter counts where every worker and server sees it."""

import datetime
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from plaidoyer.core import periodic, ratelimit
from plaidoyer.core.models import RateLimitCounter
from plaidoyer.core.ratelimit import Limit

pytestmark = pytest.mark.django_db


def _accepted(key, n, *, limit, window=60, clear_cache=False):
    accepted = 0
    for _i in range(n):
        if clear_cache:
            cache.clear()  # as if each attempt reached another worker
        try:
            ratelimit.hit(Limit(key, limit, window))
        except ratelimit.RateLimited:
            continue
        accepted += 1
    return accepted


def test_the_limit_holds_when_each_attempt_reaches_another_process():
    assert _accepted("contact:1.2.3.4", 10, limit=3, clear_cache=True) == 3
    assert RateLimitCounter.objects.get(key="contact:1.2.3.4").hits == 10


def test_keys_count_apart_and_a_window_starts_again_when_over(monkeypatch):
    assert _accepted("a", 4, limit=2) == 2
    assert _accepted("b", 1, limit=2) == 1
    later = timezone.now() + datetime.timedelta(seconds=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert _accepted("a", 4, limit=2) == 2


def test_several_limits_count_every_attempt_in_one_statement(
    django_assert_num_queries,
):
    per_case, overall = Limit("act:case:1", 1, 60), Limit("act:all", 3, 300)
    with django_assert_num_queries(1):
        ratelimit.hit(per_case, overall)
    refused = 0
    for _i in range(4):
        try:
            ratelimit.hit(per_case, overall)
        except ratelimit.RateLimited:
            refused += 1
    assert refused == 4
    counts = dict(RateLimitCounter.objects.values_list("key", "hits"))
    assert counts == {"act:case:1": 5, "act:all": 5}


def test_with_redis_the_cache_counts(settings):
    settings.REDIS_URL = "redis://stands-for-the-default-cache"
    assert _accepted("follow:5.6.7.8", 5, limit=2) == 2
    assert not RateLimitCounter.objects.exists()
    assert cache.get("ratelimit:follow:5.6.7.8") == 5


def test_expired_counters_are_purged_by_the_periodic_job(monkeypatch):
    _accepted("old", 1, limit=5, window=10)
    _accepted("new", 1, limit=5, window=3600)
    later = timezone.now() + datetime.timedelta(seconds=11)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert periodic.jobs()["core.purge_rate_limits"]() == 1
    assert list(RateLimitCounter.objects.values_list("key", flat=True)) == ["new"]


def _race(threads=24, limit=5):
    barrier = threading.Barrier(threads)
    accepted, errors = [], []

    def run():
        try:
            barrier.wait()
            ratelimit.hit(Limit("race", limit, 60))
            accepted.append(1)
        except ratelimit.RateLimited:
            pass
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _i in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    assert errors == []
    return len(accepted)


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers itself; the race matters on PostgreSQL",
)


@pytest.mark.postgres_only
@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_attempts_accept_exactly_the_limit():
    assert _race(threads=24, limit=5) == 5
    assert RateLimitCounter.objects.get(key="race").hits == 24


@pytest.mark.postgres_only
@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_race_test_catches_a_read_then_write_counter(monkeypatch):
    """Read the count, then write it back plus one: the same race lets more through."""
    import time

    RateLimitCounter.objects.create(
        key="race", hits=0, expires_at=timezone.now() + datetime.timedelta(hours=1)
    )

    def read_then_write(limits):
        hits = RateLimitCounter.objects.get(key="race").hits + 1
        time.sleep(0.05)
        RateLimitCounter.objects.filter(key="race").update(hits=hits)
        return {"race": hits}

    monkeypatch.setattr(ratelimit, "_count_in_db", read_then_write)
    assert _race(threads=24, limit=5) > 5


@pytest.mark.parametrize(
    ("honeypot", "seconds"), [("http://spam.example", 30.0), ("", 1.0), ("", 0.0)]
)
def test_filled_honeypot_or_instant_post_is_a_bot(honeypot, seconds):
    with pytest.raises(ratelimit.SuspectedBot):
        ratelimit.reject_bots(honeypot=honeypot, seconds_on_form=seconds)


@pytest.mark.parametrize("seconds", [ratelimit.MIN_SECONDS_ON_FORM, 45.0, None])
def test_empty_honeypot_after_a_few_seconds_passes(seconds):
    ratelimit.reject_bots(honeypot="", seconds_on_form=seconds)
