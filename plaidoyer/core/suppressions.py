"""One suppression list for every email: addresses that bounced for good,
complained of spam or unsubscribed at the provider get no email any more.

``core.mail.deliver`` drops suppressed recipients before an email is queued.
The provider tells us through django-anymail's tracking webhook (Mailgun's,
signed with ``MAILGUN_WEBHOOK_SIGNING_KEY``: see ``webhook``); coordinators see
the list at ``core:suppressions``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.signals import AnymailTrackingEvent, EventType, tracking
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import Http404, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt

from .models import Suppression

Reason = Suppression.Reason
# What a tracking event means for the address; other events change nothing.
REASONS = {
    EventType.BOUNCED: Reason.BOUNCED,
    EventType.COMPLAINED: Reason.COMPLAINED,
    EventType.UNSUBSCRIBED: Reason.UNSUBSCRIBED,
}


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def suppress(*, email: str, reason: str, detail: str = "") -> Suppression | None:
    """Put ``email`` on the list (once: a second bounce changes nothing)."""
    email = normalise(email)
    if not email or "@" not in email:
        return None
    try:
        with transaction.atomic():
            return Suppression.objects.create(
                email=email[:254], reason=reason, detail=detail[:500]
            )
    except IntegrityError:
        return Suppression.objects.filter(email=email[:254]).first()


def suppressed_among(addresses: Iterable[str]) -> set[str]:
    """The normalised addresses of ``addresses`` that are on the list."""
    wanted = {normalise(a) for a in addresses}
    if not wanted:
        return set()
    return set(
        Suppression.objects.filter(email__in=wanted).values_list("email", flat=True)
    )


def deliverable(addresses: Sequence[str]) -> list[str]:
    """``addresses`` without the suppressed ones, in their order."""
    gone = suppressed_among(addresses)
    return [a for a in addresses if normalise(a) not in gone]


def suppressions() -> QuerySet[Suppression]:
    """The list, newest first (the coordinator's page)."""
    return Suppression.objects.order_by("-created_at", "-id")


def count_suppressed() -> int:
    """How many addresses get no email (a dashboard count)."""
    return Suppression.objects.count()


@receiver(tracking, dispatch_uid="plaidoyer.core.suppressions")
def handle_tracking(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs):
    """A hard bounce, a complaint or a provider-side unsubscribe: suppress."""
    reason = REASONS.get(event.event_type)
    if reason is None or not event.recipient:
        return
    suppress(
        email=event.recipient,
        reason=reason,
        detail=f"{esp_name}: {event.description or event.mta_response or ''}",
    )


class _TrackingView(MailgunTrackingWebhookView):
    """Anymail's Mailgun view, answering a bad signature with 403 (Anymail's
    SuspiciousOperation would be a 400): the provider is told it is refused."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except AnymailWebhookValidationFailure:
            return HttpResponseForbidden()


@csrf_exempt
def webhook(request):
    """Mailgun's tracking webhook; 404 while no signing key is configured."""
    key = settings.ANYMAIL.get("MAILGUN_WEBHOOK_SIGNING_KEY")
    if not key:
        raise Http404
    return _TrackingView.as_view(webhook_signing_key=key)(request)
