"""Every write to events and registrations.

Capacity rule: ``Event.seats_taken`` counts pending, confirmed and attended
registrations and is only changed here, while holding the event row's lock
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions serialise
writers). A database constraint backs it: seats_taken can never pass capacity.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plaidoyer.accounts.models import User
from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core import audit, ratelimit
from plaidoyer.core.approval import (
    Approval,
    notify_proposer,
)
from plaidoyer.core.html import clean_text
from plaidoyer.core.models import model_max_length
from plaidoyer.core.ratelimit import Limit
from plaidoyer.core.text import search_blob
from plaidoyer.core.versions import Version
from plaidoyer.organisations.models import Language, Organisation, Staff, Theme
from plaidoyer.organisations.selectors import is_staff_of_trusted

from . import selectors
from .models import (
    RATINGS,
    Certificate,
    EvaluationResponse,
    Event,
    OrganiserMessage,
    Question,
    Registration,
    Session,
)
from .permissions import can_create_events, can_manage_event

MAX_TEXT = 2000
PENDING_HOURS = 48
# One "you are already registered" email per address and event in this time.
KNOWN_EMAIL_WINDOW = 3600
# What a change of an event makes stale: the agenda, its page, its form.
STALE = [Version.EVENTS]
Status = Registration.Status


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


# Per process, the last answer _claim_seat got for an event: True when it was full.
_LOOKED_FULL: dict[int, bool] = {}


def _claim_seat(event: Event, *, pending: bool) -> Registration.Status:
    """Take a seat, or else a place on the waiting list, by conditional UPDATEs.

    The database checks the capacity and counts in the statement itself, and the
    row stays locked until the transaction commits: concurrent registrations queue
    there for a moment instead of holding a lock over the whole registration.
    Which to try first is only a hint: the last answer this process got for the
    event, else the counts in ``event`` (which may be cached). A full event mostly
    stays full: one statement for each newcomer to its waiting list.
    """
    seats = Event.objects.filter(pk=event.pk)
    free = Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity"))

    def take_seat():
        taken = seats.filter(free).update(seats_taken=F("seats_taken") + 1)
        _LOOKED_FULL[event.pk] = not taken
        if taken:
            return Status.PENDING if pending else Status.CONFIRMED
        return None

    def join_waiting_list():
        if seats.filter(~free, waitlist_enabled=True).update(
            waitlist_length=F("waitlist_length") + 1
        ):
            _LOOKED_FULL[event.pk] = True
            return Status.WAITLISTED
        return None

    if len(_LOOKED_FULL) > 1000:
        _LOOKED_FULL.clear()
    looks_full = _LOOKED_FULL.get(event.pk)
    if looks_full is None:
        looks_full = event.capacity is not None and event.seats_taken >= event.capacity
    order = (
        (join_waiting_list, take_seat) if looks_full else (take_seat, join_waiting_list)
    )
    # Twice: a cancellation between two statements can change the answer once.
    for claim in order * 2:
        status = claim()
        if status:
            return status
    raise ValidationError(_("This event is full."), code="full")


def _registration_row(registration: Registration) -> dict:
    # No personal data in the audit log: registrants' data must stay erasable.
    return {
        "id": registration.pk,
        "event": registration.event_id,
        "status": registration.status,
    }


def _audit_registration(
    action: str, registration: Registration, by: User | None = None
) -> None:
    """One row per registration a write moved on (several for one cancellation)."""
    audit.record(
        by=by,
        action=action,
        target_type="events.registration",
        after=_registration_row(registration),
    )


def registration_problem(event: Event, now: datetime.datetime) -> str | None:
    """Return why the public cannot register now, or None."""
    if not event.registration_enabled or not event.is_published:
        return _("Registration is not open for this event.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration opens on %(date)s.") % {
            "date": timezone.localtime(event.registration_opens_at).strftime(
                "%d/%m/%Y %H:%M"
            )
        }
    if event.registration_closes_at and now >= event.registration_closes_at:
        return _("Registration is closed.")
    if now >= event.starts_at:
        return _("This event has already started.")
    return None


@dataclass
class Answers:
    values: dict
    errors: dict


def clean_answers(
    questions: Iterable[Question], raw: dict, *, require: bool = True
) -> Answers:
    """Check answers against ``questions``: required (unless ``require`` is off: an
    organiser adding someone by hand may not know their answers), known choices,
    ratings from 1 to 5, length."""
    values, errors = {}, {}
    for question in questions:
        key = str(question.pk)
        value = raw.get(key)
        if question.kind == Question.Kind.MULTIPLE_CHOICE:
            value = [v for v in (value or []) if v]
            unknown = [v for v in value if v not in question.choice_list()]
            if unknown:
                errors[key] = _("Choose among the proposed answers.")
        elif question.kind == Question.Kind.CHECKBOX:
            value = bool(value)
        else:
            value = (value or "").strip() if isinstance(value, str) else ""
            if len(value) > MAX_TEXT:
                errors[key] = _("At most %(max)d characters.") % {"max": MAX_TEXT}
            if (
                question.kind == Question.Kind.SINGLE_CHOICE
                and value
                and value not in question.choice_list()
            ):
                errors[key] = _("Choose among the proposed answers.")
            if question.kind == Question.Kind.RATING and value not in ("", *RATINGS):
                errors[key] = _("Choose a rating from 1 to 5.")
        if require and question.required and not value:
            errors[key] = _("This answer is required.")
        values[key] = value
    return Answers(values, errors)


def register_participant(
    *,
    event: Event,
    name: str,
    email: str,
    organisation_name: str = "",
    answers: dict | None = None,
    accessibility_needs: str = "",
    language: str = "fr",
    by: User | None = None,
    ip: str | None = None,
    news_opt_in: bool = False,
) -> tuple[Registration, bool]:
    """Register someone; return (registration, created).

    The same address gets its existing registration back. With ``by`` (an
    organiser adding someone by hand) the registration window does not apply and
    no email confirmation is asked. With ``ip`` (the public form), past the
    per-IP limits it raises RateLimited; past the pending ones from that IP for
    the event, the registration is held for review and takes no seat.
    """
    now = timezone.now()
    if by is not None and not can_manage_event(by, event):
        raise PermissionDenied
    held = bool(ip) and by is None and _over_ip_limits(event, ip or "")
    email = normalise_email(email)
    fields = _registration_fields(
        event,
        name=name,
        email=email,
        organisation_name=organisation_name,
        answers=answers,
        accessibility_needs=accessibility_needs,
        language=language,
        by=by,
    )
    fields["news_opt_in"] = bool(news_opt_in) and by is None  # the person's own tick
    try:
        # A new address is the common case: insert first, and let the unique
        # constraint on event and email say when the address is known (the seat
        # taken goes back with the rolled-back transaction). No savepoint: the
        # transaction is the whole registration.
        with transaction.atomic():
            return _take_place(
                event, Registration(event=event, email=email), fields, now, by, held
            ), True
    except IntegrityError as exc:
        refused = exc
    except ValidationError:
        # Closed or full. An organiser learns that the address is registered; the
        # public gets the answer a new address gets, the rest by email.
        known = _known_registration(event, email, notify=by is None)
        if known is None or by is None:
            raise
        return known, False
    known = _known_registration(event, email, notify=by is None)
    if known is not None:
        return known, False
    return _revive(event, email, fields, now, by, refused, held)


def _over_ip_limits(event: Event, ip: str) -> bool:
    """Count a public registration from ``ip``: raise RateLimited past the hourly
    limits; return True when too many from it wait for confirmation for this
    event (the next are held for review instead of holding seats for 48 hours)."""
    source = ratelimit.digest(ip)
    limits = [
        Limit(
            f"events.register:{event.pk}:{source}",
            settings.EVENT_REGISTRATIONS_PER_IP_AND_EVENT,
            3600,
        ),
        Limit(f"events.register:{source}", settings.EVENT_REGISTRATIONS_PER_IP, 3600),
    ]
    pending = Limit(
        f"events.pending:{event.pk}:{source}",
        settings.EVENT_PENDING_PER_IP,
        PENDING_HOURS * 3600,
    )
    if event.requires_confirmation:
        limits.append(pending)
    spent = ratelimit.over(*limits)
    if any(limit is not pending for limit in spent):
        raise ratelimit.RateLimited(", ".join(limit.key for limit in spent))
    return bool(spent)


def _registration_fields(
    event: Event,
    *,
    name: str,
    email: str,
    organisation_name: str,
    answers: dict | None,
    accessibility_needs: str,
    language: str,
    by: User | None,
) -> dict:
    """The registration's fields, checked (every error at once) and cleaned."""
    errors = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid email address.")
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Enter your name.")
    for field, value in (("name", name), ("organisation_name", organisation_name)):
        if len(value) > (limit := model_max_length(Registration, field)):
            errors[field] = _("At most %(max)d characters.") % {"max": limit}
    if len(accessibility_needs) > MAX_TEXT:
        errors["accessibility_needs"] = _("At most %(max)d characters.") % {
            "max": MAX_TEXT
        }
    cleaned = clean_answers(
        selectors.questions_of(event), answers or {}, require=by is None
    )
    errors.update({f"q_{k}": v for k, v in cleaned.errors.items()})
    if errors:
        raise ValidationError(errors)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return {
        "name": name,
        "organisation_name": organisation_name.strip(),
        "answers": cleaned.values,
        "accessibility_needs": accessibility_needs.strip(),
        "language": language,
        "added_by_organiser": by is not None,
    }


def _revive(
    event: Event,
    email: str,
    fields: dict,
    now: datetime.datetime,
    by: User | None,
    refused: IntegrityError,
    held: bool = False,
) -> tuple[Registration, bool]:
    """A cancelled registration comes back, at the back of the queue."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(event=event, email=email)
            .first()
        )
        if registration is None:  # not the address: some other constraint
            raise refused
        if registration.status != Status.CANCELLED:  # revived at this instant
            return registration, False
        registration.created_at = now
        registration.cancelled_at = None
        return _take_place(event, registration, fields, now, by, held), True


def _known_registration(
    event: Event, email: str, *, notify: bool = True
) -> Registration | None:
    """The live registration of this address; its personal page is sent again
    (``notify``) when the person registered again, not when an organiser did: at
    most once an hour, so that a stranger cannot flood the address."""
    existing = Registration.objects.filter(event=event, email=email).first()
    if existing is None or existing.status == Status.CANCELLED:
        return None
    if notify:
        try:
            ratelimit.hit(
                Limit(
                    f"events.known:{event.pk}:{ratelimit.digest(email)}",
                    1,
                    KNOWN_EMAIL_WINDOW,
                )
            )
        except ratelimit.RateLimited:
            return existing
        _notify(existing, "already_registered")
    return existing


def _take_place(
    event: Event,
    registration: Registration,
    fields: dict,
    now: datetime.datetime,
    by: User | None,
    held: bool = False,
) -> Registration:
    """In a transaction: claim a seat or a place on the waiting list (or, when
    ``held``, neither) and save."""
    if by is None:
        problem = registration_problem(event, now)
        if problem:
            raise ValidationError(problem, code="closed")
    needs_confirmation = event.requires_confirmation and by is None
    status = Status.HELD if held else _claim_seat(event, pending=needs_confirmation)
    for field, value in fields.items():
        setattr(registration, field, value)
    registration.status = status
    registration.confirmed_at = None if needs_confirmation else now
    registration.expires_at = _expiry(event, now) if status == Status.PENDING else None
    registration.save()
    _audit_registration("events.register", registration, by=by)
    _notify(
        registration,
        {
            Status.PENDING: "confirm_email",
            Status.CONFIRMED: "confirmed",
            Status.WAITLISTED: "waitlisted",
            Status.HELD: "held",
        }[status],
    )
    return registration


@transaction.atomic
def release_registration(*, by: User, registration: Registration) -> Registration:
    """An organiser lets a registration held for review through: it takes a seat
    (waiting for confirmation) or a place on the waiting list, as if it came now."""
    with audit.action(
        "events.release",
        by=by,
        allowed=can_manage_event(by, registration.event),
        target_type="events.registration",
    ) as change:
        event = _locked(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status != Status.HELD:
            raise ValidationError(_("This registration is not held for review."))
        pending = event.requires_confirmation and registration.confirmed_at is None
        status = _claim_seat(event, pending=pending)
        registration.status = status
        registration.expires_at = (
            _expiry(event, timezone.now()) if status == Status.PENDING else None
        )
        if status == Status.CONFIRMED and registration.confirmed_at is None:
            registration.confirmed_at = timezone.now()
        registration.save(update_fields=["status", "expires_at", "confirmed_at"])
        change.after = _registration_row(registration)
    _notify(
        registration,
        {
            Status.PENDING: "confirm_email",
            Status.CONFIRMED: "confirmed",
            Status.WAITLISTED: "waitlisted",
        }[status],
    )
    return registration


def _expiry(event: Event, now: datetime.datetime) -> datetime.datetime:
    return min(now + datetime.timedelta(hours=PENDING_HOURS), event.starts_at)


def _notify(registration: Registration, template: str) -> None:
    from .tasks import send_link, send_registration_email

    registration_id = registration.pk
    transaction.on_commit(
        lambda: send_registration_email.enqueue(
            registration_id=registration_id, template=template
        )
    )
    if template in ("confirmed", "promoted") and link_is_due(registration.event):
        # Late registrants and late promotions get the link at once.
        transaction.on_commit(
            lambda: send_link.enqueue(registration_id=registration_id)
        )


def link_is_due(event: Event, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return bool(
        event.is_online
        and event.online_url
        and event.starts_at - datetime.timedelta(minutes=event.link_lead_minutes)
        <= now
        < event.ends_at
    )


@transaction.atomic
def confirm_registration(*, token: str) -> tuple[Registration | None, str]:
    """Confirm an email address; return (registration, outcome).

    Outcomes: "confirmed", "already" (a replayed link), "waitlisted" (address
    confirmed, still waiting for a seat), "expired" (too late, the seat was freed).
    """
    registration = (
        Registration.objects.filter(token=token).select_related("event").first()
    )
    if registration is None:
        return None, "unknown"
    _locked(registration.event)
    registration = Registration.objects.select_related("event").get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        return registration, "expired"
    if registration.confirmed_at is not None:
        return registration, "already"
    registration.confirmed_at = timezone.now()
    registration.expires_at = None
    if registration.status == Status.PENDING:
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["confirmed_at", "expires_at", "status"])
        _audit_registration("events.confirm", registration)
        _notify(registration, "confirmed")
        return registration, "confirmed"
    registration.save(update_fields=["confirmed_at", "expires_at"])
    return registration, "waitlisted"


def _free_seat_and_promote(event: Event) -> list[Registration]:
    """With ``event`` locked: give free seats to the first people waiting."""
    promoted = []
    while event.waitlist_enabled and (
        event.capacity is None or event.seats_taken < event.capacity
    ):
        first = (
            Registration.objects.filter(event=event, status=Status.WAITLISTED)
            .order_by("created_at", "id")
            .first()
        )
        if first is None:
            break
        _seat(event, first)
        promoted.append(first)
    event.save(update_fields=["seats_taken", "waitlist_length"])
    return promoted


def _seat(event: Event, registration: Registration, *, by: User | None = None) -> None:
    needs_confirmation = (
        event.requires_confirmation and registration.confirmed_at is None
    )
    registration.status = Status.PENDING if needs_confirmation else Status.CONFIRMED
    registration.expires_at = (
        _expiry(event, timezone.now()) if needs_confirmation else None
    )
    registration.save(update_fields=["status", "expires_at"])
    event.seats_taken += 1
    event.waitlist_length -= 1
    _audit_registration("events.promote", registration, by=by)
    _notify(registration, "promoted" if not needs_confirmation else "confirm_email")


@transaction.atomic
def cancel_registration(
    *, registration: Registration, by: User | None = None, reason: str = "cancelled"
) -> Registration:
    """Cancel (by the registrant's token, an organiser, or expiry) and promote the next."""
    with audit.action(
        f"events.{reason}",
        by=by,
        allowed=by is None or can_manage_event(by, registration.event),
        target_type="events.registration",
    ) as change:
        event = _locked(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            change.skip()
            return registration
        if registration.status in Registration.SEATED:
            event.seats_taken -= 1
        elif registration.status == Status.WAITLISTED:
            event.waitlist_length -= 1
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.expires_at = None
        registration.save(update_fields=["status", "cancelled_at", "expires_at"])
        change.after = _registration_row(registration)
    if reason == "cancelled":
        _notify(registration, "cancelled")
    _free_seat_and_promote(event)
    return registration


@transaction.atomic
def promote_registration(*, by: User, registration: Registration) -> bool:
    """Give a seat to a chosen person on the waiting list (organisers); return
    whether a seat had to be added for them.

    A freed seat goes to the head of the queue at once, so a full event is the
    usual case: the organiser's choice then adds one seat to the capacity.
    """
    with audit.action(
        "events.add_seat",
        by=by,
        allowed=can_manage_event(by, registration.event),
        versions=STALE,
    ) as change:
        event = _locked(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status != Status.WAITLISTED:
            raise ValidationError(_("Only people on the waiting list can be promoted."))
        added = event.capacity is not None and event.seats_taken >= event.capacity
        if event.capacity is not None and added:
            change.target = event
            change.before = {"capacity": event.capacity}
            change.after = {"capacity": event.capacity + 1}
            event.capacity += 1
        else:
            change.no_row()
    _seat(event, registration, by=by)  # the promotion's own row
    event.save(update_fields=["capacity", "seats_taken", "waitlist_length"])
    return added


@transaction.atomic
def check_in(*, by: User, registration: Registration) -> Registration:
    with audit.action(
        "events.check_in",
        by=by,
        allowed=can_manage_event(by, registration.event),
        target_type="events.registration",
    ) as change:
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in (
            Status.CONFIRMED,
            Status.ATTENDED,
            Status.PENDING,
        ):
            raise ValidationError(
                _("This person has no seat (status: %(status)s).")
                % {"status": registration.get_status_display()}
            )
        if registration.status == Status.ATTENDED:
            change.skip()  # checked in already: nothing changes
            return registration
        registration.status = Status.ATTENDED
        registration.checked_in_at = timezone.now()
        registration.confirmed_at = (
            registration.confirmed_at or registration.checked_in_at
        )
        registration.expires_at = None
        registration.save(
            update_fields=["status", "checked_in_at", "confirmed_at", "expires_at"]
        )
        change.after = _registration_row(registration)
    return registration


@transaction.atomic
def update_event_settings(
    *,
    by: User,
    event: Event,
    capacity: int | None | Literal["unchanged"] = "unchanged",
    online_url: str | None = None,
) -> Event:
    """Change capacity or the connection link; promotes people and resends the link."""
    with audit.action(
        "events.update_settings",
        by=by,
        allowed=can_manage_event(by, event),
        fields=["capacity", "online_url", "link_version"],
        versions=STALE,
    ) as change:
        change.target = event = _locked(event)
        change.before = change.snapshot(event)
        _change_settings(event, capacity=capacity, online_url=online_url)
    _free_seat_and_promote(event)
    return event


def _change_settings(
    event: Event, *, capacity: int | None | Literal["unchanged"], online_url: str | None
) -> None:
    if capacity != "unchanged":
        if capacity is not None and capacity < event.seats_taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(taken)d seats are already taken: the capacity cannot be lower."
                    )
                    % {"taken": event.seats_taken}
                }
            )
        event.capacity = capacity
    if online_url is not None and online_url != event.online_url:
        event.online_url = online_url
        event.link_version += 1  # the row is locked: no lost update
    event.full_clean(exclude=["image", "slug"])
    event.save()
    event.refresh_from_db()


@transaction.atomic
def message_registrants(
    *, by: User, event: Event, subject: str, body: str
) -> OrganiserMessage:
    with audit.action(
        "events.message", by=by, allowed=can_manage_event(by, event)
    ) as change:
        if not subject.strip() or not body.strip():
            raise ValidationError(_("Write a subject and a message."))
        if len(body) > 10_000:
            raise ValidationError(_("The message is too long."))
        change.target = message = OrganiserMessage.objects.create(
            event=event,
            subject=subject.strip()[: model_max_length(OrganiserMessage, "subject")],
            body=body.strip(),
            sent_by=by,
        )
        change.after = {"subject": message.subject}
    from .tasks import send_organiser_message

    transaction.on_commit(lambda: send_organiser_message.enqueue(message_id=message.pk))
    return message


@dataclass(frozen=True)
class SessionData:
    """One session of an event held over several dates, as a form gives it."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    label: str = ""


MAX_SESSIONS = 50
# What a copy of an event does not take over: its identity, counters and review.
NOT_COPIED = {
    "id",
    "slug",
    "seats_taken",
    "waitlist_length",
    "reminder_sent_at",
    "link_version",
    "search_text",
    "created_at",
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_closes_at",
    "is_published",
    "approval",
    "refusal_reason",
    "proposed_by",
    "reviewed_at",
}


@transaction.atomic
def save_event(
    *,
    by: User,
    event: Event,
    organisers: Iterable[Organisation],
    themes: Iterable[Theme] = (),
    languages: Iterable[Language] = (),
    sessions: Iterable[SessionData] | None = None,
) -> Event:
    """Create or change an event.

    Coordinators may save any event; staff of one of its organisers may save it
    (co-organisers' staff too) as long as one of their organisations stays among
    the organisers. An event that member staff propose waits for a coordinator's
    approval (unpublished) unless one of their organisations among the organisers
    is trusted; once approved, later edits stay approved. ``sessions``: the
    event's whole list of sessions, replacing the old one (None: unchanged).
    """
    organisers = list(organisers)
    sessions = None if sessions is None else list(sessions)
    with audit.action(
        "events.save",
        by=by,
        allowed=_may_save_event(by, event, organisers),
        target=event,
        fields="__all__",
        stored=True,
        versions=STALE,
    ) as change:
        _check_event(event, organisers, sessions)
        if event.pk is None:
            event.proposed_by = by
        _set_approval(by, event, organisers)
        _fill_default_language(event)
        if not event.slug:
            event.slug = _free_slug(event)
        event.full_clean(exclude=["image"] if not event.image else None)
        event.save()
        event.organisers.set(organisers)
        save_search_text(event)
        event.themes.set(themes)
        event.languages.set(languages)
        if sessions is not None:
            _replace_sessions(event, sessions)
        change.target = event
    return event


def _may_save_event(by: User, event: Event, organisers: list[Organisation]) -> bool:
    """Coordinators may; others only for events one of their organisations
    organises, before and after the change."""
    if is_coordinator(by):
        return True
    if not can_create_events(by):
        return False
    own = set(Staff.objects.filter(user=by).values_list("organisation_id", flat=True))
    return bool(own & {o.pk for o in organisers}) and (
        not event.pk or can_manage_event(by, event)
    )


def _needs_approval(by: User, organisers: list[Organisation]) -> bool:
    return not is_coordinator(by) and not is_staff_of_trusted(
        by, [o.pk for o in organisers]
    )


def _set_approval(by: User, event: Event, organisers: list[Organisation]) -> None:
    """New events, and refused or pending ones changed by their organisers, are
    (re)submitted: approved at once for coordinators and trusted organisations,
    waiting for approval otherwise. A coordinator's edit of a proposal leaves its
    state alone: approving it is a decision of its own (with an email)."""
    if event.pk and (event.approval == Approval.APPROVED or is_coordinator(by)):
        pass
    elif _needs_approval(by, organisers):
        event.approval = Approval.PENDING
        event.refusal_reason = ""
    elif event.approval != Approval.APPROVED:
        event.approval = Approval.APPROVED
        if event.pk:  # a trusted organisation resubmits: it goes public
            event.is_published = True
    if event.approval != Approval.APPROVED:
        event.is_published = False  # public once approved


def _check_event(
    event: Event, organisers: list[Organisation], sessions: list[SessionData] | None
) -> None:
    errors: dict[str, list[str]] = {}
    if not organisers:
        errors.setdefault("organisers", []).append(_("Choose the organisers."))
    if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
        errors.setdefault("ends_at", []).append(
            _("The event cannot end before it starts.")
        )
    langs = [code for code, _name in settings.LANGUAGES]
    if not any((getattr(event, f"title_{c}", "") or "").strip() for c in langs):
        errors.setdefault("title_fr", []).append(
            _("Give the event a title in at least one language.")
        )
    for session in sessions or ():
        if session.ends_at < session.starts_at:
            errors.setdefault("__all__", []).append(
                _("A session cannot end before it starts.")
            )
            break
    if sessions is not None and len(sessions) > MAX_SESSIONS:
        errors.setdefault("__all__", []).append(
            _("An event has at most %(n)s sessions.") % {"n": MAX_SESSIONS}
        )
    if errors:
        raise ValidationError(errors)


def _fill_default_language(event: Event) -> None:
    """An event written in Dutch only still has a title in the fallback language."""
    langs = [code for code, _name in settings.LANGUAGES]
    for field in ("title", "description"):
        default = f"{field}_{settings.LANGUAGE_CODE}"
        if not getattr(event, default, ""):
            for code in langs:
                value = getattr(event, f"{field}_{code}", "")
                if value:
                    setattr(event, default, value)
                    break


# Paths under /events/ that are pages, not events.
RESERVED_SLUGS = {"new", "create", "mine", "agenda-ics", "registration"}


def _free_slug(event: Event) -> str:
    base = slugify(event.title_fr or event.title or "")[:180] or "event"
    slug, n = base, 2
    while (
        slug in RESERVED_SLUGS
        or Event.objects.filter(slug=slug).exclude(pk=event.pk).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _replace_sessions(event: Event, sessions: list[SessionData]) -> None:
    event.sessions.all().delete()
    Session.objects.bulk_create(
        Session(
            event=event,
            label_fr=session.label,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
        )
        for session in sessions
    )


@transaction.atomic
def copy_event(
    *,
    by: User,
    event: Event,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
) -> Event:
    """Make a new, unpublished event with ``event``'s fields, organisers, themes,
    languages and questions, on new dates; its sessions move with it."""
    if not can_manage_event(by, event):
        raise PermissionDenied
    copy = Event(
        **{
            f.attname: getattr(event, f.attname)
            for f in Event._meta.concrete_fields
            if f.attname not in NOT_COPIED
        },
        starts_at=starts_at,
        ends_at=ends_at,
        is_published=False,
    )
    shift = starts_at - event.starts_at
    copy = save_event(
        by=by,
        event=copy,
        organisers=list(event.organisers.all()),
        themes=list(event.themes.all()),
        languages=list(event.languages.all()),
        sessions=[
            SessionData(
                starts_at=s.starts_at + shift,
                ends_at=s.ends_at + shift,
                label=s.label_fr or "",
            )
            for s in event.sessions.all()
        ],
    )
    Question.objects.bulk_create(
        Question(
            event=copy,
            **{
                f.attname: getattr(q, f.attname)
                for f in Question._meta.concrete_fields
                if f.attname not in ("id", "event_id")
            },
        )
        for q in event.questions.all()
    )
    return copy


REVIEWED_STALE = [Version.EVENTS, Version.SITE]
MAX_REASON = 2000


@transaction.atomic
def approve_event(*, by: User, event: Event) -> Event:
    """Publish an event member staff proposed, and tell the proposer."""
    event = _locked(event)
    with audit.action(
        "events.approve",
        by=by,
        allowed=is_coordinator(by),
        target=event,
        fields=["approval", "is_published"],
        versions=REVIEWED_STALE,
    ):
        if event.approval != Approval.PENDING:
            raise ValidationError(_("This proposal has already been reviewed."))
        event.approval = Approval.APPROVED
        event.is_published = True
        event.refusal_reason = ""
        event.reviewed_at = timezone.now()
        event.save(
            update_fields=["approval", "is_published", "refusal_reason", "reviewed_at"]
        )
        notify_proposer(event, url=event.get_absolute_url())
    return event


@transaction.atomic
def refuse_event(*, by: User, event: Event, reason: str) -> Event:
    """Refuse an event member staff proposed, with the reason emailed to them."""
    event = _locked(event)
    with audit.action(
        "events.refuse",
        by=by,
        allowed=is_coordinator(by),
        target=event,
        fields=["approval", "refusal_reason"],
        versions=REVIEWED_STALE,
    ):
        reason = clean_text(reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Say why the proposal is refused.")})
        if len(reason) > MAX_REASON:
            raise ValidationError(
                {
                    "reason": _("Keep the reason under %(n)s characters.")
                    % {"n": MAX_REASON}
                }
            )
        if event.approval != Approval.PENDING:
            raise ValidationError(_("This proposal has already been reviewed."))
        event.approval = Approval.REFUSED
        event.is_published = False
        event.refusal_reason = reason
        event.reviewed_at = timezone.now()
        event.save(
            update_fields=["approval", "is_published", "refusal_reason", "reviewed_at"]
        )
        notify_proposer(event, url=reverse("events:edit", kwargs={"slug": event.slug}))
    return event


def save_search_text(event: Event) -> None:
    """Rebuild the event's search text (it names the organisers: call it once they
    are saved) and store it, without touching the other columns."""
    refresh_search(event)
    Event.objects.filter(pk=event.pk).update(search_text=event.search_text)


def refresh_search(event: Event) -> None:
    langs = [code for code, _name in settings.LANGUAGES]
    event.search_text = search_blob(
        *[getattr(event, f"title_{c}") or "" for c in langs],
        *[getattr(event, f"description_{c}") or "" for c in langs],
        *[o.name for o in event.organisers.all()],
        event.venue,
        event.municipality.name if event.municipality else "",
    )[:20000]


# --- Periodic work --------------------------------------------------------------------


def expire_pending(now: datetime.datetime | None = None) -> int:
    """Cancel registrations whose confirmation did not come in time, freeing their seat."""
    now = now or timezone.now()
    count = 0
    for registration in Registration.objects.filter(
        status=Status.PENDING, expires_at__lte=now
    ).iterator():
        cancel_registration(registration=registration, reason="expired")
        count += 1
    return count


def anonymised_registration(pk: int, now: datetime.datetime) -> dict:
    """The values that replace a registrant's identity; the status, and so the
    seat, stays."""
    return {
        "name": "—",
        "email": f"anonymised-{pk}@invalid",
        "organisation_name": "",
        "answers": {},
        "accessibility_needs": "",
        "token": secrets.token_urlsafe(24),
        "anonymised_at": now,
    }


def anonymise_past(now: datetime.datetime | None = None) -> int:
    """Erase registrants' personal data some days after their event; counts stay."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.EVENTS_RETENTION_DAYS)
    qs = Registration.objects.filter(
        event__ends_at__lt=limit, anonymised_at__isnull=True
    )
    with audit.action(
        "events.anonymise", by=None, target_type="events.registration"
    ) as change:
        count = 0
        for registration in qs.iterator():
            with transaction.atomic():
                Registration.objects.filter(pk=registration.pk).update(
                    **anonymised_registration(registration.pk, now)
                )
                count += 1
        change.after = {"count": count}
        if not count:
            change.skip()
    return count


# --- After the event: attendance certificates and the evaluation ------------------

# Past this many hours of span, an event without sessions is a multi-day one: its
# certificate states the hours only when the organiser sets them.
MAX_SINGLE_SPAN_HOURS = 10
EVALUATION_QUESTIONS_MAX = 20


def certificate_hours(event: Event) -> Decimal | None:
    """The hours a certificate states: the organiser's figure, else the sessions'
    total, else the event's span when it is a single sitting."""
    if event.certificate_hours is not None:
        return event.certificate_hours
    sessions = list(event.sessions.all())
    spans = (
        [s.ends_at - s.starts_at for s in sessions]
        if sessions
        else [event.ends_at - event.starts_at]
    )
    hours = sum(span.total_seconds() for span in spans) / 3600
    if not sessions and hours > MAX_SINGLE_SPAN_HOURS:
        return None
    # Half hours, as training certificates state them.
    return (Decimal(round(hours * 2)) / 2).quantize(Decimal("0.1"))


def email_digest(email: str) -> str:
    return salted_hmac("events.certificate", normalise_email(email)).hexdigest()


def certificate_problem(registration: Registration) -> str | None:
    if registration.status != Status.ATTENDED or registration.anonymised_at:
        return _("Certificates are given to people checked in at the event.")
    if not registration.event.is_over:
        return _("The certificate is available once the event is over.")
    return None


@transaction.atomic
def issue_certificate(*, registration: Registration) -> Certificate:
    """The registrant's certificate, issued once: asking again returns the same."""
    problem = certificate_problem(registration)
    if problem:
        raise ValidationError(problem)
    existing = Certificate.objects.filter(registration=registration).first()
    if existing:
        return existing
    with audit.action(
        "events.certificate", by=None, target_type="events.registration"
    ) as change:
        change.target = certificate = Certificate.objects.create(
            registration=registration,
            name=registration.name,
            email_digest=email_digest(registration.email),
            hours=certificate_hours(registration.event),
        )
        change.after = {"registration": registration.pk}
    return certificate


def request_certificate(*, registration: Registration, ip: str = "") -> Certificate:
    """The attendee asks for their certificate by email (a few times a day)."""
    certificate = issue_certificate(registration=registration)
    limit = Limit(
        f"events.certificate:{registration.pk}",
        settings.EVENT_CERTIFICATE_EMAILS_PER_DAY,
        86_400,
    )
    if ratelimit.over(limit):
        raise ValidationError(
            _("Your certificate was already sent several times today.")
        )
    from .tasks import send_certificate

    pk = registration.pk
    transaction.on_commit(lambda: send_certificate.enqueue(registration_id=pk))
    return certificate


def attendees_of(event: Event):
    return event.registrations.filter(
        status=Status.ATTENDED, anonymised_at__isnull=True
    )


@transaction.atomic
def send_certificates(*, by: User, event: Event) -> int:
    """Email every attendee their certificate (each once, however often asked)."""
    with audit.action(
        "events.send_certificates", by=by, allowed=can_manage_event(by, event)
    ) as change:
        change.target = event
        if not event.is_over:
            raise ValidationError(_("Certificates can be sent once the event is over."))
        count = attendees_of(event).count()
        if not count:
            raise ValidationError(_("Nobody was checked in at this event."))
        change.after = {"attendees": count}
    from .tasks import send_all_certificates

    event_id = event.pk
    transaction.on_commit(lambda: send_all_certificates.enqueue(event_id=event_id))
    return count


def _may_edit_evaluation(by: User, event: Event) -> bool:
    return can_manage_event(by, event)


@transaction.atomic
def add_evaluation_question(
    *,
    by: User,
    event: Event,
    label: str,
    kind: str,
    required: bool = False,
    choices: str = "",
) -> Question:
    with audit.action(
        "events.evaluation_question",
        by=by,
        allowed=_may_edit_evaluation(by, event),
        versions=STALE,
    ) as change:
        label = " ".join((label or "").split())
        if not label:
            raise ValidationError(_("Write the question."))
        if len(label) > model_max_length(Question, "label"):
            raise ValidationError(
                _("At most %(max)d characters.")
                % {"max": model_max_length(Question, "label")}
            )
        if kind not in Question.Kind.values:
            raise ValidationError(_("Choose the kind of answer."))
        lines = [c.strip() for c in (choices or "").splitlines() if c.strip()]
        choice_kinds = (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE)
        if kind in choice_kinds and len(lines) < 2:
            raise ValidationError(_("Give at least two choices, one per line."))
        if len(lines) > 20 or any(len(c) > 200 for c in lines):
            raise ValidationError(_("At most 20 choices of 200 characters."))
        asked = event.questions.filter(purpose=Question.Purpose.EVALUATION)
        if asked.count() >= EVALUATION_QUESTIONS_MAX:
            raise ValidationError(
                _("At most %(max)d questions.") % {"max": EVALUATION_QUESTIONS_MAX}
            )
        change.target = question = Question.objects.create(
            event=event,
            purpose=Question.Purpose.EVALUATION,
            label=label,
            kind=kind,
            required=required,
            choices="\n".join(lines) if kind in choice_kinds else "",
            position=asked.count(),
        )
        change.after = {"label": label, "kind": kind}
    return question


@transaction.atomic
def remove_evaluation_question(*, by: User, question: Question) -> None:
    event = question.event
    with audit.action(
        "events.evaluation_question_removed",
        by=by,
        allowed=_may_edit_evaluation(by, event)
        and question.purpose == Question.Purpose.EVALUATION,
        target=question,
        versions=STALE,
    ):
        if event.evaluation_responses.exists():
            raise ValidationError(
                _("Answers came in already: the questions can no longer change.")
            )
        question.delete()


def standard_evaluation() -> list[tuple[str, str, bool, str]]:
    """The usual questions of a training evaluation, in the active language."""
    return [
        (_("Overall, how satisfied are you?"), Question.Kind.RATING, True, ""),
        (_("How useful is it for your work?"), Question.Kind.RATING, True, ""),
        (
            _("Was the length right?"),
            Question.Kind.SINGLE_CHOICE,
            False,
            "\n".join([_("Too short"), _("Right"), _("Too long")]),
        ),
        (_("What did you value most?"), Question.Kind.LONG_TEXT, False, ""),
        (_("What should we improve?"), Question.Kind.LONG_TEXT, False, ""),
    ]


@transaction.atomic
def add_standard_evaluation(*, by: User, event: Event) -> list[Question]:
    return [
        add_evaluation_question(
            by=by, event=event, label=label, kind=kind, required=req, choices=choices
        )
        for label, kind, req, choices in standard_evaluation()
    ]


def evaluation_problem(registration: Registration) -> str | None:
    if registration.status != Status.ATTENDED or registration.anonymised_at:
        return _("The evaluation is for people checked in at the event.")
    if not registration.event.is_over:
        return _("The evaluation opens once the event is over.")
    if registration.evaluated:
        return _("You have answered the evaluation already. Thank you!")
    if not selectors.questions_of(registration.event, Question.Purpose.EVALUATION):
        return _("This event has no evaluation.")
    return None


@transaction.atomic
def submit_evaluation(
    *, registration: Registration, answers: dict
) -> EvaluationResponse:
    """Store the answers apart from the person: the registration only records that
    they answered, so a second submission is refused."""
    registration = (
        Registration.objects.select_for_update()
        .select_related("event")
        .get(pk=registration.pk)
    )
    problem = evaluation_problem(registration)
    if problem:
        raise ValidationError(problem)
    event = registration.event
    cleaned = clean_answers(
        selectors.questions_of(event, Question.Purpose.EVALUATION), answers
    )
    if cleaned.errors:
        raise ValidationError({f"q_{k}": v for k, v in cleaned.errors.items()})
    Registration.objects.filter(pk=registration.pk).update(evaluated=True)
    return EvaluationResponse.objects.create(
        event=event,
        answers=cleaned.values,
        submitted_on=timezone.localdate(),
    )


@transaction.atomic
def send_evaluation(*, by: User, event: Event) -> int:
    """Invite the attendees to the evaluation now (otherwise the worker does,
    EVENT_EVALUATION_DELAY_HOURS after the end); each person once."""
    with audit.action(
        "events.send_evaluation", by=by, allowed=can_manage_event(by, event)
    ) as change:
        change.target = event
        if not event.is_over:
            raise ValidationError(_("The evaluation opens once the event is over."))
        if not selectors.questions_of(event, Question.Purpose.EVALUATION):
            raise ValidationError(_("Add the evaluation's questions first."))
        count = attendees_of(event).filter(evaluation_sent_at__isnull=True).count()
        if not count:
            raise ValidationError(
                _("Every attendee has been invited already, or nobody was checked in.")
            )
        change.after = {"invited": count}
    from .tasks import send_evaluations

    event_id = event.pk
    transaction.on_commit(lambda: send_evaluations.enqueue(event_id=event_id))
    return count


def purge_certificates(now: datetime.datetime | None = None) -> int:
    """Delete certificates past their retention; their codes then verify nothing."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=settings.EVENT_CERTIFICATES_RETENTION_DAYS)
    count, _detail = Certificate.objects.filter(issued_at__lt=limit).delete()
    return count
