import datetime
from collections.abc import Callable
from html import escape

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from plaidoyer.accounts.models import User
from plaidoyer.core import periodic
from plaidoyer.core.mail import render_email, render_html, send_email
from plaidoyer.organisations.models import Staff

from . import services
from .models import Action, CaseUpdate, PaperBatch, SessionRequest, WritingSession


@task()
def send_action_confirmation(*, action_id: int) -> None:
    action = (
        Action.objects.select_related("case", "campaign").filter(pk=action_id).first()
    )
    if action is None or action.confirmed_at is not None or not action.email:
        return
    send_email(
        to=action.email,
        template="campaigns/email/confirm",
        context=lambda: {
            "action": action,
            "case": action.case,
            "campaign": action.campaign,
            "confirm_url": settings.SITE_URL
            + reverse("campaigns:confirm", kwargs={"token": action.token}),
        },
        language=action.language,
    )


@task()
def send_already_written(*, action_id: int) -> None:
    """Tell someone who wrote again for a case that their first letter stands."""
    action = (
        Action.objects.select_related("case", "campaign").filter(pk=action_id).first()
    )
    if action is None or not action.email:
        return
    send_email(
        to=action.email,
        template="campaigns/email/already_written",
        context=lambda: {
            "action": action,
            "case": action.case,
            "campaign": action.campaign,
            "confirm_url": ""
            if action.confirmed_at
            else settings.SITE_URL
            + reverse("campaigns:confirm", kwargs={"token": action.token}),
        },
        language=action.language,
    )


@periodic.register("campaigns.expire_unconfirmed")
def expire_unconfirmed() -> int:
    return services.expire_unconfirmed()


@periodic.register("campaigns.anonymise")
def anonymise() -> int:
    return services.anonymise_closed()


def unsubscribe_url(token: str, language: str) -> str:
    """A signer's one-click address to stop the campaign's news, in their
    language."""
    with translation.override(language):
        return settings.SITE_URL + reverse(
            "campaigns:news_stop", kwargs={"token": token}
        )


# Stand-ins for what differs between two signers of one language: the email is
# rendered once per language and update, then each copy gets its own.
_NAME, _TOKEN = "SIGNER-NAME-PLACEHOLDER", "SIGNER-TOKEN-PLACEHOLDER"


def case_update_renderer(update: CaseUpdate) -> Callable[[Action], dict]:
    """``render(action)``: the signer's email about ``update`` in their language,
    with RFC 8058 one-click unsubscribe headers and its outbox key."""
    rendered: dict[str, tuple[str, str, str, str]] = {}

    def render(action: Action) -> dict:
        if action.language not in rendered:
            stop = unsubscribe_url(_TOKEN, action.language)
            with translation.override(action.language):
                context = {
                    "name": _NAME,
                    "update": update,
                    "case": update.case,
                    "campaign": update.case.campaign,
                    "case_url": settings.SITE_URL
                    + reverse(
                        "campaigns:detail", kwargs={"slug": update.case.campaign.slug}
                    )
                    + f"?case={update.case.slug}",
                    "unsubscribe_url": stop,
                }
                subject, body = render_email("campaigns/email/case_update", context)
                html = render_html(
                    "campaigns/email/case_update", context, subject=subject, body=body
                )
            rendered[action.language] = (subject, body, html, stop)
        subject, body, html, stop = rendered[action.language]
        stop = stop.replace(_TOKEN, action.token)
        return {
            "subject": subject,
            "body": body.replace(_TOKEN, action.token).replace(_NAME, action.name),
            # The signer's name is text in the HTML part: escaped.
            "html": html.replace(_TOKEN, action.token).replace(
                _NAME, escape(action.name)
            ),
            "to": [action.email],
            "headers": {
                "List-Unsubscribe": f"<{stop}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            "key": f"{update.email_key_prefix}{action.pk}",
        }

    return render


@task()
def notify_case_update(*, update_id: int) -> int:
    """Email ``update_id`` to the signers who asked for news, unless another
    worker is at it; a killed run is taken up again by ``resume_case_updates``."""
    if not services.claim_case_update(update_id):
        return 0
    update = CaseUpdate.objects.select_related("case__campaign").get(pk=update_id)
    return services.notify_signers(update, case_update_renderer(update))


@periodic.register("campaigns.resume_case_updates")
def resume_case_updates() -> int:
    """Every minute: queue again the updates whose emails a dead worker left
    half done (its claim went stale) or that were never picked up."""
    stale = timezone.now() - datetime.timedelta(seconds=services.NOTIFY_STALE_SECONDS)
    ids = list(
        CaseUpdate.objects.filter(notified_at__isnull=True)
        .filter(
            Q(notify_claimed_at__isnull=True, created_at__lt=stale)
            | Q(notify_claimed_at__lt=stale)
        )
        .values_list("pk", flat=True)[:20]
    )
    for update_id in ids:
        notify_case_update.enqueue(update_id=update_id)
    return len(ids)


def _staff_of(organisation_id: int):
    return [
        s.user
        for s in Staff.objects.filter(
            organisation_id=organisation_id, user__is_active=True
        ).select_related("user")
    ]


@task()
def send_batch_rejected(*, batch_id: int) -> None:
    """Tell the group that collected a batch why it was rejected: each staff
    member in their language, once (a retried task sends nothing more)."""
    batch = (
        PaperBatch.objects.select_related("campaign", "case", "organisation")
        .filter(pk=batch_id, status=PaperBatch.Status.REJECTED)
        .first()
    )
    if batch is None:
        return
    recipients = {u.pk: u for u in _staff_of(batch.organisation_id)}
    if batch.submitted_by and batch.submitted_by.is_active:
        recipients.setdefault(batch.submitted_by_id, batch.submitted_by)
    for user in recipients.values():
        send_email(
            to=user.email,
            template="campaigns/email/batch_rejected",
            context=lambda: {
                "batch": batch,
                "campaign": batch.campaign,
                "batches_url": settings.SITE_URL
                + reverse("campaigns:batches", kwargs={"slug": batch.campaign.slug}),
            },
            language=user.language,
            key=f"campaigns.batch_rejected:{batch.pk}:{user.pk}",
        )


def _password_link(user) -> str:
    """A link to choose a password, for a host whose account was just made."""
    if user is None or user.has_usable_password():
        return ""
    return settings.SITE_URL + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@task()
def send_session_request_answer(*, request_id: int) -> None:
    """Tell the person who asked to host a session whether it was accepted."""
    session_request = (
        SessionRequest.objects.select_related("campaign", "session__event")
        .filter(pk=request_id)
        .exclude(status=SessionRequest.Status.PENDING)
        .first()
    )
    if session_request is None:
        return
    accepted = session_request.status == SessionRequest.Status.ACCEPTED
    user = User.objects.filter(email__iexact=session_request.email).first()
    send_email(
        to=session_request.email,
        template="campaigns/email/session_" + ("accepted" if accepted else "refused"),
        context=lambda: {
            "request": session_request,
            "campaign": session_request.campaign,
            "session": session_request.session,
            "password_url": _password_link(user) if accepted else "",
            "sessions_url": settings.SITE_URL + reverse("campaigns:my_sessions"),
            "kit_url": settings.SITE_URL
            + reverse("campaigns:kit", kwargs={"slug": session_request.campaign.slug}),
        },
        language=session_request.language,
        key=f"campaigns.session_request_answer:{session_request.pk}",
    )


def send_report_reminder(session: WritingSession) -> None:
    """Ask the host's staff how the session went: once per session and person."""
    for user in _staff_of(session.host_id):
        send_email(
            to=user.email,
            template="campaigns/email/report_reminder",
            context=lambda: {
                "session": session,
                "event": session.event,
                "campaign": session.campaign,
                "report_url": settings.SITE_URL
                + reverse("campaigns:session_report", kwargs={"pk": session.pk}),
            },
            language=user.language,
            key=f"campaigns.session_report_reminder:{session.pk}:{user.pk}",
        )


@periodic.register("campaigns.remind_unreported_sessions")
def remind_unreported_sessions() -> int:
    return services.remind_unreported()
