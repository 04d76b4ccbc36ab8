"""A stranger learns nothing from the registration form, nor floods anyone."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from plaidoyer.events.models import Event, Registration

pytestmark = pytest.mark.django_db


def _page(response) -> tuple[int, str]:
    """The answer, without what differs on every request (CSRF tokens) and the
    address typed in (the form shows it back)."""
    body = re.sub(r'value="[^"]{32,}"', 'value=""', response.content.decode())
    body = re.sub(r"(known|new)@example\.org", "someone@example.org", body)
    return response.status_code, body


def _post(client, event, email, *, htmx: bool, lang: str = "fr"):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        f"/{lang}/events/{event.slug}/register/",
        {"name": "Ana", "email": email},
        **headers,
    )


@pytest.mark.parametrize("htmx", [True, False])
@pytest.mark.parametrize("requires_confirmation", [True, False])
def test_a_known_address_gets_the_answer_a_new_one_gets(
    client, make_event, htmx, requires_confirmation
):
    event = make_event(capacity=10, requires_confirmation=requires_confirmation)
    _post(client, event, "known@example.org", htmx=htmx)
    known = _post(client, event, "known@example.org", htmx=htmx)
    new = _post(client, event, "new@example.org", htmx=htmx)
    assert _page(known) == _page(new)
    assert known.status_code == 200
    assert Registration.objects.filter(event=event).count() == 2


@pytest.mark.parametrize("htmx", [True, False])
def test_a_known_address_gets_the_answer_a_new_one_gets_when_full_or_closed(
    client, make_event, htmx
):
    event = make_event(capacity=1, waitlist_enabled=False, requires_confirmation=False)
    _post(client, event, "known@example.org", htmx=htmx)
    for _round in ("full", "closed"):
        known = _post(client, event, "known@example.org", htmx=htmx)
        new = _post(client, event, "new@example.org", htmx=htmx)
        assert known.status_code == 400
        assert _page(known) == _page(new)
        Event.objects.filter(pk=event.pk).update(registration_enabled=False)
    assert Registration.objects.filter(event=event).count() == 1


def test_the_known_address_is_told_by_email_in_its_language_once_an_hour(
    client, make_event, capture
):
    event = make_event(capacity=10, requires_confirmation=False)
    with capture(execute=True):
        _post(client, event, "ana@example.org", htmx=True, lang="nl")
    registration = Registration.objects.get()
    mail.outbox.clear()
    with capture(execute=True):
        for _attempt in range(5):  # from a stranger, in French
            _post(client, event, "ANA@example.org", htmx=True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "al ingeschreven" in message.body  # Dutch, the registrant's language
    assert registration.get_absolute_url().replace("/fr/", "/nl/") in message.body
    # Another event is another count.
    other = make_event(capacity=10, requires_confirmation=False)
    with capture(execute=True):
        _post(client, other, "ana@example.org", htmx=True)
        _post(client, other, "ana@example.org", htmx=True)
    assert len(mail.outbox) == 3  # other's welcome, other's "already registered"
    mail.outbox.clear()
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)),
        capture(execute=True),
    ):
        _post(client, event, "ana@example.org", htmx=True)
    assert len(mail.outbox) == 1


def test_the_known_address_email_is_counted_on_a_hash_not_the_address(
    client, make_event, capture
):
    from plaidoyer.core.models import RateLimitCounter

    event = make_event(capacity=10)
    _post(client, event, "ana@example.org", htmx=True)
    _post(client, event, "ana@example.org", htmx=True)
    keys = list(RateLimitCounter.objects.values_list("key", flat=True))
    assert any(k.startswith("events.known:") for k in keys)
    assert not any("ana" in k for k in keys)


def test_a_new_address_costs_no_extra_query(
    client, make_event, django_assert_num_queries
):
    """The enumeration fix runs for known addresses only: versions (three times:
    the module switch, the page cache, the menu; once per DATA_VERSION_TTL in
    production), the per-IP limits (one upsert), the seat, the row, the audit
    row and the savepoint around them."""
    event = make_event(capacity=10, requires_confirmation=False)
    _post(client, event, "first@example.org", htmx=True)
    with django_assert_num_queries(9):
        _post(client, event, "second@example.org", htmx=True)


def test_the_confirmation_link_acts_on_the_button_only(client, make_event):
    event = make_event(capacity=10, requires_confirmation=True)
    _post(client, event, "ana@example.org", htmx=True)
    registration = Registration.objects.get()
    path = f"/nl/events/registration/{registration.token}/confirm/"
    page = client.get(path)  # what a mail scanner does
    assert page.status_code == 200
    assert f'<form method="post" action="{path}">' in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == "pending" and registration.confirmed_at is None
    assert client.post(path).status_code == 200
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert client.post(path).status_code == 200  # replayed: "already confirmed"


def test_a_forged_confirmation_link_is_a_clear_404_in_the_visitor_s_language(
    client, db
):
    from django.utils import translation

    for method in (client.get, client.post):
        response = method("/nl/events/registration/forged/confirm/")
        assert response.status_code == 404
        with translation.override("nl"):
            title = translation.gettext("This link is not valid")
        assert title != "This link is not valid"
        assert title in response.content.decode()


@pytest.mark.parametrize("htmx", [True, False])
def test_registrations_are_limited_per_ip_and_event_with_a_translated_429(
    client, make_event, settings, htmx
):
    from django.utils import translation

    settings.EVENT_REGISTRATIONS_PER_IP_AND_EVENT = 3
    settings.EVENT_REGISTRATIONS_PER_IP = 5
    first, second = (
        make_event(capacity=100, requires_confirmation=False) for _ in range(2)
    )
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    def register(event, i, ip="198.51.100.9"):
        return client.post(
            f"/nl/events/{event.slug}/register/",
            {"name": "Bot", "email": f"bot{i}@example.org"},
            REMOTE_ADDR=ip,
            **headers,
        )

    assert [register(first, i).status_code for i in range(4)] == [200] * 3 + [429]
    with translation.override("nl"):
        message = translation.gettext(
            "Too many requests from your connection. Please try again later."
        )
    refused = register(first, 9)
    assert refused.status_code == 429 and message in refused.content.decode()
    assert ("<html" in refused.content.decode()) is not htmx
    # Per IP across events: 5 counted already (two refused), the next one too.
    assert register(second, 10).status_code == 429
    # Somebody else is not held back.
    assert register(first, 11, ip="203.0.113.7").status_code == 200
    assert Registration.objects.count() == 4


def test_pending_seats_from_one_ip_past_the_threshold_are_held_for_review(
    client, make_event, settings, capture, coordinator
):
    settings.EVENT_PENDING_PER_IP = 2
    event = make_event(capacity=5, requires_confirmation=True)
    for i in range(4):
        client.post(
            f"/fr/events/{event.slug}/register/",
            {"name": f"P{i}", "email": f"p{i}@example.org"},
            REMOTE_ADDR="198.51.100.9",
        )
    client.post(
        f"/fr/events/{event.slug}/register/",
        {"name": "Real", "email": "real@example.org"},
        REMOTE_ADDR="203.0.113.7",
    )
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "p0@example.org": "pending",
        "p1@example.org": "pending",
        "p2@example.org": "held",
        "p3@example.org": "held",
        "real@example.org": "pending",  # a real person is not blocked
    }
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length) == (3, 0)
    # The organiser sees them and lets one through: it takes a seat.
    client.force_login(coordinator)
    page = client.get(f"/fr/events/{event.slug}/manage/").content.decode()
    assert f'action="/fr/events/{event.slug}/manage/release/"' in page
    held = Registration.objects.get(email="p2@example.org")
    with capture(execute=True):
        response = client.post(
            f"/fr/events/{event.slug}/manage/release/", {"registration": held.pk}
        )
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == "pending" and held.expires_at is not None
    assert any(held.token in m.body for m in mail.outbox if m.to == [held.email])
    event.refresh_from_db()
    assert event.seats_taken == 4
    # Only a held registration can be released.
    response = client.post(
        f"/fr/events/{event.slug}/manage/release/", {"registration": held.pk}
    )
    held.refresh_from_db()
    assert held.status == "pending"
