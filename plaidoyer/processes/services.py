"""Every write to participatory processes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from plaidoyer.accounts.models import User
from plaidoyer.commitments import services as commitments
from plaidoyer.commitments.models import Memorandum, Recommendation, Sector
from plaidoyer.core import audit
from plaidoyer.core.html import clean_html, clean_text
from plaidoyer.core.models import model_max_length
from plaidoyer.core.versions import Version
from plaidoyer.core.visibility import Visibility
from plaidoyer.events.permissions import can_manage_event
from plaidoyer.organisations.models import Organisation

from .models import (
    Comment,
    Draft,
    DraftVersion,
    Endorsement,
    Meeting,
    MeetingDocument,
    Phase,
    Process,
)
from .permissions import can_act_for, can_steer

LANGS = [code for code, _n in settings.LANGUAGES]
MINUTES_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "a",
    "blockquote",
}
MAX_COMMENT = 5000
DOCUMENT_TYPES = (
    ".pdf",
    ".odt",
    ".docx",
    ".doc",
    ".xlsx",
    ".ods",
    ".pptx",
    ".odp",
    ".txt",
    ".png",
    ".jpg",
    ".jpeg",
)
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


# What every write here makes stale: the processes' pages.
STALE = [Version.PROCESSES]


def consultation_open(process: Process, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return process.phases.filter(
        kind=Phase.Kind.CONSULTATION, starts_on__lte=today, ends_on__gte=today
    ).exists()


def _check_document(upload: UploadedFile) -> None:
    if (upload.size or 0) > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            {"documents": _("%(name)s is larger than 10 MB.") % {"name": upload.name}}
        )
    if not (upload.name or "").lower().endswith(DOCUMENT_TYPES):
        raise ValidationError(
            {
                "documents": _(
                    "%(name)s: upload PDF, office documents, text or images only."
                )
                % {"name": upload.name}
            }
        )


@transaction.atomic
def close_meeting(
    *,
    by: User,
    meeting: Meeting,
    minutes: dict[str, str],
    attendance_count: int,
    attending_organisations: Iterable[Organisation],
    documents: Iterable[UploadedFile] = (),
    minutes_visibility: str | None = None,
    documents_visibility: str = Visibility.PUBLIC,
) -> Meeting:
    """Record what a meeting produced: minutes (per language), attendance, documents."""
    with audit.action(
        "processes.close_meeting",
        by=by,
        allowed=can_manage_event(by, meeting.event) or can_steer(by, meeting.process),
        target=meeting,
        fields=["minutes_fr", "attendance_count", "closed_at"],
        versions=STALE,
    ):
        if not meeting.event.has_started:
            raise ValidationError(
                _("This meeting has not taken place yet: its report comes after it.")
            )
        if attendance_count is not None and not 0 <= attendance_count <= 100_000:
            raise ValidationError({"attendance_count": _("Enter a number of people.")})
        for upload in documents:
            _check_document(upload)
        for field, value in (
            ("minutes_visibility", minutes_visibility),
            ("documents_visibility", documents_visibility),
        ):
            if value is not None and value not in Visibility.values:
                raise ValidationError({field: _("Choose who may see it.")})
        if minutes_visibility is not None:
            meeting.minutes_visibility = minutes_visibility
        for code, html in minutes.items():
            if code in LANGS:
                setattr(meeting, f"minutes_{code}", clean_html(html) or None)
        meeting.attendance_count = attendance_count
        meeting.closed_at = meeting.closed_at or timezone.now()
        meeting.save()
        meeting.attending_organisations.set(attending_organisations)
        for upload in documents:
            MeetingDocument.objects.create(
                meeting=meeting,
                title=(upload.name or "")[: model_max_length(MeetingDocument, "title")],
                file=upload,
                visibility=documents_visibility,
            )
    return meeting


@transaction.atomic
def propose_draft(
    *,
    by: User,
    process: Process,
    sector: Sector,
    title: str,
    text: str = "",
    meeting: Meeting | None = None,
    translations: dict | None = None,
    visibility: str = Visibility.PUBLIC,
) -> Draft:
    """Write a draft: from a meeting (its organisers) or by the steering committee."""
    allowed = can_steer(by, process) or (
        meeting is not None
        and meeting.process_id == process.pk
        and can_manage_event(by, meeting.event)
    )
    with audit.action(
        "processes.propose_draft",
        by=by,
        allowed=allowed,
        fields=["title_fr", "text_fr", "sector_id"],
        versions=STALE,
    ) as change:
        title = clean_text(title)
        _check_title(title)
        if visibility not in Visibility.values:
            raise ValidationError({"visibility": _("Choose who may see it.")})
        draft = Draft(
            process=process,
            meeting=meeting,
            sector=sector,
            title=title,
            title_fr=title,
            text=clean_html(text),
            text_fr=clean_html(text),
            created_by=by,
            visibility=visibility,
        )
        for field, value in (translations or {}).items():
            clean = clean_html if field.startswith("text") else clean_text
            setattr(draft, field, clean(value) or None)
        draft.save()
        DraftVersion.objects.create(
            draft=draft,
            number=1,
            title=draft.title_fr or "",
            text=draft.text_fr or "",
            author=by,
        )
        change.target = draft
    return draft


@transaction.atomic
def amend_draft(
    *, by: User, draft: Draft, title: str, text: str, note: str = ""
) -> Draft:
    """Change a draft's wording; the old wording stays in its version history."""
    with audit.action(
        "processes.amend_draft",
        by=by,
        allowed=can_steer(by, draft.process),
        versions=STALE,
    ) as change:
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        if draft.status != Draft.Status.OPEN:
            raise ValidationError(_("An adopted or withdrawn draft cannot be amended."))
        title, text = clean_text(title), clean_html(text)
        _check_title(title)
        if (title, text) == (draft.title_fr, draft.text_fr or ""):
            raise ValidationError(_("Nothing changed."))
        draft.version += 1
        draft.title_fr, draft.text_fr = title, text
        draft.save(update_fields=["version", "title_fr", "text_fr", "title", "text"])
        DraftVersion.objects.create(
            draft=draft,
            number=draft.version,
            title=title,
            text=text,
            note=clean_text(note)[: model_max_length(DraftVersion, "note")],
            author=by,
        )
        change.target = draft
        change.after = {"version": draft.version}
    from .tasks import notify_commenters

    transaction.on_commit(lambda: notify_commenters.enqueue(draft_id=draft.pk))
    return draft


def _check_title(title: str) -> None:
    limit = model_max_length(Draft, "title")
    if not title or len(title) > limit:
        raise ValidationError(
            {
                "title": _("Write a title of at most %(max)d characters.")
                % {"max": limit}
            }
        )


def _check_participation(by: User, draft: Draft, organisation: Organisation) -> None:
    if not can_act_for(by, draft.process, organisation):
        raise PermissionDenied
    if draft.status != Draft.Status.OPEN:
        raise ValidationError(_("This draft is no longer open."), code="closed")
    if not consultation_open(draft.process):
        raise ValidationError(
            _("Comments and endorsements are open only during the consultation phase."),
            code="closed",
        )


@transaction.atomic
def comment(
    *, by: User, draft: Draft, organisation: Organisation, body: str
) -> Comment:
    _check_participation(by, draft, organisation)
    with audit.action("processes.comment", by=by, versions=STALE) as change:
        body = clean_text(body)
        if not body:
            raise ValidationError({"body": _("Write a comment.")})
        if len(body) > MAX_COMMENT:
            raise ValidationError(
                {"body": _("At most %(max)d characters.") % {"max": MAX_COMMENT}}
            )
        change.target = new = Comment.objects.create(
            draft=draft, organisation=organisation, author=by, body=body
        )
        Draft.objects.filter(pk=draft.pk).update(comment_count=F("comment_count") + 1)
        change.after = {"draft": draft.pk, "organisation": organisation.pk}
    return new


@transaction.atomic
def endorse(
    *, by: User, draft: Draft, organisation: Organisation, reason: str = ""
) -> Endorsement:
    """One endorsement per organisation and draft, whatever the concurrency."""
    _check_participation(by, draft, organisation)
    with audit.action("processes.endorse", by=by, versions=STALE) as change:
        reason = clean_text(reason)
        if len(reason) > MAX_COMMENT:
            raise ValidationError(
                {"reason": _("At most %(max)d characters.") % {"max": MAX_COMMENT}}
            )
        try:
            with transaction.atomic():
                endorsement = Endorsement.objects.create(
                    draft=draft, organisation=organisation, author=by, reason=reason
                )
        except IntegrityError:
            raise ValidationError(
                _("%(organisation)s already endorses this draft.")
                % {"organisation": organisation.name},
                code="duplicate",
            ) from None
        Draft.objects.filter(pk=draft.pk).update(
            endorsement_count=F("endorsement_count") + 1
        )
        change.target = endorsement
        change.after = {"draft": draft.pk, "organisation": organisation.pk}
    return endorsement


@transaction.atomic
def hide_comment(*, by: User, comment: Comment, reason: str) -> Comment:
    """Moderate: the comment disappears but a visible trace says who hid it and why."""
    with audit.action(
        "processes.hide_comment",
        by=by,
        allowed=can_steer(by, comment.draft.process),
        target=comment,
        versions=STALE,
    ) as change:
        reason = clean_text(reason)
        if not reason:
            raise ValidationError({"reason": _("Say why the comment is hidden.")})
        comment.hidden_reason = reason[: model_max_length(Comment, "hidden_reason")]
        comment.hidden_by = by
        comment.hidden_at = timezone.now()
        comment.save(update_fields=["hidden_reason", "hidden_by", "hidden_at"])
        change.after = {"reason": comment.hidden_reason}
    return comment


def next_code(sector: Sector) -> str:
    numbers = []
    for code in Recommendation.objects.filter(sector=sector).values_list(
        "code", flat=True
    ):
        digits = "".join(ch for ch in code.partition("-")[2] if ch.isdigit())
        numbers.append(int(digits or 0))
    return f"{sector.code}-{max(numbers, default=0) + 1:02d}"


@transaction.atomic
def adopt_draft(*, by: User, draft: Draft, memorandum: Memorandum) -> Recommendation:
    """Adopt a draft into a memorandum: a new recommendation with a stable code, linked
    back to the draft (process, meeting, date, endorsing organisations)."""
    with audit.action(
        "processes.adopt_draft",
        by=by,
        allowed=can_steer(by, draft.process),
        versions=STALE,
    ) as change:
        change.target = draft = Draft.objects.select_for_update().get(pk=draft.pk)
        recommendation = _adopt(by, draft, memorandum)
        change.after = {
            "recommendation": recommendation.code,
            "memorandum": memorandum.pk,
        }
    return recommendation


def _adopt(by: User, draft: Draft, memorandum: Memorandum) -> Recommendation:
    if draft.status != Draft.Status.OPEN:
        raise ValidationError(_("This draft was already adopted or withdrawn."))
    if memorandum.state == Memorandum.State.SUPERSEDED:
        raise ValidationError(_("Choose a current or draft memorandum."))
    recommendation = Recommendation(
        code=next_code(draft.sector),
        sector=draft.sector,
        origin_note=_("%(process)s, %(date)s")
        % {
            "process": draft.process.title,
            "date": timezone.localdate().strftime("%d/%m/%Y"),
        },
        **{
            f"{f}_{c}": getattr(draft, f"{f}_{c}")
            for f in ("title", "text")
            for c in LANGS
        },
    )
    recommendation.text_fr = recommendation.text_fr or ""
    # The steering committee's right to adopt was checked above.
    commitments.add_adopted_recommendation(
        by=by, recommendation=recommendation, memorandum=memorandum
    )
    draft.status = Draft.Status.ADOPTED
    draft.adopted_as = recommendation
    draft.adopted_into = memorandum
    draft.adopted_at = timezone.now()
    draft.save(update_fields=["status", "adopted_as", "adopted_into", "adopted_at"])
    return recommendation
