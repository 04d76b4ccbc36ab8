"""Every write of the authorities' replies: contacts, links, replies, moderation,
requests for an update."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plaidoyer.accounts.models import User
from plaidoyer.commitments import services as commitment_services
from plaidoyer.commitments.models import (
    Authority,
    Commitment,
    Recommendation,
    Status,
    StatusUpdate,
)
from plaidoyer.core import audit, ratelimit
from plaidoyer.core.mail import send_email
from plaidoyer.core.models import model_max_length
from plaidoyer.core.ratelimit import Limit
from plaidoyer.core.versions import Version

from .models import Contact, Invitation, Reply, UpdateRequest
from .permissions import can_manage_replies

TOKEN_SALT = "replies.invitation"  # noqa: S105 - a salt, not a secret
INVITATION_DAYS = 30
MAX_TEXT_CHARS = 5000
MAX_REASON_CHARS = 2000
# Commitments still to follow: an authority with one of these is asked for news.
CLOSED = [Status.IMPLEMENTED, Status.ABANDONED]
LANGS = [code for code, _name in settings.LANGUAGES]
# Replies a contact may send per hour (a link is not a licence to flood moderators).
REPLY_LIMIT = 60


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def make_token(invitation: Invitation, secret: str) -> str:
    return signing.Signer(salt=TOKEN_SALT).sign(f"{invitation.pk}.{secret}")


def parse_token(token: str) -> tuple[int, str] | None:
    """The invitation id and secret a link carries, or None if it was not signed here."""
    try:
        value = signing.Signer(salt=TOKEN_SALT).unsign(token[:300])
    except signing.BadSignature:
        return None
    pk, _sep, secret = value.partition(".")
    if not pk.isascii() or not pk.isdigit() or len(pk) > 18 or not secret:
        return None
    return int(pk), secret


def absolute(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


# --- Contacts -------------------------------------------------------------------------


def _check_contact(*, name: str, role: str, email: str, language: str) -> None:
    errors: dict[str, Any] = {}
    if not name.strip():
        errors["name"] = _("Give the contact's name.")
    elif len(name) > model_max_length(Contact, "name"):
        errors["name"] = _("The name is too long.")
    if len(role) > model_max_length(Contact, "role"):
        errors["role"] = _("The role is too long.")
    try:
        EmailValidator()(email)
    except ValidationError:
        errors["email"] = _("Enter a valid email address.")
    if len(email) > model_max_length(Contact, "email"):
        errors["email"] = _("The email address is too long.")
    if language not in LANGS:
        errors["language"] = _("Unknown language.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_contact(
    *, by: User, authority: Authority, name: str, role: str, email: str, language: str
) -> Contact:
    """Record a person who may answer for ``authority``."""
    with audit.action(
        "replies.add_contact", by=by, allowed=can_manage_replies(by), fields="__all__"
    ) as change:
        email = email.strip().lower()
        _check_contact(name=name, role=role, email=email, language=language)
        if Contact.objects.filter(authority=authority, email=email).exists():
            raise ValidationError(
                {"email": _("This address is already a contact of this authority.")}
            )
        change.target = contact = Contact.objects.create(
            authority=authority,
            name=name.strip(),
            role=role.strip(),
            email=email,
            language=language,
        )
    return contact


@transaction.atomic
def deactivate_contact(*, by: User, contact: Contact) -> Contact:
    """Stop a contact answering: their links no longer open, their session ends."""
    with audit.action(
        "replies.deactivate_contact",
        by=by,
        allowed=can_manage_replies(by),
        target=contact,
        fields=["active"],
    ):
        contact.active = False
        contact.save(update_fields=["active"])
        contact.invitations.filter(revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    return contact


# --- Links ----------------------------------------------------------------------------


def _new_invitation(
    *, by: User | None, contact: Contact, request: UpdateRequest | None, template: str
) -> Invitation:
    secret = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        contact=contact,
        request=request,
        secret_hash=_hash(secret),
        created_by=by,
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    token = make_token(invitation, secret)
    send_email(
        to=contact.email,
        template=template,
        context=lambda: {
            "contact": contact,
            "authority": contact.authority,
            "url": absolute("replies:open", token=token),
            "expires_at": invitation.expires_at,
            "request": request,
        },
        language=contact.language,
        key=f"replies.invitation:{invitation.pk}",
    )
    return invitation


@transaction.atomic
def invite_contact(*, by: User, contact: Contact) -> Invitation:
    """Email ``contact`` a link to their reply space (valid INVITATION_DAYS days)."""
    with audit.action(
        "replies.invite_contact", by=by, allowed=can_manage_replies(by), fields=[]
    ) as change:
        if not contact.active:
            raise ValidationError(
                _("This contact no longer answers for the authority.")
            )
        change.target = _new_invitation(
            by=by, contact=contact, request=None, template="replies/email/invitation"
        )
    return change.target


@transaction.atomic
def revoke_invitation(*, by: User, invitation: Invitation) -> Invitation:
    """The link stops opening, and a space it opened closes."""
    with audit.action(
        "replies.revoke_invitation",
        by=by,
        allowed=can_manage_replies(by),
        target=invitation,
        fields=["revoked_at"],
    ) as change:
        if invitation.revoked_at is not None:
            change.skip()
        else:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
    return invitation


def _valid(qs, now: datetime.datetime):
    return qs.filter(
        revoked_at__isnull=True, expires_at__gt=now, contact__active=True
    ).select_related("contact__authority__level")


@transaction.atomic
def open_invitation(*, token: str) -> Invitation | None:
    """Use a link, once: return its invitation, or None for a link that is forged,
    expired, revoked or already used."""
    parsed = parse_token(token)
    if parsed is None:
        return None
    pk, secret = parsed
    now = timezone.now()
    invitation = (
        _valid(Invitation.objects.select_for_update(of=("self",)), now)
        .filter(pk=pk, used_at__isnull=True)
        .first()
    )
    if invitation is None or not secrets.compare_digest(
        invitation.secret_hash, _hash(secret)
    ):
        return None
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    audit.record(by=None, action="replies.open_invitation", target=invitation)
    return invitation


def session_invitation(pk: Any) -> Invitation | None:
    """The invitation a contact's session was opened with, while it stays valid."""
    if not isinstance(pk, int):
        return None
    return (
        _valid(Invitation.objects.all(), timezone.now())
        .filter(pk=pk, used_at__isnull=False)
        .first()
    )


# --- Replies --------------------------------------------------------------------------


def _check_reply(
    *,
    status: str,
    progress: int | None,
    comment: str,
    response: str,
    evidence_url: str,
) -> None:
    errors: dict[str, Any] = {}
    if status not in Status.values:
        errors["status"] = _("Unknown status.")
    if progress is not None and not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage between 0 and 100.")
    for field, text in (("comment", comment), ("response", response)):
        if len(text) > MAX_TEXT_CHARS:
            errors[field] = _("The text is too long (at most %(max)d characters).") % {
                "max": MAX_TEXT_CHARS
            }
    if not (comment.strip() or response.strip() or evidence_url):
        errors["comment"] = _("Say something: a comment, a reply or some evidence.")
    if evidence_url:
        if len(evidence_url) > model_max_length(Reply, "evidence_url"):
            errors["evidence_url"] = _("The web address is too long.")
        elif urlsplit(evidence_url).scheme.lower() not in {"http", "https"}:
            errors["evidence_url"] = _(
                "Only web addresses starting with http:// or https:// are accepted."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def submit_reply(
    *,
    invitation: Invitation,
    commitment: Commitment | None = None,
    recommendation: Recommendation | None = None,
    status: str,
    progress: int | None = None,
    comment: str = "",
    response: str = "",
    evidence_url: str = "",
    evidence_file=None,
) -> Reply:
    """File a contact's reply; it waits for a coordinator's moderation.

    The contact answers only for their own authority: a commitment of another
    authority, or a recommendation outside their level, is refused.
    """
    contact = invitation.contact
    authority = contact.authority
    if (commitment is None) == (recommendation is None):
        raise ValidationError(
            _("A reply is about one commitment or one recommendation.")
        )
    if commitment is not None:
        in_scope = commitment.authority_id == authority.pk
    else:
        assert recommendation is not None
        in_scope = recommendation.levels.filter(pk=authority.level_id).exists()
    allowed = in_scope and session_invitation(invitation.pk) is not None
    with audit.action(
        "replies.submit_reply",
        by=None,
        allowed=allowed,
        fields="__all__",
        versions=[Version.BAROMETER],
    ) as change:
        _check_reply(
            status=status,
            progress=progress,
            comment=comment,
            response=response,
            evidence_url=evidence_url,
        )
        ratelimit.hit(Limit(f"replies:{contact.pk}", REPLY_LIMIT, 3600))
        reply = Reply(
            contact=contact,
            authority=authority,
            commitment=commitment,
            recommendation=recommendation,
            status=status,
            progress=progress,
            comment=comment.strip(),
            response=response.strip(),
            evidence_url=evidence_url,
        )
        if evidence_file:
            reply.evidence_file = evidence_file
        reply.save()
        change.target = reply
        UpdateRequest.objects.filter(
            authority=authority, answered_at__isnull=True
        ).update(answered_at=reply.submitted_at)
    return reply


def _note(reply: Reply) -> str:
    parts = [reply.comment] if reply.comment else []
    if reply.response:
        with translation.override(settings.LANGUAGE_CODE):
            label = _("Reply to the coalition's assessment:")
        parts.append(f"{label} {reply.response}")
    return "\n\n".join(parts)


@transaction.atomic
def accept_reply(*, by: User, reply: Reply) -> Reply:
    """Publish a reply beside the coalition's view and tell the followers.

    A reply on a commitment becomes the authority's own status update in its
    public, append-only history.
    """
    with audit.action(
        "replies.accept_reply",
        by=by,
        allowed=can_manage_replies(by),
        target=reply,
        fields=["state", "moderated_at", "update"],
        versions=[Version.BAROMETER],
    ) as change:
        reply = Reply.objects.select_for_update().get(pk=reply.pk)
        change.target = reply
        if reply.state != Reply.State.PENDING:
            raise ValidationError(_("This reply has already been moderated."))
        if reply.commitment_id is not None:
            commitment = reply.commitment
            assert commitment is not None
            date = max(timezone.localdate(reply.submitted_at), commitment.committed_on)
            date = min(date, timezone.localdate())
            reply.update = commitment_services.record_status_update(
                by=by,
                commitment=commitment,
                date=date,
                status=reply.status,
                progress=reply.progress,
                note=_note(reply)[: commitment_services.MAX_NOTE_CHARS],
                evidence_url=reply.evidence_url,
                evidence_file=reply.evidence_file or None,
                source=StatusUpdate.Source.AUTHORITY,
            )
        else:
            assert reply.recommendation is not None
            change.versions.append(
                commitment_services.recommendation_key(reply.recommendation.code)
            )
        reply.state = Reply.State.ACCEPTED
        reply.moderated_at = timezone.now()
        reply.moderated_by = by
        reply.save(update_fields=["state", "moderated_at", "moderated_by", "update"])
    from .tasks import notify_reply_published

    transaction.on_commit(lambda: notify_reply_published.enqueue(reply_id=reply.pk))
    return reply


@transaction.atomic
def refuse_reply(*, by: User, reply: Reply, reason: str) -> Reply:
    """Refuse a reply, and email its sender why, in their language."""
    with audit.action(
        "replies.refuse_reply",
        by=by,
        allowed=can_manage_replies(by),
        target=reply,
        fields=["state", "refusal_reason"],
        versions=[Version.WORKSPACE],
    ) as change:
        reply = (
            Reply.objects.select_for_update()
            .select_related("contact__authority")
            .get(pk=reply.pk)
        )
        change.target = reply
        reason = reason.strip()
        if not reason:
            raise ValidationError({"reason": _("Say why the reply is refused.")})
        if len(reason) > MAX_REASON_CHARS:
            raise ValidationError(
                {
                    "reason": _("The text is too long (at most %(max)d characters).")
                    % {"max": MAX_REASON_CHARS}
                }
            )
        if reply.state != Reply.State.PENDING:
            raise ValidationError(_("This reply has already been moderated."))
        reply.state = Reply.State.REFUSED
        reply.refusal_reason = reason
        reply.moderated_at = timezone.now()
        reply.moderated_by = by
        reply.save(
            update_fields=["state", "refusal_reason", "moderated_at", "moderated_by"]
        )
        contact = reply.contact
        send_email(
            to=contact.email,
            template="replies/email/refused",
            context=lambda: {"contact": contact, "reply": reply, "reason": reason},
            language=contact.language,
            key=f"replies.refused:{reply.pk}",
        )
    return reply


# --- Asking for news ------------------------------------------------------------------


def authorities_to_ask():
    """Authorities with an open commitment and someone to ask."""
    return (
        Authority.objects.filter(
            Q(commitments__isnull=False) & ~Q(commitments__status__in=CLOSED),
            contacts__active=True,
        )
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def request_updates(
    *, by: User, kind: str, remind_after_days: int = 14
) -> list[UpdateRequest]:
    """Ask every authority with open commitments for news: each of its contacts
    gets a fresh link. A reminder follows after ``remind_after_days`` without an
    answer (tasks.send_reminders)."""
    with audit.action(
        "replies.request_updates",
        by=by,
        allowed=can_manage_replies(by),
        target_type="replies.updaterequest",
        versions=[Version.BAROMETER],
    ) as change:
        errors: dict[str, Any] = {}
        if kind not in UpdateRequest.Kind.values:
            errors["kind"] = _("Unknown kind of request.")
        if not 1 <= remind_after_days <= 365:
            errors["remind_after_days"] = _("The reminder comes after 1 to 365 days.")
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        created = []
        for authority in authorities_to_ask():
            request = UpdateRequest.objects.create(
                authority=authority,
                kind=kind,
                asked_at=now,
                asked_by=by,
                remind_after_days=remind_after_days,
            )
            for contact in authority.contacts.filter(active=True).select_related(
                "authority"
            ):
                _new_invitation(
                    by=by,
                    contact=contact,
                    request=request,
                    template="replies/email/request",
                )
            created.append(request)
        change.after = {"kind": kind, "authorities": [r.authority_id for r in created]}
    return created


def send_reminder(request_id: int, now: datetime.datetime) -> bool:
    """Remind an authority that did not answer, once (claims the row first)."""
    with transaction.atomic():
        claimed = UpdateRequest.objects.filter(
            pk=request_id, reminded_at__isnull=True, answered_at__isnull=True
        ).update(reminded_at=now)
        if not claimed:
            return False
        request = UpdateRequest.objects.select_related("authority").get(pk=request_id)
        for contact in request.authority.contacts.filter(active=True).select_related(
            "authority"
        ):
            _new_invitation(
                by=None,
                contact=contact,
                request=request,
                template="replies/email/reminder",
            )
    return True
