"""Segmented newsletters: the audience, exactly-once delivery (two workers, a
killed worker), unsubscribe, bounces, and the coordinators' pages."""

import datetime
import hashlib
import hmac
import json
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from plaidoyer.campaigns.models import Action
from plaidoyer.core import outbox
from plaidoyer.core.models import AuditLog, OutgoingEmail, Suppression
from plaidoyer.core.suppressions import suppress
from plaidoyer.news import segments, services, tasks
from plaidoyer.news.models import Delivery, Newsletter, OptOut, PressContact, Subscriber

pytestmark = pytest.mark.django_db


def subscribers(n, **fields):
    return Subscriber.objects.bulk_create(
        Subscriber(
            email=f"s{i}@example.org",
            token=f"tok{i}",
            confirmed_at=timezone.now(),
            language="nl" if i % 2 else "fr",
            **fields,
        )
        for i in range(n)
    )


def signer(campaign, email, language="fr", opt_in=True):
    return Action.objects.create(
        campaign=campaign,
        case=campaign.cases.first(),
        kind="letter",
        name="S",
        email=email,
        email_key=email.lower(),
        language=language,
        news_opt_in=opt_in,
        confirmed_at=timezone.now(),
    )


def test_segments_merge_once_per_address_and_leave_out_suppressed(
    campaign, organisation, staff_user
):
    subscribers(3)
    signer(campaign, "S0@example.org")  # also a subscriber: once
    signer(campaign, "signer@example.org", language="de")
    signer(campaign, "quiet@example.org", opt_in=False)
    PressContact.objects.create(name="J", email="press@example.org", language="en")
    OptOut.objects.create(email="s1@example.org")
    suppress(email="s2@example.org", reason="bounced")
    newsletter = Newsletter.objects.create(
        subject_fr="N", signers_of=campaign, to_organisations=True, to_press=True
    )
    emails = [email for email, _l, _s in segments.recipients(newsletter)]
    assert emails == [
        "s0@example.org",
        "signer@example.org",
        staff_user.email,
        "press@example.org",
    ]
    assert segments.counts_by_language(newsletter) == {"fr": 2, "de": 1, "en": 1}
    newsletter.languages = ["fr"]
    assert segments.counts_by_language(newsletter) == {"fr": 2}


def test_registrants_who_ticked_the_box_are_a_segment(make_event, client):
    from plaidoyer.events.models import Registration

    event = make_event(capacity=10, requires_confirmation=False)
    other = make_event(capacity=10, requires_confirmation=False)
    page = client.get(f"/nl/events/{event.slug}/register/").content.decode()
    assert 'name="news_opt_in"' in page
    assert 'name="news_opt_in" checked' not in page  # never ticked for them
    for email, tick in (("yes@example.org", "on"), ("no@example.org", "")):
        client.post(
            f"/nl/events/{event.slug}/register/",
            {"name": "R", "email": email, "news_opt_in": tick, "consent": "on"},
        )
    assert Registration.objects.get(email="yes@example.org").news_opt_in
    assert not Registration.objects.get(email="no@example.org").news_opt_in
    Registration.objects.create(
        event=event,
        name="W",
        email="wait@example.org",
        status="waitlisted",
        news_opt_in=True,
    )
    Registration.objects.create(
        event=other,
        name="O",
        email="other@example.org",
        status="confirmed",
        news_opt_in=True,
    )
    Registration.objects.create(
        event=event,
        name="—",
        email="anonymised-9@invalid",
        status="confirmed",
        news_opt_in=True,
        anonymised_at=timezone.now(),
    )
    suppress(email="bounced@example.org", reason="bounced")
    Registration.objects.create(
        event=event,
        name="B",
        email="bounced@example.org",
        status="confirmed",
        news_opt_in=True,
    )
    newsletter = Newsletter.objects.create(subject_fr="N", to_subscribers=False)
    newsletter.registrants_of.set([event])
    emails = [email for email, _l, _s in segments.recipients(newsletter)]
    assert emails == ["yes@example.org"]
    assert segments.counts_by_language(newsletter) == {"nl": 1}


def test_delivery_is_queued_once_and_marked_sent(coordinator, capture):
    subscribers(5)
    newsletter = Newsletter.objects.create(subject_fr="Nouvelles", subject_nl="Nieuws")
    with capture(execute=True):
        services.send_newsletter(by=coordinator, newsletter=newsletter)
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"s{i}@example.org" for i in range(5)
    ]
    dutch = next(m for m in mail.outbox if m.to == ["s1@example.org"])
    assert dutch.subject == "Nieuws"
    delivery = Delivery.objects.get(email="s1@example.org")
    stop = f"/nl/newsletter/stop/{delivery.token}/"
    assert dutch.extra_headers["List-Unsubscribe"].endswith(f"{stop}>")
    assert dutch.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert stop in dutch.body
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    newsletter.refresh_from_db()
    assert newsletter.status == "sent"
    assert (
        tasks.materialise(newsletter) == 0 and tasks.deliver_batch(newsletter.pk) == 0
    )


def test_a_worker_killed_midway_loses_and_doubles_nothing(monkeypatch):
    subscribers(7)
    newsletter = Newsletter.objects.create(subject_fr="N", status="sending")
    tasks.materialise(newsletter)
    monkeypatch.setattr(outbox, "_inline", lambda: False)  # the outbox only queues
    real = tasks.deliver_many

    def dies_after_handing_over(emails):
        real(emails)
        assert OutgoingEmail.objects.count() == 5  # handed to the outbox...
        raise SystemExit  # ...and the worker is killed before marking them sent

    monkeypatch.setattr(tasks, "deliver_many", dies_after_handing_over)
    with pytest.raises(SystemExit):
        tasks.deliver_batch(newsletter.pk, size=5)
    # Its transaction rolled back: no email queued, every delivery still queued.
    assert not OutgoingEmail.objects.exists()
    assert Delivery.objects.filter(status="queued").count() == 7
    monkeypatch.setattr(tasks, "deliver_many", real)
    assert tasks.deliver_batch(newsletter.pk, size=5) == 5
    assert tasks.deliver_batch(newsletter.pk, size=5) == 2
    assert tasks.deliver_batch(newsletter.pk, size=5) == 0
    outbox.drain()
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"s{i}@example.org" for i in range(7)
    ]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_deliver_each_address_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    subscribers(120)
    newsletter = Newsletter.objects.create(subject_fr="N", status="sending")
    tasks.materialise(newsletter)
    barrier = threading.Barrier(2)

    def work():
        barrier.wait()
        try:
            while tasks.deliver_batch(newsletter.pk, size=7):
                pass
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 120 and len(set(recipients)) == 120
    assert Delivery.objects.filter(status="sent").count() == 120
    assert OutgoingEmail.objects.count() == 120


def test_one_click_unsubscribe_by_delivery_token_stops_every_newsletter(
    client, coordinator, capture
):
    subscribers(2)
    newsletter = Newsletter.objects.create(subject_fr="N")
    with capture(execute=True):
        services.send_newsletter(by=coordinator, newsletter=newsletter)
    delivery = Delivery.objects.get(email="s0@example.org")
    response = client.post(
        f"/fr/newsletter/stop/{delivery.token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == "unsubscribed"
    assert OptOut.objects.filter(email="s0@example.org").exists()
    assert not Subscriber.objects.filter(email="s0@example.org").exists()
    later = Newsletter.objects.create(subject_fr="Plus tard")
    assert [e for e, _l, _s in segments.recipients(later)] == ["s1@example.org"]


def test_bounce_webhook_marks_the_delivery_and_suppresses(client, settings, capture):
    settings.ANYMAIL = {**settings.ANYMAIL, "MAILGUN_WEBHOOK_SIGNING_KEY": "k"}
    subscribers(1)
    newsletter = Newsletter.objects.create(subject_fr="N", status="sending")
    with capture(execute=True):
        tasks.deliver_newsletter.call(newsletter_id=newsletter.pk)
    signature = hmac.new(b"k", b"1" + b"t" * 50, hashlib.sha256).hexdigest()
    body = {
        "signature": {"timestamp": "1", "token": "t" * 50, "signature": signature},
        "event-data": {
            "event": "failed",
            "severity": "permanent",
            "recipient": "s0@example.org",
            "timestamp": 1.0,
        },
    }
    response = client.post(
        "/webhooks/mailgun/tracking/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200
    assert Delivery.objects.get().status == "bounced"
    assert Suppression.objects.filter(email="s0@example.org").exists()


def test_scheduled_newsletter_starts_when_due(coordinator, capture):
    subscribers(2)
    newsletter = Newsletter.objects.create(subject_fr="N")
    at = timezone.now() + datetime.timedelta(hours=1)
    services.schedule_newsletter(by=coordinator, newsletter=newsletter, at=at)
    assert tasks.send_newsletters() == 0 and not mail.outbox
    Newsletter.objects.filter(pk=newsletter.pk).update(
        scheduled_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert tasks.send_newsletters() == 1
    assert len(mail.outbox) == 2
    newsletter.refresh_from_db()
    assert newsletter.status == "sent"


def test_schedule_in_the_past_is_refused(coordinator):
    from django.core.exceptions import ValidationError

    newsletter = Newsletter.objects.create(subject_fr="N")
    with pytest.raises(ValidationError):
        services.schedule_newsletter(
            by=coordinator,
            newsletter=newsletter,
            at=timezone.now() - datetime.timedelta(minutes=1),
        )
    newsletter.refresh_from_db()
    assert newsletter.status == "draft"


# --- Pages -------------------------------------------------------------------------


@pytest.fixture
def other_staff(make_user, make_organisation):
    from plaidoyer.organisations.models import Staff

    user = make_user("other@example.org", full_name="Other Staff")
    Staff.objects.create(user=user, organisation=make_organisation("Autre asbl"))
    return user


def _urls(pk):
    gets = [
        "/fr/newsletters/",
        "/fr/newsletters/new/",
        "/fr/newsletters/suppressed/",
        f"/fr/newsletters/{pk}/",
        f"/fr/newsletters/{pk}/edit/",
    ]
    posts = [
        f"/fr/newsletters/{pk}/test/",
        f"/fr/newsletters/{pk}/send/",
        f"/fr/newsletters/{pk}/schedule/",
        f"/fr/newsletters/{pk}/unschedule/",
        "/fr/newsletters/new/",
    ]
    return gets, posts


@pytest.mark.parametrize("who", ["anonymous", "staff_user", "other_staff"])
def test_only_coordinators_reach_the_newsletter_pages(client, request, who):
    newsletter = Newsletter.objects.create(subject_fr="N")
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    gets, posts = _urls(newsletter.pk)
    expected = 302 if who == "anonymous" else 403
    for url in gets:
        assert client.get(url).status_code == expected, url
    for url in posts:
        assert client.post(url, {"subject_fr": "X"}).status_code == expected, url
    newsletter.refresh_from_db()
    assert newsletter.status == "draft" and Newsletter.objects.count() == 1
    assert not mail.outbox


def test_coordinator_writes_previews_tests_and_sends(client, coordinator, capture):
    subscribers(3)
    client.force_login(coordinator)
    gets, _posts = _urls(0)
    assert client.get("/fr/newsletters/").status_code == 200
    response = client.post(
        "/fr/newsletters/new/",
        {
            "subject_fr": "Nouvelles",
            "subject_nl": "Nieuws",
            "introduction_nl": "Hallo allemaal",
            "to_subscribers": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    newsletter = Newsletter.objects.get()
    page = client.get(f"/fr/newsletters/{newsletter.pk}/?lang=nl").content.decode()
    assert "Hallo allemaal" in page and "Nieuws" in page
    assert "3 " in page  # the real count
    with capture(execute=True):
        client.post(f"/fr/newsletters/{newsletter.pk}/test/")
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    with capture(execute=True):
        assert client.post(f"/fr/newsletters/{newsletter.pk}/send/").status_code == 302
    assert len(mail.outbox) == 4
    assert client.get(f"/fr/newsletters/{newsletter.pk}/").status_code == 200
    # Sent: neither edited nor sent again.
    client.post(f"/fr/newsletters/{newsletter.pk}/send/")
    assert len(mail.outbox) == 4
    assert client.get(f"/fr/newsletters/{newsletter.pk}/edit/").status_code == 302
    assert AuditLog.objects.filter(action="news.save_newsletter").exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"subject_fr": "x" * 100_000, "to_subscribers": "on"},
        {"subject_fr": "N"},  # nobody to send to
        {"subject_fr": "N", "to_subscribers": "on", "signers_of": "99999"},
        {"subject_fr": "N", "to_subscribers": "on", "themes": ["<b>"]},
        {"subject_fr": "N", "to_subscribers": "on", "languages": ["xx"]},
    ],
)
def test_bad_newsletter_input_is_refused(client, coordinator, data):
    client.force_login(coordinator)
    response = client.post("/fr/newsletters/new/", data)
    assert response.status_code == 400
    assert 'class="error' in response.content.decode()
    assert not Newsletter.objects.exists()


def test_bad_schedule_input_changes_nothing(client, coordinator):
    newsletter = Newsletter.objects.create(subject_fr="N")
    client.force_login(coordinator)
    for value in ("", "demain", "1999-01-01T10:00"):
        client.post(
            f"/fr/newsletters/{newsletter.pk}/schedule/", {"scheduled_at": value}
        )
    newsletter.refresh_from_db()
    assert newsletter.status == "draft"
    assert client.get("/fr/newsletters/999999/").status_code == 404
    assert client.get("/fr/newsletters/abc/").status_code == 404


def test_suppression_list_page(client, coordinator):
    suppress(email="gone@example.org", reason="complained")
    client.force_login(coordinator)
    assert (
        "gone@example.org" in client.get("/fr/newsletters/suppressed/").content.decode()
    )


def test_press_contact_is_found_and_erased_as_personal_data():
    from plaidoyer.core import personal_data

    PressContact.objects.create(name="Jo", email="jo@press.example", outlet="Le Soir")
    provider = next(
        p for p in personal_data.providers() if p.kind == "news.press_contact"
    )
    assert provider.find("jo@press.example")[0]["outlet"] == "Le Soir"
    assert provider.erase("jo@press.example") == 1
    assert not PressContact.objects.exists()
