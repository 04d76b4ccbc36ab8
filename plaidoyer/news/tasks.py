"""News emails and periodic publishing, in each recipient's language."""

import time

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from plaidoyer.core import periodic
from plaidoyer.core.mail import deliver_many, render_email, render_html, send_email

from . import segments, services
from .models import Delivery, Newsletter, Subscriber

BATCH = 200


@periodic.register("news.publish_scheduled")
def publish_scheduled() -> int:
    return services.publish_due()


@task()
def send_contact(
    *,
    name: str,
    email: str,
    subject: str,
    message: str,
    recipients: list[str],
    language: str,
    organisation: str,
) -> None:
    context = {
        "name": name,
        "email": email,
        "subject": subject,
        "message": message,
        "organisation": organisation,
    }
    send_email(
        to=recipients,
        template="news/email/contact",
        context=context,
        language=settings.LANGUAGE_CODE,
        reply_to=[email],
    )
    send_email(
        to=email,
        template="news/email/contact_receipt",
        context=context,
        language=language,
    )


@task()
def send_subscription_confirmation(*, subscriber_id: int) -> None:
    subscriber = Subscriber.objects.filter(
        pk=subscriber_id, confirmed_at__isnull=True
    ).first()
    if subscriber is None:
        return
    send_email(
        to=subscriber.email,
        template="news/email/subscription",
        context=lambda: {
            "url": settings.SITE_URL
            + reverse("news:subscription_confirm", kwargs={"token": subscriber.token})
        },
        language=subscriber.language,
    )


def _unsubscribe_url(token: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("news:unsubscribe", kwargs={"token": token})


def _headers(unsubscribe: str) -> dict[str, str]:
    """RFC 8058: a mail client's one-click unsubscribe."""
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _context(newsletter: Newsletter, unsubscribe_url: str, test: bool) -> dict:
    from plaidoyer.events.selectors import events

    return {
        "newsletter": newsletter,
        "articles": newsletter.articles.all(),
        "events": list(events()[:5]) if newsletter.include_events else [],
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url,
        "test": test,
    }


def _send_newsletter(
    newsletter: Newsletter,
    email: str,
    language: str,
    token: str = "",
    *,
    test: bool = False,
) -> None:
    unsubscribe = _unsubscribe_url(token, language) if token else ""
    send_email(
        to=email,
        template="news/email/newsletter",
        context=lambda: _context(newsletter, unsubscribe, test),
        language=language,
        headers=_headers(unsubscribe) if token else {},
    )


@task()
def send_newsletter_test(*, newsletter_id: int, email: str, language: str) -> None:
    newsletter = Newsletter.objects.get(pk=newsletter_id)
    _send_newsletter(newsletter, email, language, test=True)


# A stand-in for each recipient's unsubscribe address: the newsletter is rendered
# once per language and batch, and each copy gets its own address.
_PLACEHOLDER = "UNSUBSCRIBE-TOKEN-PLACEHOLDER"


def materialise(newsletter: Newsletter, chunk: int = 2000) -> int:
    """Write a queued Delivery for every recipient (news.segments), once: the
    unique constraint on newsletter and address makes a rerun (another worker, a
    crash midway) add only the missing ones. Return how many rows were written."""
    if newsletter.audience_ready_at is not None:
        return 0
    written, rows = 0, []
    for email, language, subscriber_id in segments.recipients(newsletter):
        rows.append(
            Delivery(
                newsletter=newsletter,
                email=email,
                language=language,
                subscriber_id=subscriber_id,
            )
        )
        if len(rows) >= chunk:
            written += len(Delivery.objects.bulk_create(rows, ignore_conflicts=True))
            rows = []
    if rows:
        written += len(Delivery.objects.bulk_create(rows, ignore_conflicts=True))
    Newsletter.objects.filter(pk=newsletter.pk, audience_ready_at__isnull=True).update(
        audience_ready_at=timezone.now()
    )
    return written


def deliver_batch(newsletter_id: int, size: int = BATCH) -> int:
    """Hand the next ``size`` queued deliveries to the outbox, exactly once: the
    rows are locked (SKIP LOCKED: other workers take the next ones), and each
    outbox row (keyed by the delivery) is written in the transaction that marks
    its delivery sent; a worker killed midway rolls both back."""
    newsletter = Newsletter.objects.get(pk=newsletter_id)
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(newsletter_id=newsletter_id, status=Delivery.Status.QUEUED)
            .order_by("pk")
            .only("pk", "email", "language", "token")[:size]
        )
        if not rows:
            return 0
        rendered: dict[str, tuple[str, str, str, str]] = {}
        emails = []
        for row in rows:
            if row.language not in rendered:
                rendered[row.language] = (
                    *_render(newsletter, row.language),
                    _unsubscribe_url(_PLACEHOLDER, row.language),
                )
            subject, body, html, unsubscribe = rendered[row.language]
            emails.append(
                {
                    "subject": subject,
                    "body": body.replace(_PLACEHOLDER, row.token),
                    "html": html.replace(_PLACEHOLDER, row.token),
                    "to": [row.email],
                    "headers": _headers(unsubscribe.replace(_PLACEHOLDER, row.token)),
                    "key": f"news.delivery:{row.pk}",
                }
            )
        deliver_many(emails)
        Delivery.objects.filter(pk__in=[row.pk for row in rows]).update(
            status=Delivery.Status.SENT, sent_at=timezone.now()
        )
    return len(rows)


def _render(newsletter: Newsletter, language: str) -> tuple[str, str, str]:
    with translation.override(language):
        context = _context(
            newsletter, _unsubscribe_url(_PLACEHOLDER, language), test=False
        )
        subject, body = render_email("news/email/newsletter", context)
        html = render_html("news/email/newsletter", context, subject=subject, body=body)
        return subject, body, html


def preview(newsletter: Newsletter, language: str) -> tuple[str, str, str]:
    """The newsletter as ``language``'s recipients receive it."""
    return _render(newsletter, language)


@task()
def deliver_newsletter(*, newsletter_id: int) -> int:
    """Write the audience, then send batches for up to 50 s; queue another run
    while deliveries are left, mark the newsletter sent when none are."""
    newsletter = Newsletter.objects.get(pk=newsletter_id)
    if newsletter.status != Newsletter.Status.SENDING:
        return 0
    materialise(newsletter)
    deadline = time.monotonic() + 50
    sent = 0
    while time.monotonic() < deadline:
        done = deliver_batch(newsletter_id)
        if not done:
            break
        sent += done
    if Delivery.objects.filter(
        newsletter_id=newsletter_id, status=Delivery.Status.QUEUED
    ).exists():
        deliver_newsletter.enqueue(newsletter_id=newsletter_id)
    else:
        Newsletter.objects.filter(
            pk=newsletter_id, status=Newsletter.Status.SENDING
        ).update(status=Newsletter.Status.SENT, sent_at=timezone.now())
    return sent


@periodic.register("news.send_newsletters")
def send_newsletters() -> int:
    """Every minute: start the scheduled newsletters that are due, and take up a
    sending one whose worker died (its rows are still queued)."""
    now = timezone.now()
    due = list(
        Newsletter.objects.filter(
            status=Newsletter.Status.SCHEDULED, scheduled_at__lte=now
        ).values_list("pk", flat=True)
    )
    started = [
        pk
        for pk in due
        if Newsletter.objects.filter(pk=pk, status=Newsletter.Status.SCHEDULED).update(
            status=Newsletter.Status.SENDING
        )
    ]
    sending = Newsletter.objects.filter(status=Newsletter.Status.SENDING).values_list(
        "pk", flat=True
    )
    waiting = DBTaskResult.objects.ready().filter(
        task_path=deliver_newsletter.module_path
    )
    for pk in sending:
        if (
            pk in started
            or not waiting.filter(args_kwargs__kwargs__newsletter_id=pk).exists()
        ):
            deliver_newsletter.enqueue(newsletter_id=pk)
    return len(started)
