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
    """The enumeration fix runs for known addresses only: versions (twice), the
    seat, the row, the audit row and the savepoint around them."""
    event = make_event(capacity=10, requires_confirmation=False)
    _post(client, event, "first@example.org", htmx=True)
    with django_assert_num_queries(7):
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
