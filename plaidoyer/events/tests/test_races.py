"""Real threads racing on real databases: capacity holds, links go out once."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from plaidoyer.events import services, tasks
from plaidoyer.events.models import Event, Registration

THREADS = 24
CAPACITY = 7


def _race(target, n):
    barrier = threading.Barrier(n)
    errors = []

    def run(i):
        try:
            barrier.wait()
            target(i)
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _register_all(event):
    return _race(
        lambda i: services.register_participant(
            event=event, name=f"Racer {i}", email=f"racer{i}@example.org"
        ),
        THREADS,
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registrations_never_exceed_capacity(make_event):
    event = make_event(capacity=CAPACITY, requires_confirmation=False)
    errors = _register_all(event)
    assert errors == []
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert statuses.count("confirmed") == CAPACITY
    assert statuses.count("waitlisted") == THREADS - CAPACITY
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length) == (CAPACITY, THREADS - CAPACITY)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_race_test_catches_overbooking_without_the_conditional_update(
    make_event, monkeypatch
):
    """Read, then write (no condition in the UPDATE) and widen the window: the same
    race must overbook."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the lock matters on PostgreSQL")
    import time

    def read_then_write(event, *, pending):
        fresh = Event.objects.get(pk=event.pk)
        time.sleep(0.05)
        if fresh.seats_taken < fresh.capacity:
            Event.objects.filter(pk=event.pk).update(seats_taken=fresh.seats_taken + 1)
            return "confirmed"
        Event.objects.filter(pk=event.pk).update(
            waitlist_length=fresh.waitlist_length + 1
        )
        return "waitlisted"

    monkeypatch.setattr(services, "_claim_seat", read_then_write)
    event = make_event(capacity=CAPACITY, requires_confirmation=False)
    _register_all(event)
    seated = Registration.objects.filter(status="confirmed").count()
    assert seated > CAPACITY


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_address_racing_gets_one_registration(make_event):
    event = make_event(capacity=CAPACITY, requires_confirmation=False)
    outcomes = []
    errors = _race(
        lambda i: outcomes.append(
            services.register_participant(
                event=event, name=f"Twin {i}", email="twin@example.org"
            )[1]
        ),
        8,
    )
    assert errors == []
    assert sorted(outcomes) == [False] * 7 + [True]
    assert Registration.objects.filter(email="twin@example.org").count() == 1
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length) == (1, 0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_send_each_link_exactly_once(make_event):
    import datetime

    import time_machine

    starts = timezone.now() + datetime.timedelta(days=1)
    event = make_event(
        mode="online",
        online_url="https://visio.example.org/race",
        starts_at=starts,
        requires_confirmation=False,
    )
    for i in range(12):
        services.register_participant(
            event=event, name=f"P{i}", email=f"p{i}@example.org"
        )
    mail.outbox.clear()
    with time_machine.travel(starts - datetime.timedelta(minutes=30), tick=True):
        errors = _race(lambda i: tasks.dispatch_links(), 2)
    assert errors == []
    recipients = [m.to[0] for m in mail.outbox if "visio.example.org/race" in m.body]
    assert sorted(recipients) == sorted(f"p{i}@example.org" for i in range(12))
