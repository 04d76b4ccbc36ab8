"""Every write of the help module: services, testimonies, messages, the purge."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from plaidoyer.accounts.models import User
from plaidoyer.core import audit, ratelimit
from plaidoyer.core.html import clean_text
from plaidoyer.core.ratelimit import Limit, reject_bots
from plaidoyer.core.versions import Version
from plaidoyer.organisations.models import Language, Organisation, Staff
from plaidoyer.places.models import Municipality, Province, Region

from . import crypto, selectors
from .models import (
    Field,
    Ground,
    HandlingDesk,
    Message,
    Service,
    Testimony,
    codes_to_text,
)
from .permissions import (
    can_edit_service,
    can_edit_services,
    can_handle,
    can_manage_desks,
)

MAX_TEXT = 10_000
MAX_SERVICE_TEXT = 2_000
MAX_MESSAGE = 5_000
TESTIMONY_LIMIT = 5  # testimonies per IP and hour
REPLY_LIMIT = 10  # replies per testimony and hour
REPLY_SALT = "help.reply"
# Services show on the where-to-turn page and on the organisation's profile.
SERVICE_STALE = [Version.HELP, Version.ORGANISATIONS]
SERVICE_FIELDS = [
    "kind",
    "name_fr",
    "opening_hours_fr",
    "fields",
    "nationwide",
    "is_published",
]


def _blind(ip: str) -> str:
    """The rate limiter's key for ``ip``: a keyed hash, so that its counters (in
    the database or Redis) do not say which address left a testimony."""
    return salted_hmac("help.testimony-limit", ip).hexdigest()[:32]


# --- Services ---------------------------------------------------------------------


@transaction.atomic
def save_service(
    *,
    by: User,
    organisation: Organisation,
    service: Service,
    fields: Iterable[str] = (),
    languages: Iterable[Language] = (),
    regions: Iterable[Region] = (),
    provinces: Iterable[Province] = (),
    municipalities: Iterable[Municipality] = (),
) -> Service:
    """Create or change one of ``organisation``'s help services."""
    if service.pk and service.organisation_id != organisation.pk:
        raise ValidationError(_("This service belongs to another organisation."))
    regions, provinces, municipalities = (
        list(regions),
        list(provinces),
        list(municipalities),
    )
    with audit.action(
        "help.save_service",
        by=by,
        allowed=can_edit_services(by, organisation),
        target=service if service.pk else None,
        fields=SERVICE_FIELDS,
        stored=True,
        versions=SERVICE_STALE,
    ) as change:
        fields = list(fields)
        if not set(fields) <= set(Field.values):
            raise ValidationError({"fields": _("Choose fields from the list.")})
        if not (service.nationwide or regions or provinces or municipalities):
            raise ValidationError(
                _(
                    "Say where the service helps: the whole country, or regions, "
                    "provinces or municipalities."
                )
            )
        if not (service.name_fr or "").strip():
            raise ValidationError({"name_fr": _("Give the service a name.")})
        for name, limit in (
            ("name", 200),
            ("description", MAX_SERVICE_TEXT),
            ("opening_hours", MAX_SERVICE_TEXT),
            ("how_to_reach", MAX_SERVICE_TEXT),
        ):
            for code, _n in settings.LANGUAGES:
                if len(getattr(service, f"{name}_{code}") or "") > limit:
                    raise ValidationError(
                        {
                            f"{name}_{code}": _("Write at most %(limit)s characters.")
                            % {"limit": limit}
                        }
                    )
        service.organisation = organisation
        service.fields = codes_to_text(fields)
        for name in ("name", "description", "opening_hours", "how_to_reach"):
            for code, _n in settings.LANGUAGES:
                attr = f"{name}_{code}"
                setattr(service, attr, clean_text(getattr(service, attr) or "") or None)
        service.name_fr = service.name_fr or ""
        service.save()
        service.languages.set(languages)
        service.regions.set(regions)
        service.provinces.set(provinces)
        service.municipalities.set(municipalities)
        change.target = service
    return service


@transaction.atomic
def delete_service(*, by: User, service: Service) -> None:
    with audit.action(
        "help.delete_service",
        by=by,
        allowed=can_edit_service(by, service),
        target=service,
        fields=SERVICE_FIELDS,
        versions=SERVICE_STALE,
    ) as change:
        change.after = {}
        service.delete()


# --- Testimony desks ------------------------------------------------------------------


def _desk_state(desk: HandlingDesk) -> dict:
    if desk.pk is None:
        return {}
    return {
        "fields": desk.fields,
        "is_active": desk.is_active,
        "regions": sorted(desk.regions.values_list("pk", flat=True)),
        "handlers": sorted(desk.handlers.values_list("pk", flat=True)),
    }


@transaction.atomic
def save_desk(
    *,
    by: User,
    organisation: Organisation,
    fields: Iterable[str] = (),
    regions: Iterable[Region] = (),
    handlers: Iterable[User] = (),
    is_active: bool = True,
) -> HandlingDesk:
    """Mark ``organisation`` as handling testimonies for ``regions`` and
    ``fields`` (none: all), read by ``handlers``, who must be on its staff."""
    desk = HandlingDesk.objects.filter(organisation=organisation).first()
    desk = desk or HandlingDesk(organisation=organisation)
    with audit.action(
        "help.save_desk",
        by=by,
        allowed=can_manage_desks(by),
        target=desk if desk.pk else None,
    ) as change:
        change.before = _desk_state(desk)
        fields, handlers = list(fields), list(handlers)
        if not set(fields) <= set(Field.values):
            raise ValidationError({"fields": _("Choose fields from the list.")})
        staff = set(
            Staff.objects.filter(organisation=organisation).values_list(
                "user_id", flat=True
            )
        )
        if any(user.pk not in staff for user in handlers):
            raise ValidationError(
                {"handlers": _("Designate only people on the organisation's staff.")}
            )
        desk.fields = codes_to_text(fields)
        desk.is_active = is_active
        desk.save()
        desk.regions.set(regions)
        desk.handlers.set(handlers)
        change.target = desk
        change.after = _desk_state(desk)
    return desk


# --- Testimonies ------------------------------------------------------------------


def _check_testimony(
    *,
    text: str,
    field: str,
    ground: str,
    region: Region | None,
    happened_on: datetime.date | None,
    consent_referral: bool,
    consent_contact: bool,
    email: str,
    phone: str,
    organisation: Organisation | None,
) -> None:
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Tell us what happened.")
    elif len(text) > MAX_TEXT:
        errors["text"] = _("Write at most 10,000 characters.")
    if field not in Field.values:
        errors["field"] = _("Choose where it happened.")
    if ground not in Ground.values:
        errors["ground"] = _("Choose on which ground.")
    if region is None:
        errors["place"] = _("Say in which municipality or region it happened.")
    if happened_on is not None and happened_on > timezone.localdate():
        errors["happened_on"] = _("This date is in the future.")
    if consent_contact:
        if not consent_referral:
            errors["consent_contact"] = _(
                "To be contacted back, let us pass your testimony to an organisation."
            )
        if not (email or phone):
            errors["email"] = _("To be contacted back, give an email or a phone.")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors["email"] = _("Enter a valid email address.")
        if phone and (
            len(phone) > 40 or not all(c.isdigit() or c in "+ ./()-" for c in phone)
        ):
            errors["phone"] = _("Enter a phone number (digits, spaces, + only).")
    if organisation is not None:
        if not consent_referral:
            errors["organisation"] = _(
                "To pass your testimony to this organisation, tick the box that "
                "allows it."
            )
        elif not selectors.active_desks().filter(organisation=organisation).exists():
            errors["organisation"] = _("This organisation does not take testimonies.")
    if errors:
        raise ValidationError(errors)


@sensitive_variables()  # error reports never show a testimony's locals
@transaction.atomic
def submit_testimony(
    *,
    text: str,
    field: str,
    ground: str,
    region: Region | None,
    municipality: Municipality | None = None,
    happened_on: datetime.date | None = None,
    consent_figures: bool = False,
    consent_referral: bool = False,
    consent_contact: bool = False,
    organisation: Organisation | None = None,
    email: str = "",
    phone: str = "",
    name: str = "",
    language: str = "fr",
    ip: str | None = None,
    honeypot: str = "",
    seconds_on_form: float | None = None,
) -> Testimony:
    """Store a testimony encrypted and route it: to the chosen organisation, else
    to a desk for its region and field, when the person allowed it. Without that
    consent nobody reads it: it is closed at once, counted if allowed, purged."""
    reject_bots(honeypot=honeypot, seconds_on_form=seconds_on_form)
    email, phone, name = email.strip(), phone.strip(), clean_text(name)[:150]
    _check_testimony(
        text=text,
        field=field,
        ground=ground,
        region=region,
        happened_on=happened_on,
        consent_referral=consent_referral,
        consent_contact=consent_contact,
        email=email,
        phone=phone,
        organisation=organisation,
    )
    assert region is not None  # _check_testimony refused a testimony without one
    if ip:
        ratelimit.hit(Limit(f"testimony:{_blind(ip)}", TESTIMONY_LIMIT, 3600))
    if consent_referral and organisation is None:
        desk = selectors.desk_for(field=field, region=region)
        organisation = desk.organisation if desk else None
    if not consent_referral:
        organisation = None
    now = timezone.now()
    contact = (
        {k: v for k, v in {"name": name, "email": email, "phone": phone}.items() if v}
        if consent_contact
        else {}
    )
    with audit.action(
        "help.submit_testimony",
        by=None,
        fields=["status", "organisation", "consent_figures", "consent_referral"],
        versions=[Version.HELP] if consent_figures else [],
    ) as change:
        testimony = Testimony.objects.create(
            year=timezone.localdate().year,
            field=field,
            ground=ground,
            region=region,
            municipality=municipality,
            happened_on=happened_on,
            text=crypto.encrypt(clean_text(text)),
            contact=crypto.encrypt_json(contact),
            language=language[:8],
            consent_figures=consent_figures,
            consent_referral=consent_referral,
            consent_contact=consent_contact,
            organisation=organisation,
            status=Testimony.Status.RECEIVED
            if organisation
            else Testimony.Status.CLOSED,
            closed_at=None if organisation else now,
        )
        change.target = testimony
    if organisation is not None:
        _notify_handlers(testimony, "help/email/new_testimony")
    return testimony


def _notify_handlers(testimony: Testimony, template: str) -> None:
    """Tell the designated staff, by a task after the commit, that something
    needs them; never what: only the link to its page behind their login."""
    from .tasks import notify_handlers

    transaction.on_commit(
        lambda: notify_handlers.enqueue(testimony_id=testimony.pk, template=template)
    )


def handlers_of(testimony: Testimony) -> list[User]:
    """The people designated to read ``testimony`` (active, still on the staff)."""
    return list(
        User.objects.filter(
            handling_desks__organisation=testimony.organisation_id,
            handling_desks__is_active=True,
            staff_roles__organisation=testimony.organisation_id,
            is_active=True,
        ).distinct()
    )


@sensitive_variables()  # error reports never show a testimony's locals
def read_testimony(*, by: User, testimony: Testimony) -> dict:
    """Decrypt a testimony for its handler: every read is an audit row."""
    with (
        transaction.atomic(),
        audit.action(
            "help.read_testimony",
            by=by,
            allowed=can_handle(by, testimony),
            target=testimony,
        ),
    ):
        return {
            "text": crypto.decrypt(testimony.text),
            # Every key present: a failed template lookup logs the dict it searched.
            "contact": {"name": "", "email": "", "phone": ""}
            | crypto.decrypt_json(testimony.contact),
            "messages": [
                (m, crypto.decrypt(m.body))
                for m in testimony.messages.select_related("author")
            ],
        }


ALLOWED_MOVES: dict[str, set[str]] = {
    Testimony.Status.RECEIVED: {
        Testimony.Status.ACKNOWLEDGED,
        Testimony.Status.REFERRED,
        Testimony.Status.CLOSED,
    },
    Testimony.Status.ACKNOWLEDGED: {Testimony.Status.REFERRED, Testimony.Status.CLOSED},
    Testimony.Status.REFERRED: {Testimony.Status.CLOSED},
    Testimony.Status.CLOSED: set(),
}


@transaction.atomic
def set_status(*, by: User, testimony: Testimony, status: str) -> Testimony:
    """Move a testimony on: received → acknowledged → referred / closed."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    with audit.action(
        "help.set_status",
        by=by,
        allowed=can_handle(by, testimony),
        target=testimony,
        fields=["status", "acknowledged_at", "closed_at"],
    ):
        if status not in ALLOWED_MOVES.get(testimony.status, set()):
            raise ValidationError(
                _("A testimony “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": testimony.get_status_display(),
                    "to": dict(Testimony.Status.choices).get(status, status[:30]),
                }
            )
        testimony.status = status
        now = timezone.now()
        if status == Testimony.Status.ACKNOWLEDGED:
            testimony.acknowledged_at = now
        if status == Testimony.Status.CLOSED:
            testimony.closed_at = now
        testimony.save(update_fields=["status", "acknowledged_at", "closed_at"])
    return testimony


def reply_token(testimony: Testimony) -> str:
    return signing.Signer(salt=REPLY_SALT).sign(f"{testimony.pk}.{testimony.reply_key}")


def testimony_for_token(token: str) -> Testimony | None:
    """The testimony a person's reply link names, None if forged or purged."""
    try:
        value = signing.Signer(salt=REPLY_SALT).unsign(token[:200])
    except signing.BadSignature:
        return None
    pk, _sep, key = value.partition(".")
    if not pk.isdigit():
        return None
    return Testimony.objects.filter(pk=int(pk), reply_key=key, purged_at=None).first()


def reply_url(testimony: Testimony) -> str:
    return settings.SITE_URL + reverse(
        "help:reply", kwargs={"token": reply_token(testimony)}
    )


@sensitive_variables()  # error reports never show a testimony's locals
@transaction.atomic
def write_to_person(*, by: User, testimony: Testimony, body: str) -> Message:
    """Write to the person: the platform emails them a link to read it and answer;
    the handler's address is never shown."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    with audit.action(
        "help.write_to_person", by=by, allowed=can_handle(by, testimony)
    ) as change:
        body = clean_text(body)
        if not body:
            raise ValidationError({"body": _("Write a message.")})
        if len(body) > MAX_MESSAGE:
            raise ValidationError({"body": _("Write at most 5,000 characters.")})
        if testimony.status == Testimony.Status.CLOSED:
            raise ValidationError(_("This testimony is closed: no more replies."))
        contact = crypto.decrypt_json(testimony.contact)
        if not (testimony.consent_contact and contact.get("email")):
            raise ValidationError(
                _("This person did not leave an email address to be written to.")
            )
        message = Message.objects.create(
            testimony=testimony,
            direction=Message.Direction.TO_PERSON,
            author=by,
            body=crypto.encrypt(body),
        )
        change.target = message
        change.after = {"testimony": testimony.pk}
        if testimony.status == Testimony.Status.RECEIVED:
            testimony.status = Testimony.Status.ACKNOWLEDGED
            testimony.acknowledged_at = timezone.now()
            testimony.save(update_fields=["status", "acknowledged_at"])
    from .tasks import notify_person

    # The task gets an id, never the address: its arguments are stored in clear.
    transaction.on_commit(lambda: notify_person.enqueue(message_id=message.pk))
    return message


@sensitive_variables()  # error reports never show a testimony's locals
def read_by_person(*, testimony: Testimony) -> list[Message]:
    """The conversation, for the person's reply page: audited as any read."""
    with (
        transaction.atomic(),
        audit.action("help.read_by_person", by=None, target=testimony),
    ):
        messages = list(testimony.messages.all())
        for message in messages:
            message.text = crypto.decrypt(message.body)
        return messages


@sensitive_variables()  # error reports never show a testimony's locals
@transaction.atomic
def reply_from_person(
    *,
    testimony: Testimony,
    body: str,
    honeypot: str = "",
    seconds_on_form: float | None = None,
) -> Message:
    reject_bots(honeypot=honeypot, seconds_on_form=seconds_on_form)
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    body = clean_text(body)
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    if len(body) > MAX_MESSAGE:
        raise ValidationError({"body": _("Write at most 5,000 characters.")})
    if testimony.status == Testimony.Status.CLOSED:
        raise ValidationError(_("This testimony is closed: no more replies."))
    ratelimit.hit(Limit(f"testimony-reply:{testimony.pk}", REPLY_LIMIT, 3600))
    with audit.action("help.reply_from_person", by=None) as change:
        message = Message.objects.create(
            testimony=testimony,
            direction=Message.Direction.FROM_PERSON,
            body=crypto.encrypt(body),
        )
        change.target = message
        change.after = {"testimony": testimony.pk}
    _notify_handlers(testimony, "help/email/reply_from_person")
    return message


# --- Retention ----------------------------------------------------------------------


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    now = now or timezone.now()
    months = settings.HELP_RETENTION_MONTHS
    return now - datetime.timedelta(days=round(months * 365.25 / 12))


def _erase(testimony: Testimony, action: str) -> None:
    """Delete what could name the person; keep year, field, ground, region and
    the consent to count (the anonymised figures)."""
    with audit.action(action, by=None, target=testimony):
        testimony.messages.all().delete()
        testimony.text = ""
        testimony.contact = ""
        testimony.municipality = None
        testimony.happened_on = None
        testimony.purged_at = timezone.now()
        testimony.reply_key = ""  # the person's link dies with it
        if testimony.status != Testimony.Status.CLOSED:
            testimony.status = Testimony.Status.CLOSED
            testimony.closed_at = testimony.purged_at
        testimony.save()


def purge_expired(now: datetime.datetime | None = None) -> int:
    """Delete the person's data of the testimonies closed longer than
    HELP_RETENTION_MONTHS ago (or left with no organisation, whose own was
    deleted, that long after they came); keep what counts."""
    cutoff = retention_cutoff(now)
    purged = 0
    ids = list(
        Testimony.objects.filter(purged_at=None)
        .filter(Q(closed_at__lte=cutoff) | Q(organisation=None, created_at__lte=cutoff))
        .values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        with transaction.atomic():
            testimony = (
                Testimony.objects.select_for_update().filter(pk=pk, purged_at=None)
            ).first()
            if testimony is None:  # another worker was first
                continue
            _erase(testimony, "help.purge_testimony")
            purged += 1
    return purged


@transaction.atomic
def erase_by_person(*, testimony: Testimony) -> None:
    """The person, through their private link, deletes what they wrote now."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.purged_at is None:
        _erase(testimony, "help.erase_by_person")


def erase_for_person_data_request(*, testimony: Testimony) -> None:
    """Per-person erasure (core.personal_data) of one testimony of that person."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.purged_at is None:
        _erase(testimony, "help.erase_personal_data")


def rotate_keys() -> int:
    """Re-encrypt every stored text under the first key of HELP_ENCRYPTION_KEYS,
    so that older keys can be retired."""
    count = 0
    for testimony in Testimony.objects.filter(purged_at=None).iterator():
        Testimony.objects.filter(pk=testimony.pk).update(
            text=crypto.rotate(testimony.text), contact=crypto.rotate(testimony.contact)
        )
        count += 1
    for message in Message.objects.iterator():
        Message.objects.filter(pk=message.pk).update(body=crypto.rotate(message.body))
    return count
