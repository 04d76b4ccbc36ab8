"""Reads of the authorities' replies."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from plaidoyer.commitments.models import Authority, Commitment, Recommendation
from plaidoyer.core.urlmaker import url_maker

from .models import Contact, Invitation, Reply, UpdateRequest

PUBLISHED = Reply.State.ACCEPTED


def pending_replies() -> QuerySet[Reply]:
    """Replies awaiting a coordinator, oldest first."""
    return (
        Reply.objects.filter(state=Reply.State.PENDING)
        .select_related("contact", "authority", "commitment", "recommendation")
        .order_by("submitted_at", "id")
    )


def pending_reply_count() -> int:
    """How many replies await moderation (for the coordinators' dashboard)."""
    return Reply.objects.filter(state=Reply.State.PENDING).count()


def unanswered_request_count() -> int:
    """How many authorities asked for news have not answered yet."""
    return UpdateRequest.objects.filter(answered_at__isnull=True).count()


def authorities_with_contacts() -> QuerySet[Authority]:
    return Authority.objects.select_related("level").annotate(
        contact_count=Count("contacts", filter=Q(contacts__active=True), distinct=True),
        pending_count=Count(
            "replies", filter=Q(replies__state=Reply.State.PENDING), distinct=True
        ),
    )


def get_authority(slug: str) -> Authority:
    return Authority.objects.select_related("level").get(slug=slug)


def authority_contacts(authority: Authority) -> QuerySet[Contact]:
    return authority.contacts.prefetch_related(
        Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at"))
    ).order_by("-active", "name", "id")


def contact_commitments(authority: Authority) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(authority=authority)
        .prefetch_related("recommendations")
        .order_by("-committed_on", "-id")
    )


def level_recommendations(authority: Authority) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(levels=authority.level_id)
        .select_related("sector")
        .order_by("sort_key")
    )


def contact_replies(contact: Contact) -> QuerySet[Reply]:
    return contact.replies.select_related("commitment", "recommendation").order_by(
        "-submitted_at", "-id"
    )


def published_replies(**lookup) -> QuerySet[Reply]:
    """Published replies (``authority=``, ``commitment=`` or ``recommendation=``),
    newest first, with who sent them (reply_rows() gives them as lists show
    them)."""
    joins = ["contact", "commitment", "recommendation"]
    if "authority" not in lookup:
        joins.append("authority")
    return (
        Reply.objects.filter(state=PUBLISHED, **lookup)
        .select_related(*joins)
        .order_by("-submitted_at", "-id")
    )


def reply_rows(replies: Iterable[Reply], authority=None) -> list[Reply]:
    """``replies`` (published_replies(), a slice or page of it) with
    ``subject_url``, the commitment's or recommendation's page; ``authority``:
    the one they were read for (not joined again for each)."""
    rows = list(replies)
    commitment_url = url_maker("commitments:commitment", "pk")
    recommendation_url = url_maker("commitments:recommendation", "code")
    for reply in rows:
        if authority is not None:
            reply.authority = authority
        if reply.commitment_id:
            reply.subject_url = commitment_url(reply.commitment_id)  # type: ignore[attr-defined]
        elif reply.recommendation is not None:
            reply.subject_url = recommendation_url(reply.recommendation.code)  # type: ignore[attr-defined]
    return rows


def response_summary(authority: Authority) -> dict:
    """When ``authority`` was last asked and last answered, and its response rate."""
    row = UpdateRequest.objects.filter(authority=authority).aggregate(
        asked=Count("id"),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        asked_on=Max("asked_at"),
        answered_on=Max("answered_at"),
    )
    row["rate"] = round(100 * row["answered"] / row["asked"]) if row["asked"] else None
    return row


def response_rates() -> list[dict]:
    """Per authority ever asked: asked on, answered on, response rate (two queries;
    the authorities are read as models so their names come in the page's
    language)."""
    rows: list[dict] = [
        dict(row)
        for row in UpdateRequest.objects.values("authority_id").annotate(
            asked=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            asked_on=Max("asked_at"),
            answered_on=Max("answered_at"),
        )
    ]
    authorities = Authority.objects.in_bulk([row["authority_id"] for row in rows])
    for row in rows:
        row["authority"] = authorities[row["authority_id"]]
        row["rate"] = round(100 * row["answered"] / row["asked"])
    return sorted(rows, key=lambda row: str(row["authority"].name))
