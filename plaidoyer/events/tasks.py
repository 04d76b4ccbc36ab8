"""Emails and periodic work for events, run by the worker."""

from __future__ import annotations

import datetime
import io

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from plaidoyer.core import periodic
from plaidoyer.core.mail import Attachment, send_email

from . import services
from .ical import calendar
from .models import Event, OrganiserMessage, Question, Registration
from .selectors import waitlist_position

Status = Registration.Status


def _context(registration: Registration) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "personal_url": settings.SITE_URL + registration.get_absolute_url(),
        "confirm_url": settings.SITE_URL
        + reverse("events:confirm", kwargs={"token": registration.token}),
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "position": waitlist_position(registration),
    }


def qr_png(registration: Registration) -> bytes:
    """A QR code of the organiser's check-in address for this registration."""
    import segno

    url = settings.SITE_URL + reverse(
        "events:check_in_token",
        kwargs={"slug": registration.event.slug, "token": registration.token},
    )
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def _send(
    registration: Registration,
    template: str,
    extra: dict | None = None,
    *,
    key: str | None = None,
) -> None:
    """Send ``events/email/<template>`` to the registrant, in their language; the
    confirmation and the promotion carry the calendar entry and the check-in code."""

    def attachments() -> list[Attachment]:
        if template not in ("confirmed", "promoted"):
            return []
        event = registration.event
        # In the registrant's language too: its kind, addresses and texts.
        return [
            (f"{event.slug}.ics", calendar([event], name=event.title), "text/calendar"),
            ("check-in.png", qr_png(registration), "image/png"),
        ]

    send_email(
        to=registration.email,
        template=f"events/email/{template}",
        context=lambda: {**_context(registration), **(extra or {})},
        language=registration.language,
        attachments=attachments,
        key=key,
    )


@task()
def send_registration_email(*, registration_id: int, template: str) -> None:
    registration = (
        Registration.objects.select_related("event")
        .filter(pk=registration_id, anonymised_at__isnull=True)
        .first()
    )
    if registration is None:
        return
    _send(registration, template)


def _send_link_once(registration_id: int) -> bool:
    """Send the current link unless this version was already sent; True if sent.

    The claim (a conditional UPDATE) and the email share a transaction: a second
    worker waits on the row lock, then finds the version already claimed.
    """
    with transaction.atomic():
        registration = (
            Registration.objects.select_related("event")
            .filter(pk=registration_id)
            .first()
        )
        if registration is None:
            return False
        event = registration.event
        claimed = Registration.objects.filter(
            pk=registration.pk,
            status__in=[Status.CONFIRMED, Status.ATTENDED],
            link_sent_version__lt=event.link_version,
            anonymised_at__isnull=True,
        ).update(link_sent_version=event.link_version)
        if not claimed or not services.link_is_due(event):
            transaction.set_rollback(True)
            return False
        # Keyed: a repeated claim of this version could never queue it twice.
        _send(
            registration,
            "link",
            key=f"events.link:{registration.pk}:{event.link_version}",
        )
        return True


@task()
def send_link(*, registration_id: int) -> bool:
    return _send_link_once(registration_id)


@task()
def send_organiser_message(*, message_id: int) -> int:
    message = OrganiserMessage.objects.select_related("event").get(pk=message_id)
    sent = 0
    for registration in message.event.registrations.filter(
        status__in=[
            Status.PENDING,
            Status.CONFIRMED,
            Status.WAITLISTED,
            Status.ATTENDED,
        ],
        anonymised_at__isnull=True,
    ).select_related("event"):
        # Keyed: a run repeated after a killed worker skips who has it already.
        _send(
            registration,
            "organiser_message",
            {"message": message},
            key=f"events.message:{message.pk}:{registration.pk}",
        )
        sent += 1
    return sent


@periodic.register("events.expire_pending")
def expire_pending() -> int:
    return services.expire_pending()


@periodic.register("events.dispatch_links")
def dispatch_links(now: datetime.datetime | None = None) -> int:
    """Send the connection link to every confirmed registrant whose time has come."""
    now = now or timezone.now()
    due = [
        e
        for e in Event.objects.filter(
            mode__in=[Event.Mode.ONLINE, Event.Mode.HYBRID],
            ends_at__gt=now,
            starts_at__lte=now + datetime.timedelta(days=2),
        ).exclude(online_url="")
        if services.link_is_due(e, now)
    ]
    sent = 0
    for event in due:
        for pk in event.registrations.filter(
            status__in=[Status.CONFIRMED, Status.ATTENDED],
            link_sent_version__lt=event.link_version,
        ).values_list("pk", flat=True):
            sent += _send_link_once(pk)
    return sent


@periodic.register("events.send_reminders")
def send_reminders(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    events = Event.objects.filter(
        starts_at__gt=now, starts_at__lte=now + datetime.timedelta(days=30)
    )
    for event in events:
        if event.starts_at - datetime.timedelta(hours=event.reminder_lead_hours) > now:
            continue
        for pk in event.registrations.filter(
            status=Status.CONFIRMED, reminder_sent_at__isnull=True
        ).values_list("pk", flat=True):
            with transaction.atomic():
                claimed = Registration.objects.filter(
                    pk=pk, reminder_sent_at__isnull=True
                ).update(reminder_sent_at=now)
                if claimed:
                    registration = Registration.objects.select_related("event").get(
                        pk=pk
                    )
                    _send(registration, "reminder")
                    sent += 1
    return sent


@periodic.register("events.anonymise")
def anonymise() -> int:
    return services.anonymise_past()


# --- After the event ---------------------------------------------------------------


def _email_certificate(registration: Registration, key: str | None) -> None:
    from .pdf import certificate_pdf

    certificate = services.issue_certificate(registration=registration)
    send_email(
        to=registration.email,
        template="events/email/certificate",
        context=lambda: {
            **_context(registration),
            "certificate_url": settings.SITE_URL + certificate.get_absolute_url(),
        },
        language=registration.language,
        attachments=lambda: [
            (
                f"{registration.event.slug}-certificate.pdf",
                certificate_pdf(certificate),
                "application/pdf",
            )
        ],
        key=key,
    )


@task()
def send_certificate(*, registration_id: int) -> None:
    """One attendee asked for their certificate (limited per day by the service)."""
    registration = (
        Registration.objects.select_related("event")
        .filter(pk=registration_id, status=Status.ATTENDED, anonymised_at__isnull=True)
        .first()
    )
    if registration is not None:
        _email_certificate(registration, key=None)


@task()
def send_all_certificates(*, event_id: int) -> int:
    """Every attendee's certificate; keyed, so a repeated run or a second click
    sends nobody theirs twice."""
    sent = 0
    event = Event.objects.get(pk=event_id)
    for registration in services.attendees_of(event).select_related("event"):
        _email_certificate(registration, key=f"events.certificate:{registration.pk}")
        sent += 1
    return sent


def _invite_to_evaluation(registration_id: int, now: datetime.datetime) -> bool:
    """Claim and send one evaluation invitation; the claim and the email share a
    transaction, so two workers never both send it."""
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration_id,
            status=Status.ATTENDED,
            evaluation_sent_at__isnull=True,
            anonymised_at__isnull=True,
        ).update(evaluation_sent_at=now)
        if not claimed:
            return False
        registration = Registration.objects.select_related("event").get(
            pk=registration_id
        )
        _send(
            registration,
            "evaluation",
            {
                "evaluation_url": settings.SITE_URL
                + reverse("events:evaluation", kwargs={"token": registration.token})
            },
            key=f"events.evaluation:{registration_id}",
        )
        return True


@task()
def send_evaluations(*, event_id: int) -> int:
    now = timezone.now()
    event = Event.objects.get(pk=event_id)
    pks = services.attendees_of(event).filter(evaluation_sent_at__isnull=True)
    return sum(
        _invite_to_evaluation(pk, now) for pk in pks.values_list("pk", flat=True)
    )


@periodic.register("events.dispatch_evaluations")
def dispatch_evaluations(now: datetime.datetime | None = None) -> int:
    """Invite attendees to the evaluation some hours after the end (within two
    weeks: an older event is not evaluated any more)."""
    now = now or timezone.now()
    ended_before = now - datetime.timedelta(hours=settings.EVENT_EVALUATION_DELAY_HOURS)
    sent = 0
    for event in Event.objects.filter(
        ends_at__lte=ended_before,
        ends_at__gt=now - datetime.timedelta(days=14),
        questions__purpose=Question.Purpose.EVALUATION,
    ).distinct():
        pks = services.attendees_of(event).filter(evaluation_sent_at__isnull=True)
        for pk in pks.values_list("pk", flat=True):
            sent += _invite_to_evaluation(pk, now)
    return sent


@periodic.register("events.purge_certificates")
def purge_certificates() -> int:
    return services.purge_certificates()
