"""Every write to the memorandum and the barometer."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plaidoyer.accounts.models import User
from plaidoyer.core import audit, ratelimit, versions
from plaidoyer.core.models import model_max_length
from plaidoyer.core.ratelimit import Limit
from plaidoyer.core.text import fold, search_blob
from plaidoyer.core.versions import Version
from plaidoyer.organisations.models import Theme

from .models import (
    CODE_VALIDATOR,
    Authority,
    BarometerStatus,
    Commitment,
    Follower,
    Level,
    Memorandum,
    MemorandumItem,
    Recommendation,
    Sector,
    Status,
    StatusUpdate,
)
from .permissions import can_edit_barometer


def recommendation_key(code: str) -> str:
    """The data version of one recommendation's page (besides
    Version.BAROMETER_STRUCTURE): a status update then re-renders the barometer,
    the memorandum and its own recommendations' pages, not every one at once."""
    return f"recommendation:{code.upper()[: model_max_length(Recommendation, 'code')]}"


MAX_NOTE_CHARS = 5000
LANGS = [code for code, _name in settings.LANGUAGES]

# How far a commitment has got; a recommendation shows its furthest live commitment.
PROGRESS_ORDER = [
    Status.IMPLEMENTED,
    Status.PARTLY_IMPLEMENTED,
    Status.IN_PROGRESS,
    Status.ANNOUNCED,
    Status.NOT_STARTED,
    Status.STALLED,
    Status.ABANDONED,
]


def barometer_status_for(statuses: Iterable[str]) -> str:
    """Derive a recommendation's barometer status from its commitments' statuses.

    The rule, in one sentence: a recommendation stands where its most advanced
    commitment stands, in the order implemented > partly implemented > in progress >
    announced > not started > stalled > abandoned; with no commitment at all it is
    "no commitment yet". So one implemented commitment makes it implemented, and it
    is only "stalled" or "abandoned" when every commitment is.
    """
    present = set(statuses)
    if not present:
        return BarometerStatus.NO_COMMITMENT
    for status in PROGRESS_ORDER:
        if status in present:
            return status
    return BarometerStatus.NO_COMMITMENT


def refresh_recommendation(recommendation: Recommendation) -> bool:
    """Recompute the barometer status; return True when it changed."""
    new = barometer_status_for(
        recommendation.commitments.values_list("status", flat=True)
    )
    if new == recommendation.barometer_status:
        return False
    Recommendation.objects.filter(pk=recommendation.pk).update(barometer_status=new)
    recommendation.barometer_status = new
    return True


def refresh_search(recommendation: Recommendation) -> None:
    recommendation.search_text = search_blob(
        recommendation.code,
        *[getattr(recommendation, f"title_{c}") or "" for c in LANGS],
        *[getattr(recommendation, f"text_{c}") or "" for c in LANGS],
    )[:30000]
    prefix, _sep, number = recommendation.code.partition("-")
    digits = "".join(ch for ch in number if ch.isdigit())
    recommendation.sort_key = f"{prefix}-{int(digits or 0):04d}{number[len(digits) :]}"


def _check_url(url: str, field: str) -> None:
    if url and urlsplit(url).scheme.lower() not in {"http", "https"}:
        raise ValidationError(
            {
                field: _(
                    "Only web addresses starting with http:// or https:// are accepted."
                )
            }
        )


# What a change of the memorandum or of authorities makes stale: every page.
STALE = [Version.BAROMETER, Version.BAROMETER_STRUCTURE]


def _stale(recommendations: Iterable[Recommendation]) -> list[str]:
    """What a change of these recommendations' commitments makes stale: the
    barometer and their own pages, not every recommendation page."""
    return [Version.BAROMETER, *(recommendation_key(r.code) for r in recommendations)]


def commitment_changed(commitment: Commitment) -> None:
    """A commitment was edited outside the services (the admin's change form)."""
    for key in _stale(commitment.recommendations.all()):
        versions.bump(key)


# --- Commitments and status updates ---------------------------------------------------


@transaction.atomic
def create_commitment(
    *,
    by: User,
    authority: Authority,
    recommendations: list[Recommendation],
    title: str,
    committed_on: datetime.date,
    status: str = Status.ANNOUNCED,
    description: str = "",
    due_on: datetime.date | None = None,
    source_url: str = "",
    source_file=None,
    translations: dict[str, str] | None = None,
) -> Commitment:
    """Record a new commitment and its first status update."""
    with audit.action(
        "commitments.create_commitment",
        by=by,
        allowed=can_edit_barometer(by),
        fields="__all__",
    ) as change:
        change.target = commitment = _new_commitment(
            authority=authority,
            recommendations=recommendations,
            title=title,
            committed_on=committed_on,
            status=status,
            description=description,
            due_on=due_on,
            source_url=source_url,
            source_file=source_file,
            translations=translations,
        )
    record_status_update(
        by=by,
        commitment=commitment,
        date=committed_on,
        status=status,
        evidence_url=source_url,
    )
    return commitment


def _new_commitment(
    *,
    authority: Authority,
    recommendations: list[Recommendation],
    title: str,
    committed_on: datetime.date,
    status: str,
    description: str,
    due_on: datetime.date | None,
    source_url: str,
    source_file: Any,
    translations: dict[str, str] | None,
) -> Commitment:
    if not recommendations:
        raise ValidationError(
            {"recommendations": _("Choose at least one recommendation.")}
        )
    _check_url(source_url, "source_url")
    if committed_on > timezone.localdate():
        raise ValidationError({"committed_on": _("The date cannot be in the future.")})
    if due_on and due_on < committed_on:
        raise ValidationError({"due_on": _("The due date is before the commitment.")})
    commitment = Commitment(
        authority=authority,
        title=title,
        description=description,
        committed_on=committed_on,
        due_on=due_on,
        source_url=source_url,
        status=status,
    )
    for field, value in (translations or {}).items():
        setattr(commitment, field, value)
    if source_file:
        commitment.source_file = source_file
    commitment.full_clean(exclude=["source_file"] if not source_file else None)
    commitment.save()
    commitment.recommendations.set(recommendations)
    return commitment


@transaction.atomic
def record_status_update(
    *,
    by: User,
    commitment: Commitment,
    date: datetime.date,
    status: str,
    progress: int | None = None,
    note: str = "",
    evidence_url: str = "",
    evidence_file=None,
    source: str = StatusUpdate.Source.COALITION,
    corrects: StatusUpdate | None = None,
    note_source: str = "",
    require_evidence: bool = False,
) -> StatusUpdate:
    """Append a status update and move the commitment (and its recommendations) on.

    Updates are never edited: a correction is a new update pointing at the one it
    corrects (one correction per update), and a corrected update no longer counts.
    The commitment's current status is its latest uncorrected update by date.

    ``require_evidence``: what coordinators record from the site must carry
    evidence — a web address, a document, or a note with its source. Imports,
    seeds and the commitment's own first update (its source is the commitment's)
    leave it off.
    """
    with audit.action(
        "commitments.record_status_update",
        by=by,
        allowed=can_edit_barometer(by),
        fields="__all__",
    ) as change:
        _check_status_update(
            commitment=commitment,
            date=date,
            status=status,
            progress=progress,
            note=note,
            evidence_url=evidence_url,
            corrects=corrects,
            note_source=note_source,
        )
        if require_evidence:
            _check_evidence(
                evidence_url=evidence_url,
                evidence_file=evidence_file,
                note=note,
                note_source=note_source,
            )
        commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if (
            corrects is not None
            and StatusUpdate.objects.filter(corrects=corrects).exists()
        ):  # checked under the commitment's lock: two corrections cannot race
            raise ValidationError(
                {"corrects": _("This update has already been corrected.")}
            )
        change.target = update = StatusUpdate(
            commitment=commitment,
            date=date,
            status=status,
            progress=progress,
            note=note,
            note_source=note_source,
            evidence_url=evidence_url,
            source=source,
            corrects=corrects,
            author=by,
        )
        if evidence_file:
            update.evidence_file = evidence_file
        update.full_clean(exclude=["commitment", "evidence_file", "author", "corrects"])
        update.save()
        previous_status = commitment.status
        _refresh_commitment(commitment)
        recommendations = list(commitment.recommendations.all())
        changed_recommendations = [
            r for r in recommendations if refresh_recommendation(r)
        ]
        change.versions += _stale(recommendations)
    if source == StatusUpdate.Source.COALITION and (
        commitment.status != previous_status or changed_recommendations
    ):
        from .tasks import notify_followers

        transaction.on_commit(lambda: notify_followers.enqueue(update_id=update.pk))
    return update


def _check_status_update(
    *,
    commitment: Commitment,
    date: datetime.date,
    status: str,
    progress: int | None,
    note: str,
    evidence_url: str,
    corrects: StatusUpdate | None,
    note_source: str = "",
) -> None:
    errors: dict[str, Any] = {}
    if status not in Status.values:
        errors["status"] = _("Unknown status.")
    if progress is not None and not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage between 0 and 100.")
    if date < commitment.committed_on:
        errors["date"] = _(
            "The update cannot be dated before the commitment (%(date)s)."
        ) % {"date": commitment.committed_on.isoformat()}
    if date > timezone.localdate():
        errors["date"] = _("The update cannot be dated in the future.")
    if len(note) > MAX_NOTE_CHARS:
        errors["note"] = _("The note is too long (at most %(max)d characters).") % {
            "max": MAX_NOTE_CHARS
        }
    if len(note_source) > model_max_length(StatusUpdate, "note_source"):
        errors["note_source"] = _("The source's name is too long.")
    if corrects is not None and corrects.commitment_id != commitment.pk:
        errors["corrects"] = _("A correction must be about the same commitment.")
    try:
        _check_url(evidence_url, "evidence_url")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def check_status_update(
    *,
    commitment: Commitment,
    date: datetime.date,
    status: str,
    progress: int | None = None,
    note: str = "",
    note_source: str = "",
    evidence_url: str = "",
    evidence_file=None,
    corrects: StatusUpdate | None = None,
) -> None:
    """Raise the ValidationError ``record_status_update(require_evidence=True)``
    would raise, writing nothing: the confirmation step shows only what can be
    saved."""
    _check_status_update(
        commitment=commitment,
        date=date,
        status=status,
        progress=progress,
        note=note,
        evidence_url=evidence_url,
        corrects=corrects,
        note_source=note_source,
    )
    _check_evidence(
        evidence_url=evidence_url,
        evidence_file=evidence_file,
        note=note,
        note_source=note_source,
    )
    if corrects is not None and StatusUpdate.objects.filter(corrects=corrects).exists():
        raise ValidationError(
            {"corrects": _("This update has already been corrected.")}
        )


def _check_evidence(
    *, evidence_url: str, evidence_file: Any, note: str, note_source: str
) -> None:
    if evidence_url or evidence_file:
        return
    if note.strip() and note_source.strip():
        return
    if note.strip():
        raise ValidationError(
            {
                "note_source": _(
                    "Say where the note comes from (who said or published it), "
                    "or add a web address or a document."
                )
            }
        )
    raise ValidationError(
        _(
            "A status update needs evidence: a web address, a document, or a note "
            "with its source."
        )
    )


def _refresh_commitment(commitment: Commitment) -> None:
    latest = {}
    for source in StatusUpdate.Source.values:
        latest[source] = (
            commitment.updates.filter(source=source, corrections__isnull=True)
            .order_by("-date", "-id")
            .first()
        )
    coalition, own = latest["coalition"], latest["authority"]
    commitment.status = coalition.status if coalition else Status.NOT_STARTED
    commitment.progress = coalition.progress if coalition else None
    commitment.authority_status = own.status if own else ""
    commitment.authority_progress = own.progress if own else None
    dates = [u.date for u in (coalition, own) if u]
    commitment.last_update_on = max(dates) if dates else None
    commitment.save(
        update_fields=[
            "status",
            "progress",
            "authority_status",
            "authority_progress",
            "last_update_on",
        ]
    )


@transaction.atomic
def bulk_record_status(
    *,
    by: User,
    commitments: Iterable[Commitment],
    status: str,
    date: datetime.date,
    note: str = "",
) -> list[StatusUpdate]:
    """Record the same update on several commitments (all or none)."""
    return [
        record_status_update(by=by, commitment=c, date=date, status=status, note=note)
        for c in commitments
    ]


@transaction.atomic
def save_recommendation(
    *,
    by: User,
    recommendation: Recommendation,
    levels: Iterable[Level] | None = None,
    themes: Iterable[Theme] | None = None,
) -> Recommendation:
    with audit.action(
        "commitments.save_recommendation",
        by=by,
        allowed=can_edit_barometer(by),
        target=recommendation,
        fields="__all__",
        stored=True,
        versions=STALE,
    ):
        recommendation.code = recommendation.code.strip().upper()
        refresh_search(recommendation)
        recommendation.full_clean()
        recommendation.save()
        if levels is not None:
            recommendation.levels.set(levels)
        if themes is not None:
            recommendation.themes.set(themes)
    return recommendation


@transaction.atomic
def save_authority(*, by: User, authority: Authority) -> Authority:
    with audit.action(
        "commitments.save_authority",
        by=by,
        allowed=can_edit_barometer(by),
        target=authority,
        fields="__all__",
        stored=True,
        versions=STALE,
    ):
        if not authority.slug:
            authority.slug = slugify(authority.name_fr or authority.name)[:190]
        authority.full_clean()
        authority.save()
    return authority


# --- Memoranda --------------------------------------------------------------------


@transaction.atomic
def publish_memorandum(*, by: User, memorandum: Memorandum) -> Memorandum:
    """Publish an edition: its wording becomes current, the previous edition is superseded."""
    with audit.action(
        "commitments.publish_memorandum",
        by=by,
        allowed=can_edit_barometer(by),
        target=memorandum,
        versions=STALE,
    ) as change:
        _publish(memorandum)
        change.after = {"state": memorandum.state}
    return memorandum


def _publish(memorandum: Memorandum) -> None:
    if not memorandum.items.exists():
        raise ValidationError(_("An empty memorandum cannot be published."))
    Memorandum.objects.filter(state=Memorandum.State.PUBLISHED).exclude(
        pk=memorandum.pk
    ).update(state=Memorandum.State.SUPERSEDED)
    memorandum.state = Memorandum.State.PUBLISHED
    memorandum.published_on = memorandum.published_on or timezone.localdate()
    memorandum.save(update_fields=["state", "published_on"])
    for item in memorandum.items.select_related("recommendation"):
        recommendation = item.recommendation
        for code in LANGS:
            setattr(recommendation, f"title_{code}", getattr(item, f"title_{code}"))
            setattr(recommendation, f"text_{code}", getattr(item, f"text_{code}"))
        refresh_search(recommendation)
        recommendation.save()


@transaction.atomic
def derive_edition(
    *, by: User, source: Memorandum, title: str, year: int
) -> Memorandum:
    """Start a new draft edition holding every recommendation of ``source``.

    Codes stay the same, so commitments and history carry over; coordinators then
    edit, add or drop items before publishing.
    """
    with audit.action(
        "commitments.derive_edition", by=by, allowed=can_edit_barometer(by)
    ) as change:
        change.target = memorandum = _derive(source, title=title, year=year)
        change.after = {"derived_from": source.pk, "items": source.items.count()}
    return memorandum


def _derive(source: Memorandum, *, title: str, year: int) -> Memorandum:
    edition = (
        Memorandum.objects.order_by("-edition")
        .values_list("edition", flat=True)
        .first()
        or 0
    ) + 1
    memorandum = Memorandum(
        title=title,
        year=year,
        edition=edition,
        derived_from=source,
        slug=slugify(f"{title}-{year}")[:45] + f"-{edition}",
        introduction=source.introduction,
    )
    for code in LANGS:
        setattr(
            memorandum, f"introduction_{code}", getattr(source, f"introduction_{code}")
        )
    memorandum.full_clean()
    memorandum.save()
    MemorandumItem.objects.bulk_create(
        [
            MemorandumItem(
                memorandum=memorandum,
                recommendation_id=item.recommendation_id,
                position=item.position,
                **{
                    f"{f}_{c}": getattr(item, f"{f}_{c}")
                    for f in ("title", "text")
                    for c in LANGS
                },
            )
            for item in source.items.all()
        ]
    )
    return memorandum


# --- Followers ------------------------------------------------------------------------

FOLLOW_LIMIT = 5  # follow requests per IP and hour
FOLLOW_WINDOW = 3600


@transaction.atomic
def follow_recommendation(
    *, recommendation: Recommendation, email: str, language: str, ip: str
) -> None:
    """Ask to follow; a confirmation email goes out unless the address already follows.

    The caller shows the same message whatever happened, so nobody can learn
    whether an address is subscribed.
    """
    ratelimit.hit(Limit(f"follow:{ip}", FOLLOW_LIMIT, FOLLOW_WINDOW))
    email = email.strip().lower()
    follower, created = Follower.objects.get_or_create(
        recommendation=recommendation, email=email, defaults={"language": language}
    )
    if follower.confirmed_at is not None:
        return
    if not created:
        try:  # one confirmation email per hour per address is enough
            ratelimit.hit(Limit(f"follow-mail:{follower.pk}", 1, FOLLOW_WINDOW))
        except ratelimit.RateLimited:
            return
    from .tasks import send_follow_confirmation

    transaction.on_commit(
        lambda: send_follow_confirmation.enqueue(follower_id=follower.pk)
    )


@transaction.atomic
def confirm_follow(*, token: str) -> Follower | None:
    follower = Follower.objects.select_for_update().filter(token=token).first()
    if follower is None:
        return None
    if follower.confirmed_at is None:
        follower.confirmed_at = timezone.now()
        follower.save(update_fields=["confirmed_at"])
    return follower


@transaction.atomic
def unfollow(*, token: str) -> bool:
    deleted, _rows = Follower.objects.filter(token=token).delete()
    return bool(deleted)


def fold_code(code: str) -> str:
    return fold(code).upper()


IMPORT_COLUMNS = [
    "code",
    "sector",
    "priority",
    "levels",
    "position",
    *[f"title_{c}" for c in LANGS],
    *[f"text_{c}" for c in LANGS],
]


@transaction.atomic
def import_memorandum(
    *, by: User, memorandum: Memorandum, data: bytes, filename: str = ""
) -> list[Recommendation]:
    """Upsert recommendations (by code) and their wording in ``memorandum``.

    Reads CSV (comma or semicolon, UTF-8 with or without BOM, Windows-1252) or
    XLSX. Every bad cell is reported with its line and column; on any error
    nothing is written.
    """
    from plaidoyer.core.csvimport import check_rows, read_spreadsheet

    with audit.action(
        "commitments.import_memorandum",
        by=by,
        allowed=can_edit_barometer(by),
        target=memorandum,
        versions=STALE,
    ) as change:
        table = read_spreadsheet(
            data,
            filename,
            required=["code", "sector", "title_fr"],
            known=IMPORT_COLUMNS,
        )
        plans = check_rows(table, _RecommendationRowCheck())
        seen = {plan.code for plan in plans}
        existing = {r.code: r for r in Recommendation.objects.filter(code__in=seen)}
        saved = [
            _save_imported_recommendation(memorandum, plan, existing.get(plan.code))
            for plan in plans
        ]
        for recommendation in saved:
            refresh_recommendation(recommendation)
        change.after = {"rows": len(saved), "codes": sorted(seen)[:1000]}
    return saved


_WORDING = [f"{f}_{c}" for f in ("title", "text") for c in LANGS]


@dataclass(frozen=True)
class _ImportedRecommendation:
    """One checked row of a memorandum file: what it will write."""

    code: str
    sector: Sector | None  # None only in a row with errors
    priority: str
    levels: list[Level]
    position: int
    cells: dict[str, str]


class _RecommendationRowCheck:
    """Check one row of a memorandum file against the sectors and levels known."""

    def __init__(self) -> None:
        self.sectors = {}
        for sector in Sector.objects.all():
            self.sectors[sector.slug] = sector
            self.sectors[sector.code.lower()] = sector
        self.levels = {lv.slug: lv for lv in Level.objects.all()}
        self.priorities = set(Recommendation.Priority.values)
        self.seen: set[str] = set()

    def __call__(self, row) -> _ImportedRecommendation:
        code = row["code"].strip().upper()
        try:
            CODE_VALIDATOR(code)
        except ValidationError:
            row.error(
                "code",
                _("“%(value)s” is not a valid code (e.g. EMP-03).") % {"value": code},
            )
        if code in self.seen:
            row.error("code", _("This code appears twice in the file."))
        self.seen.add(code)
        sector = self.sectors.get(row["sector"].strip().lower())
        if sector is None:
            row.error(
                "sector", _("Unknown sector “%(value)s”.") % {"value": row["sector"]}
            )
        if not row["title_fr"]:
            row.error("title_fr", _("A French title is required."))
        for column in [f"title_{c}" for c in LANGS]:
            row.check_length(column, Recommendation)
        priority = (row["priority"] or "medium").strip().lower()
        if priority not in self.priorities:
            row.error("priority", _("Use high, medium or low."))
        levels = row.pick("levels", self.levels, _("Unknown level “%(value)s”."))
        position = row["position"] or str(row.line)
        if not position.isdigit():
            row.error("position", _("Enter a whole number."))
        return _ImportedRecommendation(
            code=code,
            sector=sector,
            priority=priority,
            levels=levels,
            position=int(position) if position.isdigit() else 0,
            cells=row.cells,
        )


def _save_imported_recommendation(
    memorandum: Memorandum,
    plan: _ImportedRecommendation,
    recommendation: Recommendation | None,
) -> Recommendation:
    """Save one checked row: the recommendation, then its wording in ``memorandum``.

    An existing recommendation keeps its wording unless the memorandum is published.
    """
    is_new = recommendation is None
    if recommendation is None:
        recommendation = Recommendation(code=plan.code)
    assert plan.sector is not None  # check_rows lets no row without one through
    recommendation.sector = plan.sector
    recommendation.priority = plan.priority
    if is_new or memorandum.state == Memorandum.State.PUBLISHED:
        for field in _WORDING:
            setattr(
                recommendation,
                field,
                plan.cells.get(field) or ("" if field.startswith("text") else None),
            )
    refresh_search(recommendation)
    recommendation.save()
    recommendation.levels.set(plan.levels)
    MemorandumItem.objects.update_or_create(
        memorandum=memorandum,
        recommendation=recommendation,
        defaults={
            "position": plan.position,
            **{field: plan.cells.get(field) or None for field in _WORDING},
        },
    )
    return recommendation


@transaction.atomic
def add_adopted_recommendation(
    *, by: User, recommendation: Recommendation, memorandum: Memorandum
) -> Recommendation:
    """Add a recommendation adopted by a participatory process to ``memorandum``.

    The caller (processes.services.adopt_draft) has checked that ``by`` sits on
    the process's steering committee, the body entitled to adopt; this function
    only keeps the memorandum consistent and writes the audit row.
    """
    with audit.action(
        "commitments.add_adopted_recommendation",
        by=by,
        fields="__all__",
        versions=STALE,
    ) as change:
        _add_to_memorandum(recommendation, memorandum)
        change.target = recommendation
    return recommendation


def _add_to_memorandum(recommendation: Recommendation, memorandum: Memorandum) -> None:
    recommendation.code = recommendation.code.strip().upper()
    refresh_search(recommendation)
    recommendation.full_clean()
    recommendation.save()
    position = (
        MemorandumItem.objects.filter(memorandum=memorandum)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
        or 0
    ) + 1
    MemorandumItem.objects.create(
        memorandum=memorandum,
        recommendation=recommendation,
        position=position,
        **{
            f"{f}_{c}": getattr(recommendation, f"{f}_{c}")
            for f in ("title", "text")
            for c in LANGS
        },
    )
