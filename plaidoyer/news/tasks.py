"""News emails and periodic publishing, in each recipient's language."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from plaidoyer.core import periodic
from plaidoyer.core.mail import send_each_once, send_email

from . import services
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


def _send_newsletter(
    newsletter: Newsletter,
    email: str,
    language: str,
    token: str = "",
    *,
    test: bool = False,
) -> None:
    from plaidoyer.events.selectors import events

    headers = {}
    if token:
        with translation.override(language):
            unsubscribe = settings.SITE_URL + reverse(
                "news:unsubscribe", kwargs={"token": token}
            )
        headers = {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    send_email(
        to=email,
        template="news/email/newsletter",
        context=lambda: {
            "newsletter": newsletter,
            "articles": newsletter.articles.all(),
            "events": list(events()[:5]) if newsletter.include_events else [],
            "site_url": settings.SITE_URL,
            "unsubscribe_url": unsubscribe if token else "",
            "test": test,
        },
        language=language,
        headers=headers,
    )


@task()
def send_newsletter_test(*, newsletter_id: int, email: str, language: str) -> None:
    newsletter = Newsletter.objects.get(pk=newsletter_id)
    _send_newsletter(newsletter, email, language, test=True)


def deliver_batch(newsletter_id: int, size: int = BATCH) -> int:
    """Send to the next ``size`` confirmed subscribers; each gets it exactly once."""
    newsletter = Newsletter.objects.get(pk=newsletter_id)
    audience = Subscriber.objects.filter(confirmed_at__isnull=False)
    themes = list(newsletter.themes.values_list("pk", flat=True))
    if themes:
        # Subscribers who picked themes get only newsletters about one of them.
        audience = audience.filter(
            Q(themes__in=themes) | Q(themes__isnull=True)
        ).distinct()
    pending = audience.exclude(
        pk__in=Delivery.objects.filter(newsletter=newsletter).values("subscriber_id")
    ).order_by("pk")[:size]
    return send_each_once(
        pending,
        claim=lambda subscriber: Delivery.objects.create(
            newsletter=newsletter, subscriber=subscriber, sent_at=timezone.now()
        ),
        send=lambda subscriber: _send_newsletter(
            newsletter, subscriber.email, subscriber.language, subscriber.token
        ),
    )


@task()
def deliver_newsletter(*, newsletter_id: int) -> int:
    """Send one batch, then queue the next until everyone has it."""
    sent = deliver_batch(newsletter_id)
    if sent:
        deliver_newsletter.enqueue(newsletter_id=newsletter_id)
    else:
        Newsletter.objects.filter(pk=newsletter_id).update(
            status=Newsletter.Status.SENT, sent_at=timezone.now()
        )
    return sent
