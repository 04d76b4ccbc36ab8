from __future__ import annotations

import difflib
import re

from django.db.models import Case, Prefetch, Q, QuerySet, When

from plaidoyer.commitments.selectors import sectors_and_levels
from plaidoyer.core.html import clean_text
from plaidoyer.core.translated import columns, translated
from plaidoyer.core.urlmaker import url_maker
from plaidoyer.core.visibility import PUBLIC_ONLY
from plaidoyer.organisations.models import Organisation

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
    """Return a process with its phases; meeting_rows(), process_members() and
    draft_rows() give the rest of its page."""
    return (
        Process.objects.filter(is_published=True)
        .prefetch_related("phases")
        .get(slug=slug)
    )


def meeting_rows(process: Process) -> list[dict]:
    """The process's meetings, in date order, as its page lists them: ``url``,
    ``title`` (Translated), ``starts_at``, ``closed``, ``event_url``. Read as
    values: a process holds dozens."""
    meeting_url = url_maker("processes:meeting", "pk", slug=process.slug)
    event_url = url_maker("events:detail", "slug")
    rows = (
        Meeting.objects.filter(process=process)
        .order_by("event__starts_at", "id")
        .values(
            "pk",
            "closed_at",
            "event__slug",
            "event__starts_at",
            *columns("event__title"),
        )
    )
    return [
        {
            "url": meeting_url(row["pk"]),
            "title": translated(row, "event__title"),
            "starts_at": row["event__starts_at"],
            "closed": row["closed_at"] is not None,
            "event_url": event_url(row["event__slug"]),
        }
        for row in rows
    ]


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


def member_rows(members: QuerySet[ProcessMember]) -> list[dict]:
    """``members`` (process_members(), a page of it) as a list shows them:
    ``url``, ``name`` (Translated, marked by its lang alone) and ``role`` (its
    note, else its label). Read as values: a process has hundreds."""
    url = url_maker("organisations:detail", "slug")
    roles = dict(ProcessMember.Role.choices)
    rows = members.values(
        "role", "role_note", "organisation__slug", *columns("organisation__name")
    )
    return [
        {
            "url": url(row["organisation__slug"]),
            "name": translated(row, "organisation__name", note=False),
            "role": row["role_note"] or roles.get(row["role"], row["role"]),
        }
        for row in rows
    ]


def draft_rows(process: Process, drafts: QuerySet[Draft]) -> list[dict]:
    """``drafts`` (draft_table(), a page of it) as the process page's table shows
    them: ``url``, ``title`` and ``sector`` (Translated), ``visibility``,
    ``status`` (its label), ``endorsements``, ``comments``, and the
    recommendation it became (``adopted_code``, ``adopted_url``). Read as values
    with the sectors from their cache: a page holds fifty."""
    sectors, _levels = sectors_and_levels()
    sector_names = {pk: translated(sector, "name") for pk, sector in sectors.items()}
    statuses = dict(Draft.Status.choices)
    url = url_maker("processes:draft", "pk", slug=process.slug)
    recommendation_url = url_maker("commitments:recommendation", "code")
    rows = drafts.values(
        "pk",
        "sector_id",
        "visibility",
        "status",
        "endorsement_count",
        "comment_count",
        "adopted_as__code",
        *columns("title"),
    )
    return [
        {
            "url": url(row["pk"]),
            "title": translated(row, "title"),
            "sector": sector_names.get(row["sector_id"], ""),
            "visibility": row["visibility"],
            "status": statuses.get(row["status"], row["status"]),
            "endorsements": row["endorsement_count"],
            "comments": row["comment_count"],
            "adopted_code": (code := row["adopted_as__code"]),
            "adopted_url": recommendation_url(code) if code else "",
        }
        for row in rows
    ]


def draft_table(
    process: Process, *, audience: frozenset[str] = PUBLIC_ONLY
) -> QuerySet[Draft]:
    """drafts_of() without its joins: draft_rows() reads a page of it, what a
    row of the process page's table shows."""
    return drafts_of(process, audience=audience).select_related(None)


def adopted_drafts(drafts: QuerySet[Draft]) -> list[dict]:
    """Of ``drafts``, the recommendations the adopted ones became: ``code``,
    ``url``, ``title`` (Translated) and ``status`` (its barometer status)."""
    url = url_maker("commitments:recommendation", "code")
    rows = drafts.exclude(adopted_as=None).values(
        "adopted_as__code",
        "adopted_as__barometer_status",
        *columns("adopted_as__title"),
    )
    return [
        {
            "code": row["adopted_as__code"],
            "url": url(row["adopted_as__code"]),
            "title": translated(row, "adopted_as__title"),
            "status": row["adopted_as__barometer_status"],
        }
        for row in rows
    ]


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
            Prefetch(
                "attending_organisations",
                queryset=Organisation.objects.only("id", *columns("name")),
            ),
            Prefetch(
                "drafts",
                queryset=Draft.objects.filter(visibility__in=audience).only(
                    "meeting_id", *columns("title")
                ),
            ),
        )
        .get(pk=pk)
    )
    meeting.minutes_shown = meeting.minutes_visibility in audience
    url = url_maker("processes:draft", "pk", slug=process.slug)
    for draft in meeting.drafts.all():
        draft.url = url(draft.pk)  # type: ignore[attr-defined]
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
