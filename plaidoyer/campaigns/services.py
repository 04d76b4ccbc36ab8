"""Every write to campaigns: online actions, paper batches, labels."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plaidoyer.accounts.models import User
from plaidoyer.accounts.services import create_user
from plaidoyer.core import audit, ratelimit, versions
from plaidoyer.core.html import clean_text
from plaidoyer.core.mail import deliver_many
from plaidoyer.core.models import model_max_length
from plaidoyer.core.ratelimit import Limit
from plaidoyer.core.text import translated
from plaidoyer.core.versions import Version
from plaidoyer.events.models import Event
from plaidoyer.events.services import save_event
from plaidoyer.organisations.models import Organisation
from plaidoyer.organisations.services import add_staff, save_organisation
from plaidoyer.places.models import Municipality
from plaidoyer.places.selectors import municipalities_for_postcode, municipality_finder

from . import consent
from .models import (
    HOST_KINDS,
    MAX_BATCH,
    MAX_PARTICIPANTS,
    PLACE_KINDS,
    Action,
    Campaign,
    Case,
    CaseUpdate,
    Evidence,
    LabelApplication,
    LabelProgramme,
    PaperBatch,
    SessionRequest,
    WritingSession,
)
from .permissions import can_manage_session, can_review, can_submit_batches_for

CONFIRM_DAYS = 7
BATCH_GRACE_DAYS = 30
# Like the UK petitions site: one action a minute per case, five per five minutes.
RATE_LIMITS = [("case", 1, 60), ("all", 5, 300)]
# One "you already wrote for this person" email per address and case in this time.
KNOWN_EMAIL_WINDOW = 3600


def _over_limits(ip: str, case: Case) -> bool:
    """Count the attempt from ``ip`` (a repeat included) against every limit."""
    try:
        ratelimit.hit(
            *[
                Limit(f"act:{scope}:{ip}:{case.pk if scope == 'case' else ''}", n, s)
                for scope, n, s in RATE_LIMITS
            ]
        )
    except ratelimit.RateLimited:
        return True
    return False


GMAIL = {"gmail.com", "googlemail.com"}


def email_key(email: str) -> str:
    """Normalise an address so that one person counts once.

    Case and spaces go, "+tag" aliases go, and Gmail's dots (which Gmail ignores)
    go: "A.Na+petition@GoogleMail.com" and "ana@gmail.com" are the same person.
    """
    email = "".join((email or "").split()).lower()
    local, _sep, domain = email.rpartition("@")
    local = local.split("+", 1)[0]
    if domain in GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


class AmbiguousPostcode(ValidationError):
    """The postcode serves several municipalities: the person must choose."""

    def __init__(self, choices: list[Municipality], message: str = ""):
        super().__init__(
            message or _("Several municipalities share this postcode: choose yours."),
            code="ambiguous",
        )
        self.choices = choices


def resolve_municipality(postcode: str, nis_code: str = "") -> Municipality:
    """The municipality of a Belgian ``postcode``; ``nis_code``: the person's choice
    when several share it."""
    postcode = (postcode or "").strip()
    if not (len(postcode) == 4 and postcode.isdigit()):
        raise ValidationError({"postcode": _("A Belgian postcode has four digits.")})
    choices = list(municipalities_for_postcode(postcode))  # cached: no query
    if not choices:
        raise ValidationError(
            {"postcode": _("%(code)s is not a Belgian postcode.") % {"code": postcode}}
        )
    if len(choices) == 1:
        return choices[0]
    chosen = next((m for m in choices if m.nis_code == nis_code), None)
    if chosen is None:
        raise AmbiguousPostcode(
            choices, _("Choose your municipality in the list.") if nis_code else ""
        )
    return chosen


def is_open(campaign: Campaign, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return campaign.is_published and campaign.opens_at <= now < campaign.closes_at


@dataclass
class Submission:
    """``action``: the new one, or the person's earlier one for this case.
    ``held``: this attempt was over the rate limits (what a stranger is told, the
    same for a new address and a known one)."""

    action: Action
    created: bool
    held: bool = False
    too_fast: bool = False


def submit_action(
    *,
    case: Case,
    kind: str,
    name: str,
    email: str,
    postcode: str = "",
    municipality_nis: str = "",
    country: str = "BE",
    letter: str = "",
    share_name: bool = False,
    news_opt_in: bool = False,
    language: str = "fr",
    ip: str | None = None,
    seconds_on_form: float | None = None,
    honeypot: str = "",
) -> Submission:
    """Record an online letter or signature, to be counted once its email is confirmed.

    A repeat (same person, same case) returns the existing action. A filled
    honeypot raises SuspectedBot, which the caller answers like a success. A form
    sent back within seconds (an autofill, or a bot) and one past the per-IP rate
    limits are kept but held for review, not counted until a coordinator clears
    them. A postcode several municipalities share raises AmbiguousPostcode, with
    them, until ``municipality_nis`` picks one. The action records which consent
    texts were shown (campaigns.consent).
    """
    ratelimit.reject_bots(honeypot=honeypot, seconds_on_form=None)
    too_fast = (
        seconds_on_form is not None and seconds_on_form < ratelimit.MIN_SECONDS_ON_FORM
    )
    if not is_open(case.campaign):
        raise ValidationError(_("This campaign is closed."), code="closed")
    action = _valid_action(
        case=case,
        kind=kind,
        name=name,
        email=email,
        postcode=postcode,
        municipality_nis=municipality_nis,
        country=country,
        letter=letter,
    )
    action.share_name = share_name
    action.news_opt_in = news_opt_in
    action.language = language
    action.consent_version = consent.VERSION
    action.consent_hash = consent.fingerprint(language)
    action.ip_address = ip
    # Every attempt counts against the limits, a repeat included.
    over = _over_limits(ip, case) if ip else False
    action.flagged = over or too_fast
    submission = _save_new_or_find(action)
    if submission.created and action.flagged:
        versions.bump(Version.WORKSPACE)  # one more held action to review
    submission.held = over
    submission.too_fast = too_fast
    return submission


def _valid_action(
    *,
    case: Case,
    kind: str,
    name: str,
    email: str,
    postcode: str,
    municipality_nis: str,
    country: str,
    letter: str,
) -> Action:
    """The action these fields describe, unsaved; every error at once."""
    campaign = case.campaign
    errors: dict[str, Any] = {}
    name = (name or "").strip()
    if not name or len(name) > (limit := model_max_length(Action, "name")):
        errors["name"] = _("Enter your name (at most %(max)d characters).") % {
            "max": limit
        }
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid email address.")
    if (
        kind not in Action.Kind.values
        or (kind == "letter" and not campaign.collects_letters)
        or (kind == "signature" and not campaign.collects_signatures)
    ):
        errors["kind"] = _("This campaign does not collect this kind of action.")
    if len(letter) > 10_000:
        errors["letter"] = _("The letter is too long (at most 10,000 characters).")
    country = (country or "BE").strip().upper()[: model_max_length(Action, "country")]
    municipality = None
    if country == "BE":
        try:
            municipality = resolve_municipality(postcode, municipality_nis)
        except AmbiguousPostcode:
            raise
        except ValidationError as exc:
            errors.update(exc.message_dict)
    elif not country.isalpha() or len(country) != 2:
        errors["country"] = _("Choose your country.")
    if errors:
        raise ValidationError(errors)
    return Action(
        campaign=campaign,
        case=case,
        kind=kind,
        name=name,
        email=email,
        email_key=email_key(email),
        postcode=(postcode or "").strip(),
        municipality=municipality,
        country=country,
        letter=letter.strip(),
    )


def _save_new_or_find(action: Action) -> Submission:
    """Insert ``action``, or return the case's action by the same person."""
    try:
        # A new person is the common case: insert first, and let the unique
        # constraint on case and normalised email say it is a repeat.
        with transaction.atomic():
            action.save(force_insert=True)
            from .tasks import send_action_confirmation

            transaction.on_commit(
                lambda: send_action_confirmation.enqueue(action_id=action.pk)
            )
    except IntegrityError:
        # A repeat (or the same person twice at the same instant): the first stands.
        existing = Action.objects.filter(
            case=action.case, email_key=action.email_key
        ).first()
        if existing is None:  # not the address: some other constraint
            raise
        _tell_already_written(existing)
        return Submission(existing, False, held=action.flagged)
    return Submission(action, True, held=action.flagged)


def _tell_already_written(action: Action) -> None:
    """Email the person that they already wrote for this case (the page says the
    same to everyone): at most once an hour, so that a stranger cannot flood them."""
    try:
        ratelimit.hit(
            Limit(
                f"act.known:{action.case_id}:{ratelimit.digest(action.email_key)}",
                1,
                KNOWN_EMAIL_WINDOW,
            )
        )
    except ratelimit.RateLimited:
        return
    from .tasks import send_already_written

    action_id = action.pk
    transaction.on_commit(lambda: send_already_written.enqueue(action_id=action_id))


def confirm_action(*, token: str) -> tuple[Action | None, str]:
    """Confirm an action's email; a replayed or late link changes nothing."""
    action = (
        Action.objects.select_related("case", "campaign")
        # What the thank-you page shows: not the letter, nor the case's story and
        # template, nor the campaign's description (four languages each).
        .only(
            "token",
            "created_at",
            "confirmed_at",
            "case__name",
            "campaign__slug",
            *translated("campaign__title"),
        )
        .filter(token=token)
        .first()
    )
    if action is None:
        return None, "unknown"
    if action.confirmed_at is not None:
        return action, "already"
    if action.created_at < timezone.now() - datetime.timedelta(days=CONFIRM_DAYS):
        return action, "expired"
    # The conditional update is the whole point: two clicks at once confirm once.
    now = timezone.now()
    updated = Action.objects.filter(pk=action.pk, confirmed_at__isnull=True).update(
        confirmed_at=now
    )
    if updated:
        action.confirmed_at = now
        return action, "confirmed"
    action.refresh_from_db(fields=["confirmed_at"])
    return action, "already"


@transaction.atomic
def clear_flagged(*, by: User, actions: Iterable[Action]) -> int:
    with audit.action(
        "campaigns.clear_flagged",
        by=by,
        allowed=can_review(by),
        target_type="campaigns.action",
        versions=[Version.WORKSPACE],
    ) as change:
        ids = [a.pk for a in actions]
        count = Action.objects.filter(pk__in=ids, flagged=True).update(
            flagged=False, cleared_by=by
        )
        change.after = {"ids": ids[:1000], "count": count}
    return count


def _check_batch(
    campaign: Campaign, *, letters: int, drawings: int, collected_on: datetime.date
) -> dict:
    errors = {}
    for field, value in (("letters", letters), ("drawings", drawings)):
        if value is None or value < 0:
            errors[field] = _("Enter a number of zero or more.")
        elif value > MAX_BATCH:
            errors[field] = _("At most %(max)s in one batch: split larger ones.") % {
                "max": f"{MAX_BATCH:,}".replace(",", " ")
            }
    if not errors and letters + drawings == 0:
        errors["letters"] = _("A batch holds at least one letter or drawing.")
    today = timezone.localdate()
    if collected_on > today:
        errors["collected_on"] = _("The date cannot be in the future.")
    elif collected_on < timezone.localtime(campaign.opens_at).date():
        errors["collected_on"] = _("The campaign had not started on that date.")
    if timezone.now() > campaign.closes_at + datetime.timedelta(days=BATCH_GRACE_DAYS):
        errors["__all__"] = _(
            "This campaign is closed: batches can no longer be added."
        )
    return errors


@transaction.atomic
def submit_batch(
    *,
    by: User,
    campaign: Campaign,
    case: Case,
    organisation: Organisation,
    collected_on: datetime.date,
    letters: int,
    drawings: int,
    municipality: Municipality | None = None,
    place_organisation: Organisation | None = None,
    photo: Any = None,
) -> PaperBatch:
    with audit.action(
        "campaigns.submit_batch",
        by=by,
        allowed=can_submit_batches_for(by, organisation),
        fields="__all__",
        versions=[Version.WORKSPACE],
    ) as change:
        change.target = batch = _new_batch(
            by=by,
            campaign=campaign,
            case=case,
            organisation=organisation,
            collected_on=collected_on,
            letters=letters,
            drawings=drawings,
            municipality=municipality,
            place_organisation=place_organisation,
            photo=photo,
        )
    return batch


def _new_batch(
    *,
    by: User,
    campaign: Campaign,
    case: Case,
    organisation: Organisation,
    collected_on: datetime.date,
    letters: int,
    drawings: int,
    municipality: Municipality | None,
    place_organisation: Organisation | None,
    photo: Any,
) -> PaperBatch:
    if case.campaign_id != campaign.pk:
        raise ValidationError({"case": _("This case belongs to another campaign.")})
    errors = _check_batch(
        campaign, letters=letters, drawings=drawings, collected_on=collected_on
    )
    if municipality is None and place_organisation is None:
        errors["municipality"] = _("Say where the letters were collected.")
    if place_organisation is not None and place_organisation.kind not in PLACE_KINDS:
        errors["place_organisation"] = _("The place must be a university or a school.")
    if errors:
        raise ValidationError(errors)
    batch = PaperBatch(
        campaign=campaign,
        case=case,
        organisation=organisation,
        municipality=municipality,
        place_organisation=place_organisation,
        collected_on=collected_on,
        letters=letters,
        drawings=drawings,
        submitted_by=by,
    )
    if photo:
        batch.photo = photo
    batch.full_clean(exclude=["photo"] if not photo else None)
    batch.save()
    return batch


@transaction.atomic
def review_batch(
    *, by: User, batch: PaperBatch, validate: bool, reason: str = ""
) -> PaperBatch:
    """Validate a batch (it then counts) or reject it with a reason."""
    with audit.action(
        "campaigns.review_batch",
        by=by,
        allowed=can_review(by),
        fields=["status", "rejection_reason"],
        versions=[Version.WORKSPACE],
    ) as change:
        change.target = batch = PaperBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != PaperBatch.Status.SUBMITTED:
            raise ValidationError(_("This batch was already reviewed."))
        if not validate and not reason.strip():
            raise ValidationError({"reason": _("Say why the batch is rejected.")})
        change.before = audit.snapshot(batch, ["status"])
        batch.status = (
            PaperBatch.Status.VALIDATED if validate else PaperBatch.Status.REJECTED
        )
        batch.rejection_reason = "" if validate else reason.strip()[:2000]
        batch.reviewed_by = by
        batch.reviewed_at = timezone.now()
        batch.save(
            update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at"]
        )
    if not validate:
        from .tasks import send_batch_rejected

        batch_id = batch.pk
        transaction.on_commit(lambda: send_batch_rejected.enqueue(batch_id=batch_id))
    return batch


def _shown(value: str) -> str:
    """A cell quoted in an error message: enough to recognise it."""
    return value if len(value) <= 60 else value[:60] + "…"


BATCH_COLUMNS = [
    "case",
    "organisation",
    "municipality",
    "place",
    "date",
    "letters",
    "drawings",
]


@transaction.atomic
def import_batches(*, by: User, campaign: Campaign, data: bytes) -> list[PaperBatch]:
    """Import paper batches from CSV; every bad cell reported, nothing written on error."""
    from plaidoyer.core.csvimport import check_rows, read_table

    table = read_table(
        data, required=["case", "organisation", "date", "letters"], known=BATCH_COLUMNS
    )
    plans = check_rows(table, _BatchRowCheck(by=by, campaign=campaign))
    return [submit_batch(by=by, campaign=campaign, **plan) for plan in plans]


class _BatchRowCheck:
    """Check one row of a batches file; return the arguments of ``submit_batch``."""

    def __init__(self, *, by, campaign: Campaign) -> None:
        self.by, self.campaign = by, campaign
        self.cases = {c.slug: c for c in campaign.cases.all()}
        self.organisations = {o.slug: o for o in Organisation.objects.all()}
        self.find_municipality = municipality_finder()

    def __call__(self, row) -> dict:
        case = self.cases.get(row["case"])
        if case is None:
            row.error(
                "case", _("Unknown case “%(value)s”.") % {"value": _shown(row["case"])}
            )
        organisation = self.organisations.get(row["organisation"])
        if organisation is None:
            row.error(
                "organisation",
                _("Unknown organisation “%(value)s”.")
                % {"value": _shown(row["organisation"])},
            )
        elif not can_submit_batches_for(self.by, organisation):
            row.error(
                "organisation", _("You cannot submit batches for this organisation.")
            )
        municipality, place = self._where(row)
        collected_on = _batch_date(row)
        counts = self._counts(row, collected_on)
        return {
            "case": case,
            "organisation": organisation,
            "municipality": municipality,
            "place_organisation": place,
            "collected_on": collected_on,
            **counts,
        }

    def _where(self, row) -> tuple[Municipality | None, Organisation | None]:
        municipality = place = None
        if row["municipality"]:
            municipality = self.find_municipality(row["municipality"])
            if municipality is None:
                row.error(
                    "municipality",
                    _("Unknown municipality “%(value)s”.")
                    % {"value": _shown(row["municipality"])},
                )
        if row["place"]:
            place = self.organisations.get(row["place"])
            if place is None:
                row.error(
                    "place",
                    _("Unknown organisation “%(value)s”.")
                    % {"value": _shown(row["place"])},
                )
            elif place.kind not in PLACE_KINDS:
                row.error("place", _("The place must be a university or a school."))
        if not row["municipality"] and not row["place"]:
            row.error("municipality", _("Say where the letters were collected."))
        return municipality, place

    def _counts(self, row, collected_on: datetime.date | None) -> dict:
        """Return the letters and drawings; check them as a batch form would."""
        counts: dict = {}  # a count, or None when the cell is not a number
        unreadable: set[str] = set()
        for column in ("letters", "drawings"):
            value = (row[column] or "0").replace(" ", "")
            if not value.lstrip("-").isdigit():
                row.error(column, _("Enter a whole number."))
                counts[column] = None  # no "at least one letter" on top
                unreadable.add(column)
            else:
                counts[column] = int(value)
        # Without a readable date, today stands in so the counts are still checked.
        for field, message in _check_batch(
            self.campaign, collected_on=collected_on or timezone.localdate(), **counts
        ).items():
            if collected_on is None and field == "collected_on":
                continue
            if field in unreadable:
                continue  # "enter a whole number" says it already
            row.error(
                "" if field == "__all__" else field.replace("collected_on", "date"),
                message,
            )
        return counts


def _batch_date(row) -> datetime.date | None:
    """Read the date as YYYY-MM-DD or DD/MM/YYYY; None (and an error) otherwise."""
    try:
        return datetime.date.fromisoformat(row["date"])
    except ValueError:
        pass
    try:
        return datetime.datetime.strptime(row["date"], "%d/%m/%Y").date()
    except ValueError:
        row.error("date", _("Enter a date as YYYY-MM-DD or DD/MM/YYYY."))
        return None


def _labelled_before(application: LabelApplication) -> bool:
    """Whether the same place held this label in an earlier year."""
    return LabelApplication.objects.filter(
        programme=application.programme,
        municipality=application.municipality,
        organisation=application.organisation,
        year__lt=application.year,
        status__in=[LabelApplication.Status.AWARDED, LabelApplication.Status.RENEWED],
    ).exists()


@transaction.atomic
def decide_application(
    *, by: User, application: LabelApplication, status: str
) -> LabelApplication:
    """Award, renew or withdraw a label; return the application as decided.

    The row is locked and read again first: of two coordinators deciding the same
    application at once, the second waits, finds it decided and is refused.
    """
    seen, locked = application, application
    if can_review(by):  # audit.action refuses the others
        locked = LabelApplication.objects.select_for_update().get(pk=application.pk)
    with audit.action(
        "campaigns.decide_application",
        by=by,
        allowed=can_review(by),
        target=locked,
        fields=["status"],
        versions=[Version.WORKSPACE, Version.CAMPAIGNS],  # the label's page
    ):
        if locked.status != seen.status:
            raise ValidationError(
                _(
                    "Someone has just decided this application: it is now "
                    "“%(current)s”. Reload the page to see it."
                )
                % {"current": locked.get_status_display()},
                code="stale",
            )
        _check_decision(locked, status)
        locked.status = status
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
    # The caller's copy shows the decision too.
    seen.status, seen.decided_by, seen.decided_at = (
        locked.status,
        locked.decided_by,
        locked.decided_at,
    )
    return locked


def _check_decision(application: LabelApplication, status: str) -> None:
    if status not in LabelApplication.Status.values:
        raise ValidationError(_("Unknown status."))
    Status = LabelApplication.Status
    if status not in LabelApplication.NEXT[application.status]:
        raise ValidationError(
            _("An application that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": application.get_status_display(),
                "new": Status(status).label,
            }
        )
    if status == Status.RENEWED and not _labelled_before(application):
        raise ValidationError(
            _("A first label is awarded; it is renewed in the following years.")
        )
    if status in (LabelApplication.Status.AWARDED, LabelApplication.Status.RENEWED):
        missing = application.programme.criteria.exclude(
            pk__in=application.evidence.filter(validated=True).values("criterion_id")
        )
        if missing.exists():
            raise ValidationError(_("Every criterion needs validated evidence first."))


# --- Periodic work --------------------------------------------------------------------


def expire_unconfirmed(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _rows = Action.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=now - datetime.timedelta(days=CONFIRM_DAYS),
    ).delete()
    if deleted:
        versions.bump(Version.WORKSPACE)  # held ones among them leave the dashboard
    return deleted


def anonymised_action(now: datetime.datetime) -> dict:
    """The values (for ``update``) that replace a signer's identity; the case,
    municipality and confirmation, and so the counts, stay."""
    return {
        "name": "",
        "email": "",
        "letter": "",
        "ip_address": None,
        "anonymised_at": now,
        "email_key": Concat(
            Value("anonymised-"),
            Cast(F("id"), output_field=Action._meta.get_field("email_key")),
        ),
    }


def anonymise_closed(now: datetime.datetime | None = None) -> int:
    """Erase signers' identities some time after a campaign closes; counts stay."""
    now = now or timezone.now()
    count = 0
    for campaign in Campaign.objects.filter(
        anonymised_at__isnull=True, closes_at__lt=now
    ):
        if (
            campaign.closes_at + datetime.timedelta(days=campaign.anonymise_after_days)
            > now
        ):
            continue
        with (
            transaction.atomic(),
            audit.action("campaigns.anonymise", by=None, target=campaign) as change,
        ):
            count += Action.objects.filter(
                campaign=campaign, anonymised_at__isnull=True
            ).update(**anonymised_action(now))
            Campaign.objects.filter(pk=campaign.pk).update(anonymised_at=now)
            change.after = {"at": now.isoformat()}
    return count


LABEL_HOLDER_KINDS = {"municipality", "university", "school"}


@transaction.atomic
def apply_for_label(
    *,
    by: User,
    programme: LabelProgramme,
    organisation: Organisation,
    year: int,
    evidence: dict[int, tuple[str, str]],
) -> LabelApplication:
    """A municipality (or university, school) applies, with evidence per criterion.

    Applying again the same year updates the evidence while the application is
    still a candidacy; coordinators then validate each piece and decide.
    """
    with audit.action(
        "campaigns.apply_for_label",
        by=by,
        allowed=can_submit_batches_for(by, organisation),
        versions=[Version.WORKSPACE, Version.CAMPAIGNS],  # the label's candidates
    ) as change:
        application, created = _apply(programme, organisation, year, evidence)
        change.target = application
        change.after = {"criteria": sorted(evidence), "created": created}
    return application


def _apply(
    programme: LabelProgramme,
    organisation: Organisation,
    year: int,
    evidence: dict[int, tuple[str, str]],
) -> tuple[LabelApplication, bool]:
    if organisation.kind not in LABEL_HOLDER_KINDS:
        raise ValidationError(
            _("Only municipalities, universities and schools can apply.")
        )
    errors = {}
    criteria = {c.pk: c for c in programme.criteria.all()}
    for pk, (text, url) in evidence.items():
        if pk not in criteria:
            errors["__all__"] = _("Unknown criterion.")
        if url and not url.lower().startswith(("http://", "https://")):
            errors[f"url_{pk}"] = _(
                "Only web addresses starting with http:// or https:// are accepted."
            )
        if len(text) > 5000:
            errors[f"text_{pk}"] = _("At most %(max)d characters.") % {"max": 5000}
    if not any(text.strip() or url.strip() for text, url in evidence.values()):
        errors["__all__"] = _("Give evidence for at least one criterion.")
    if errors:
        raise ValidationError(errors)
    holder = (
        {"municipality": organisation.municipality}
        if organisation.kind == "municipality" and organisation.municipality_id
        else {"organisation": organisation}
    )
    application, created = LabelApplication.objects.select_for_update().get_or_create(
        programme=programme, year=year, **holder
    )
    if not created and application.status != LabelApplication.Status.CANDIDATE:
        raise ValidationError(_("This year's application was already decided."))
    for pk, (text, url) in evidence.items():
        Evidence.objects.update_or_create(
            application=application,
            criterion=criteria[pk],
            defaults={"text": clean_text(text), "url": url.strip(), "validated": False},
        )
    return application, created


# --- Case updates: the timeline, and one email per opted-in signer -----------------

# A notifying worker killed mid-way leaves its claim; another takes it after this.
NOTIFY_STALE_SECONDS = 300
NOTIFY_BATCH = 500


@transaction.atomic
def publish_case_update(
    *,
    by: User,
    case: Case,
    kind: str,
    happened_on: datetime.date,
    texts: dict[str, str],
) -> CaseUpdate:
    """Put news of ``case`` on its timeline; the signers who asked for news get
    it by email (campaigns.tasks.notify_case_update, once the change commits).

    ``texts``: the text per language; French is required, the others fall back
    to it."""
    errors: dict[str, Any] = {}
    if kind not in CaseUpdate.Kind.values:
        errors["kind"] = _("Choose what happened.")
    cleaned = {lang: clean_text((text or "").strip()) for lang, text in texts.items()}
    if not cleaned.get("fr"):
        errors["text_fr"] = _("Write the update in French at least.")
    for lang, text in cleaned.items():
        if len(text) > UPDATE_MAX_CHARS:
            errors[f"text_{lang}"] = _(
                "The text is too long (at most %(max)d characters)."
            ) % {"max": UPDATE_MAX_CHARS}
    if happened_on > timezone.localdate():
        errors["happened_on"] = _("The date cannot be in the future.")
    with audit.action(
        "campaigns.publish_case_update",
        by=by,
        allowed=can_review(by),
        fields="__all__",
        versions=[Version.CAMPAIGNS],
    ) as change:
        if errors:
            raise ValidationError(errors)
        update = CaseUpdate(
            case=case, kind=kind, happened_on=happened_on, created_by=by
        )
        for lang, text in cleaned.items():
            setattr(update, f"text_{lang}", text)
        update.save()
        change.target = update
    from .tasks import notify_case_update

    update_id = update.pk
    transaction.on_commit(lambda: notify_case_update.enqueue(update_id=update_id))
    return update


UPDATE_MAX_CHARS = 5000


def claim_case_update(update_id: int, now: datetime.datetime | None = None) -> bool:
    """Take the job of emailing ``update_id``'s signers, unless a live worker has
    it (a claim older than NOTIFY_STALE_SECONDS is a dead worker's) or it is done."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=NOTIFY_STALE_SECONDS)
    return bool(
        CaseUpdate.objects.filter(pk=update_id, notified_at__isnull=True)
        .filter(Q(notify_claimed_at__isnull=True) | Q(notify_claimed_at__lt=stale))
        .update(notify_claimed_at=now)
    )


def signers_to_notify(update: CaseUpdate):
    """The case's confirmed signers who asked for news and still have an
    address, by id (the order a resumed run continues in)."""
    return (
        Action.objects.filter(
            case_id=update.case_id,
            news_opt_in=True,
            confirmed_at__isnull=False,
            anonymised_at__isnull=True,
        )
        .exclude(email="")
        .order_by("pk")
    )


def notify_signers(
    update: CaseUpdate,
    render: Callable[[Action], dict[str, Any]],
    *,
    batch: int = NOTIFY_BATCH,
) -> int:
    """Queue ``update``'s email for every signer who asked for news, exactly once
    each: ``render(action)`` gives the email (core.mail.deliver_many's dict, with
    its outbox key, which holds the update and the action); each page of signers
    is queued in one transaction, so a run resumed after a crash skips the pages
    already queued and redoes the one it died in. Return how many were queued
    this run."""
    from plaidoyer.core.models import OutgoingEmail

    prefix = update.email_key_prefix
    done = {
        int(key[len(prefix) :])
        for key in OutgoingEmail.objects.filter(key__startswith=prefix).values_list(
            "key", flat=True
        )
        if key
    }
    queued, last = 0, 0
    while True:
        page = list(
            signers_to_notify(update)
            .filter(pk__gt=last)
            .select_related(None)
            .only("pk", "name", "email", "language", "token", "campaign_id")[:batch]
        )
        if not page:
            break
        emails = [render(action) for action in page if action.pk not in done]
        with transaction.atomic():
            deliver_many(emails)
        queued += len(emails)
        last = page[-1].pk
        # Still ours: a long run keeps its claim fresh.
        CaseUpdate.objects.filter(pk=update.pk).update(notify_claimed_at=timezone.now())
    total = len(done) + queued
    CaseUpdate.objects.filter(pk=update.pk).update(
        notified_at=timezone.now(), recipients=total
    )
    return queued


def unsubscribe_news(*, token: str) -> int:
    """Stop the campaign's news for the address of the action with ``token``
    (each of its letters in that campaign); return how many actions changed."""
    action = Action.objects.filter(token=token).only("campaign_id", "email_key").first()
    if action is None:
        return 0
    return Action.objects.filter(
        campaign_id=action.campaign_id, email_key=action.email_key, news_opt_in=True
    ).update(news_opt_in=False)


# --- Writing sessions -------------------------------------------------------------------

# A public request: three an hour from one address, fifty an hour for everyone.
SESSION_REQUEST_LIMITS = [("ip", 3, 3600), ("all", 50, 3600)]
MAX_MESSAGE = 5000


def _session_event_slug(title: str) -> str:
    base = slugify(title)[:180] or "writing-session"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_session(
    *,
    campaign: Campaign,
    host: Organisation,
    title: str,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None,
    mode: str,
    municipality: Municipality | None,
    audience: str,
) -> dict:
    errors: dict[str, str] = {}
    if host.kind not in HOST_KINDS:
        errors["host"] = _("This organisation cannot host a writing session.")
    limit = model_max_length(Event, "title")
    if not title or len(title) > limit:
        errors["title"] = _("Enter a title (at most %(max)d characters).") % {
            "max": limit
        }
    if starts_at is None:
        errors["starts_at"] = _("Enter the start date and time.")
    if ends_at is None:
        errors["ends_at"] = _("Enter the end date and time.")
    if starts_at and ends_at:
        if ends_at <= starts_at:
            errors["ends_at"] = _("The session ends after it starts.")
        elif ends_at - starts_at > datetime.timedelta(days=2):
            errors["ends_at"] = _("A writing session lasts two days at most.")
        if starts_at > campaign.closes_at:
            errors["starts_at"] = _("The campaign is closed by then.")
    if not campaign.is_published or campaign.closes_at < timezone.now():
        errors["__all__"] = _("This campaign is closed.")
    if mode not in Event.Mode.values:
        errors["mode"] = _("Choose a format.")
    elif mode != Event.Mode.ONLINE and municipality is None:
        errors["municipality"] = _("Say in which municipality the session is held.")
    if audience not in WritingSession.Audience.values:
        errors["audience"] = _("Choose who may come.")
    return errors


@transaction.atomic
def create_writing_session(
    *,
    by: User,
    campaign: Campaign,
    host: Organisation,
    title: str,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None,
    mode: str,
    municipality: Municipality | None = None,
    venue: str = "",
    description: str = "",
    audience: str = WritingSession.Audience.PUBLIC,
) -> WritingSession:
    """Create the event of a writing session for ``campaign``, hosted by ``host``.

    Staff of the host (and coordinators) may; the event appears in the agenda as a
    writing session, and the host reports the letters collected afterwards.
    """
    title = clean_text(title)[:1000]
    description = clean_text(description)
    with audit.action(
        "campaigns.create_writing_session",
        by=by,
        allowed=can_submit_batches_for(by, host),
        fields="__all__",
        versions=[Version.WORKSPACE],
    ) as change:
        errors = _check_session(
            campaign=campaign,
            host=host,
            title=title,
            starts_at=starts_at,
            ends_at=ends_at,
            mode=mode,
            municipality=municipality,
            audience=audience,
        )
        if len(venue) > model_max_length(Event, "venue"):
            errors["venue"] = _("At most %(max)d characters.") % {
                "max": model_max_length(Event, "venue")
            }
        if len(description) > MAX_MESSAGE:
            errors["description"] = _("At most %(max)d characters.") % {
                "max": MAX_MESSAGE
            }
        if errors:
            raise ValidationError(errors)
        assert starts_at is not None and ends_at is not None  # checked above
        event = Event(
            slug=_session_event_slug(title),
            kind=Event.Kind.WRITING_SESSION,
            starts_at=starts_at,
            ends_at=ends_at,
            mode=mode,
            venue=clean_text(venue),
            municipality=municipality if mode != Event.Mode.ONLINE else None,
            # People drop in: no registration, no reminder.
            registration_enabled=False,
            waitlist_enabled=False,
        )
        for code, _name in settings.LANGUAGES:
            setattr(event, f"title_{code}", title)
            setattr(event, f"description_{code}", description)
        save_event(by=by, event=event, organisers=[host])
        change.target = session = WritingSession.objects.create(
            campaign=campaign,
            event=event,
            host=host,
            audience=audience,
            created_by=by,
        )
    return session


def _session_place(
    session: WritingSession,
) -> tuple[Municipality | None, Organisation | None]:
    """Where a session's letters count: its municipality, else its host's."""
    municipality = session.event.municipality or session.host.municipality
    if municipality is not None:
        return municipality, None
    if session.host.kind in PLACE_KINDS:
        return None, session.host
    return None, None


@transaction.atomic
def report_session(
    *,
    by: User,
    session: WritingSession,
    case: Case,
    letters: int,
    drawings: int,
) -> PaperBatch:
    """Record what a writing session collected: a paper batch, linked to the
    session, that coordinators validate as any other."""
    with audit.action(
        "campaigns.report_session",
        by=by,
        allowed=can_manage_session(by, session),
        fields="__all__",
        versions=[Version.WORKSPACE],
    ) as change:
        # Only the session's row is locked: PostgreSQL cannot lock the nullable
        # side of the joins (its batch, the places).
        session = (
            WritingSession.objects.select_for_update(of=("self",))
            .select_related("event__municipality", "host__municipality", "batch")
            .get(pk=session.pk)
        )
        if not session.event.has_started:
            raise ValidationError(_("Report the letters once the session has begun."))
        if session.batch is not None and (
            session.batch.status != PaperBatch.Status.REJECTED
        ):
            raise ValidationError(_("This session is already reported."))
        municipality, place = _session_place(session)
        if municipality is None and place is None:
            raise ValidationError(
                _("This online session has no place: ask a coordinator.")
            )
        change.target = batch = _new_batch(
            by=by,
            campaign=session.campaign,
            case=case,
            organisation=session.host,
            collected_on=timezone.localtime(session.event.starts_at).date(),
            letters=letters,
            drawings=drawings,
            municipality=municipality,
            place_organisation=place,
            photo=None,
        )
        session.batch = batch
        session.reported_at = timezone.now()
        session.save(update_fields=["batch", "reported_at"])
    return batch


def _session_request_limits(ip: str) -> list[Limit]:
    return [
        Limit(f"session-request:{scope}:{ip if scope == 'ip' else ''}", n, s)
        for scope, n, s in SESSION_REQUEST_LIMITS
    ]


def request_session(
    *,
    campaign: Campaign,
    kind: str,
    name: str,
    email: str,
    organisation_name: str,
    town: str,
    participants: int | None,
    date_wish: datetime.date | None,
    message: str = "",
    language: str = "fr",
    ip: str | None = None,
    seconds_on_form: float | None = None,
    honeypot: str = "",
) -> SessionRequest:
    """A school or an association asks to host a writing session.

    Bots (honeypot, too fast) raise SuspectedBot; past the rate limits a
    ValidationError with the code "rate_limited"."""
    ratelimit.reject_bots(honeypot=honeypot, seconds_on_form=seconds_on_form)
    errors: dict[str, str] = {}
    fields = {
        "name": clean_text(name),
        "organisation_name": clean_text(organisation_name),
        "town": clean_text(town),
    }
    for field, value in fields.items():
        limit = model_max_length(SessionRequest, field)
        if not value or len(value) > limit:
            errors[field] = _("Fill in this field (at most %(max)d characters).") % {
                "max": limit
            }
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid email address.")
    if kind not in SessionRequest.Kind.values:
        errors["kind"] = _("Choose what you are.")
    if participants is None or not 1 <= participants <= MAX_PARTICIPANTS:
        errors["participants"] = _("Enter a number between 1 and %(max)d.") % {
            "max": MAX_PARTICIPANTS
        }
    today = timezone.localdate()
    if date_wish is None:
        errors["date_wish"] = _("Enter a date.")
    elif date_wish < today:
        errors["date_wish"] = _("Choose a date from today on.")
    elif date_wish > timezone.localtime(campaign.closes_at).date():
        errors["date_wish"] = _("The campaign is closed by then.")
    message = clean_text(message)
    if len(message) > MAX_MESSAGE:
        errors["message"] = _("At most %(max)d characters.") % {"max": MAX_MESSAGE}
    if not is_open(campaign):
        errors["__all__"] = _("This campaign is closed.")
    if errors:
        raise ValidationError(errors)
    assert participants is not None and date_wish is not None  # checked above
    if ip:
        try:
            ratelimit.hit(*_session_request_limits(ip))
        except ratelimit.RateLimited:
            raise ValidationError(
                _("Too many requests from your connection: try again in an hour."),
                code="rate_limited",
            ) from None
    session_request = SessionRequest.objects.create(
        campaign=campaign,
        kind=kind,
        email=email,
        participants=participants,
        date_wish=date_wish,
        message=message,
        language=language[:5],
        ip_address=ip,
        **fields,
    )
    versions.bump(Version.WORKSPACE)  # the coordinators' dashboard counts it
    return session_request


REQUEST_HOST_KINDS = {
    SessionRequest.Kind.SCHOOL: Organisation.Kind.SCHOOL,
    SessionRequest.Kind.ASSOCIATION: Organisation.Kind.ASSOCIATION,
    SessionRequest.Kind.UNIVERSITY: Organisation.Kind.UNIVERSITY,
    SessionRequest.Kind.MUNICIPALITY: Organisation.Kind.MUNICIPALITY,
    SessionRequest.Kind.OTHER: Organisation.Kind.OTHER,
}


def _locked_pending(session_request: SessionRequest) -> SessionRequest:
    locked = SessionRequest.objects.select_for_update().get(pk=session_request.pk)
    if locked.status != SessionRequest.Status.PENDING:
        raise ValidationError(
            _("This request was already answered."), code="already_decided"
        )
    return locked


def _host_for(
    by: User, session_request: SessionRequest, municipality: Municipality | None
) -> Organisation:
    """A new, unpublished organisation for the requester's school or association."""
    return save_organisation(
        by=by,
        organisation=Organisation(
            name=session_request.organisation_name,
            kind=REQUEST_HOST_KINDS[SessionRequest.Kind(session_request.kind)],
            municipality=municipality,
            is_published=False,
        ),
    )


def _host_account(by: User, session_request: SessionRequest, host: Organisation):
    """The requester's account (made without a password if they have none), as
    staff of ``host``."""
    user = User.objects.filter(email__iexact=session_request.email).first()
    if user is None:
        user = create_user(
            by=None,
            email=session_request.email,
            password=None,
            full_name=session_request.name,
            language=session_request.language,
        )
    add_staff(by=by, organisation=host, user=user)
    return user


@transaction.atomic
def accept_session_request(
    *,
    by: User,
    session_request: SessionRequest,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None,
    municipality: Municipality | None,
    host: Organisation | None = None,
    venue: str = "",
) -> WritingSession:
    """Create the requested session; its host is ``host``, or a new organisation
    for the requester, who becomes its staff and is told by email."""
    with audit.action(
        "campaigns.accept_session_request",
        by=by,
        allowed=can_review(by),
        target=session_request,
        fields=["status"],
        versions=[Version.WORKSPACE],
    ):
        locked = _locked_pending(session_request)
        if host is None:
            host = _host_for(by, locked, municipality)
        _host_account(by, locked, host)
        session = create_writing_session(
            by=by,
            campaign=locked.campaign,
            host=host,
            title=_("Writing session: %(name)s") % {"name": locked.organisation_name},
            starts_at=starts_at,
            ends_at=ends_at,
            mode="in_person",
            municipality=municipality,
            venue=venue,
            audience=WritingSession.Audience.CLASS
            if locked.kind == SessionRequest.Kind.SCHOOL
            else WritingSession.Audience.PUBLIC,
        )
        locked.status = SessionRequest.Status.ACCEPTED
        locked.session = session
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "session", "decided_by", "decided_at"])
        session_request.status = locked.status
    from .tasks import send_session_request_answer

    request_id = locked.pk
    transaction.on_commit(
        lambda: send_session_request_answer.enqueue(request_id=request_id)
    )
    return session


@transaction.atomic
def refuse_session_request(
    *, by: User, session_request: SessionRequest, reason: str
) -> SessionRequest:
    """Refuse a request; the requester is told the reason in their language."""
    with audit.action(
        "campaigns.refuse_session_request",
        by=by,
        allowed=can_review(by),
        target=session_request,
        fields=["status", "refusal_reason"],
        versions=[Version.WORKSPACE],
    ):
        reason = clean_text(reason)
        if not reason:
            raise ValidationError({"reason": _("Say why the request is refused.")})
        if len(reason) > 2000:
            raise ValidationError(
                {"reason": _("At most %(max)d characters.") % {"max": 2000}}
            )
        locked = _locked_pending(session_request)
        locked.status = SessionRequest.Status.REFUSED
        locked.refusal_reason = reason
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(
            update_fields=["status", "refusal_reason", "decided_by", "decided_at"]
        )
        session_request.status = locked.status
    from .tasks import send_session_request_answer

    request_id = locked.pk
    transaction.on_commit(
        lambda: send_session_request_answer.enqueue(request_id=request_id)
    )
    return locked


def remind_unreported(now: datetime.datetime | None = None) -> int:
    """Ask the hosts of sessions that ended ``WRITING_SESSION_REPORT_DAYS`` ago and
    were not reported how it went: once per session and staff member (the outbox
    key makes a second run send nothing)."""
    from .selectors import sessions_due_for_reminder
    from .tasks import send_report_reminder

    now = now or timezone.now()
    days = settings.WRITING_SESSION_REPORT_DAYS
    count = 0
    for session in sessions_due_for_reminder(now - datetime.timedelta(days=days)):
        send_report_reminder(session)
        count += 1
    return count
