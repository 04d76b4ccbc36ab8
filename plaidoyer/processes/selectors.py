from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from django.db.models import Case, Prefetch, Q, QuerySet, When
from django.urls import reverse

from plaidoyer.core.html import clean_text
from plaidoyer.core.translated import columns
from plaidoyer.core.visibility import PUBLIC_ONLY

from .models import (
    Comment,
    Draft,
    DraftVersion,
    Endorsement,
    Meeting,
    MeetingDocument,
    Process,
    ProcessMember,
)


def processes() -> QuerySet[Process]:
    return Process.objects.filter(is_published=True).prefetch_related("phases")


def get_process(slug: str) -> Process:
    """Return a process with what its page shows beside the drafts and the
    members (process_members()), in a fixed number of queries."""
    return (
        Process.objects.filter(is_published=True)
        .prefetch_related(
            "phases",
            "themes",
            Prefetch(
                "meetings",
                queryset=Meeting.objects.select_related("event")
                .only(
                    "process_id",
                    "closed_at",
                    "event__slug",
                    "event__starts_at",
                    *columns("event__title"),
                )
                .order_by("event__starts_at", "id"),
            ),
        )
        .get(slug=slug)
    )


def process_members(process: Process) -> QuerySet[ProcessMember]:
    """The process's members, organisers and steering committee first, with only
    what a list shows of each (hundreds in a large process)."""
    return (
        ProcessMember.objects.filter(process=process)
        .select_related("organisation")
        .only(
            "process_id",
            "role",
            "role_note",
            "organisation__slug",
            *columns("organisation__name"),
        )
        .alias(
            rank=Case(
                When(role=ProcessMember.Role.ORGANISER, then=0),
                When(role=ProcessMember.Role.STEERING, then=1),
                default=2,
            )
        )
        .order_by("rank", "organisation__sort_name", "id")
    )


def draft_rows(process: Process, drafts: Iterable[Draft]) -> list[Draft]:
    """``drafts`` (of ``process``) as the process page's table shows them: each
    row's process is the page's own instance (a join and an instance less a row),
    its ``url`` its get_absolute_url()."""
    rows = list(drafts)
    # One reverse() for the page, not one a row: "…/drafts/0/" with the pk in.
    base = reverse("processes:draft", kwargs={"slug": process.slug, "pk": 0})
    head, tail = base.rsplit("/0/", 1)
    for draft in rows:
        draft.process = process
        draft.url = f"{head}/{draft.pk}/{tail}"  # type: ignore[attr-defined]
    return rows


def draft_table(
    process: Process, *, audience: frozenset[str] = PUBLIC_ONLY
) -> QuerySet[Draft]:
    """drafts_of() with only what a row of the process page's table shows (its
    sector and adopted recommendation; draft_rows() adds the process)."""
    return (
        drafts_of(process, audience=audience)
        .select_related(None)
        .select_related("sector", "adopted_as")
        .only(
            "process_id",
            "visibility",
            "status",
            "endorsement_count",
            "comment_count",
            *columns("title"),
            *columns("sector__name"),
            "adopted_as__code",
        )
    )


def adopted_drafts(drafts: QuerySet[Draft]) -> QuerySet[Draft]:
    """Of ``drafts``, those adopted, with only the recommendation each became."""
    return (
        drafts.exclude(adopted_as=None)
        .select_related(None)
        .select_related("adopted_as")
        .only(
            "adopted_as__code",
            "adopted_as__barometer_status",
            *columns("adopted_as__title"),
        )
    )


def get_process_summary(slug: str) -> Process:
    """The process alone: what the page of one of its drafts needs from it."""
    return Process.objects.filter(is_published=True).get(slug=slug)


def drafts_of(
    process: Process, *, audience: frozenset[str] = PUBLIC_ONLY
) -> QuerySet[Draft]:
    """The process's drafts the reader may see (processes.permissions.
    process_audience; public by default: feeds, the API)."""
    # "process": each row's get_absolute_url() reads draft.process.slug, which
    # was one query per draft (2,000 drafts, 2,000 queries).
    return (
        Draft.objects.filter(process=process, visibility__in=audience)
        .select_related("process", "sector", "meeting__event", "adopted_as")
        .order_by("sector__position", "id")
    )


def get_draft(
    process: Process, pk: int, *, audience: frozenset[str] = PUBLIC_ONLY
) -> Draft:
    return (
        Draft.objects.filter(process=process, visibility__in=audience)
        .select_related("sector", "meeting__event", "adopted_as", "adopted_into")
        .prefetch_related(
            Prefetch("versions", queryset=DraftVersion.objects.order_by("-number")),
            Prefetch(
                "endorsements",
                # Up to every member: only what the list shows of each.
                queryset=Endorsement.objects.select_related("organisation")
                .only(
                    "draft_id",
                    "reason",
                    *columns("organisation__name"),
                )
                .order_by("created_at", "id"),
            ),
        )
        .get(pk=pk)
    )


def draft_comments(draft: Draft) -> QuerySet[Comment]:
    """The draft's comments, oldest first, with only what the page shows of each
    (its organisation's name; a hidden one, when and why)."""
    return (
        Comment.objects.filter(draft=draft)
        .select_related("organisation")
        .only(
            "draft_id",
            "body",
            "created_at",
            "hidden_at",
            "hidden_reason",
            *columns("organisation__name"),
        )
        .order_by("created_at", "id")
    )


def comment_position(comment: Comment) -> int:
    """The comment's place (1 first) in draft_comments() of its draft."""
    earlier = Q(created_at__lt=comment.created_at) | Q(
        created_at=comment.created_at, id__lte=comment.pk
    )
    return Comment.objects.filter(earlier, draft_id=comment.draft_id).count()


def _words(text: str) -> str:
    """A draft's rich text as the words a reader compares (no tags)."""
    return clean_text(re.sub(r"</(p|li|h[2-4]|blockquote)>", "\n", text or ""))


def version_diff(older: DraftVersion, newer: DraftVersion) -> list[tuple[str, str]]:
    """Word-level diff as (op, text) pairs: op is "equal", "insert" or "delete"."""
    a = f"{older.title}\n{_words(older.text)}".split(" ")
    b = f"{newer.title}\n{_words(newer.text)}".split(" ")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
        a=a, b=b, autojunk=False
    ).get_opcodes():
        if op == "equal":
            out.append(("equal", " ".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("delete", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("insert", " ".join(b[j1:j2])))
    return out


def get_meeting(
    process: Process, pk: int, *, audience: frozenset[str] = PUBLIC_ONLY
) -> Meeting:
    """A meeting with the documents and drafts the reader may see;
    ``minutes_shown`` says whether the reader may see its minutes."""
    meeting = (
        Meeting.objects.filter(process=process)
        .select_related("event")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=MeetingDocument.objects.filter(visibility__in=audience),
            ),
            "attending_organisations",
            Prefetch(
                "drafts",
                queryset=Draft.objects.filter(visibility__in=audience).select_related(
                    "sector"
                ),
            ),
        )
        .get(pk=pk)
    )
    meeting.minutes_shown = meeting.minutes_visibility in audience
    return meeting


def get_meeting_document(
    process: Process, meeting_pk: int, pk: int, *, audience: frozenset[str]
) -> MeetingDocument:
    return MeetingDocument.objects.get(
        meeting__process=process, meeting_id=meeting_pk, pk=pk, visibility__in=audience
    )


def search_processes(terms: list[str]) -> list[Process]:
    from plaidoyer.core.search import match_in_python

    fields = [
        f"{f}_{c}" for f in ("title", "description") for c in ("fr", "nl", "en", "de")
    ]
    return match_in_python(Process.objects.filter(is_published=True), terms, fields)
