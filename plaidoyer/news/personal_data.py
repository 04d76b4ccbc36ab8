"""What news holds about a person: their newsletter subscription
(core.personal_data), and how long an unconfirmed one is kept."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plaidoyer.core import periodic, personal_data

from .models import Delivery, OptOut, PressContact, PressOfficer, Subscriber

# An address nobody confirmed is not kept longer than this.


def _subscribers(email: str):
    return Subscriber.objects.filter(email__iexact=email.strip())


def find_subscriptions(email: str) -> list[dict]:
    rows = []
    for s in _subscribers(email).prefetch_related("themes"):
        deliveries = Delivery.objects.filter(subscriber=s).select_related("newsletter")
        rows.append(
            {
                "id": s.pk,
                "email": s.email,
                "language": s.language,
                "themes": [str(t) for t in s.themes.all()],
                "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
                "created_at": s.created_at.isoformat(),
                "newsletters_received": [
                    d.newsletter.subject for d in deliveries if d.sent_at
                ],
            }
        )
    return rows


def erase_subscriptions(email: str) -> int:
    """Delete the subscriber, the newsletters' delivery rows and the opt-out."""
    personal_data.delete_rows(
        Delivery.objects.filter(
            Q(email__iexact=email.strip()) | Q(subscriber__in=_subscribers(email))
        )
    )
    personal_data.delete_rows(OptOut.objects.filter(email__iexact=email.strip()))
    return personal_data.delete_rows(_subscribers(email))


@periodic.register("news.purge_unconfirmed_subscribers")
def purge_unconfirmed(now: datetime.datetime | None = None) -> int:
    return personal_data.delete_unconfirmed(
        Subscriber, days=settings.UNCONFIRMED_RETENTION_DAYS, now=now
    )


# Registered when the app is ready (apps.py imports this module).
personal_data.register(
    "news.subscriber",
    _("Newsletter subscription"),
    find=find_subscriptions,
    erase=erase_subscriptions,
    order=30,
)

personal_data.register(
    "news.press_contact",
    _("Press list"),
    find=lambda email: list(
        PressContact.objects.filter(email__iexact=email).values(
            "name", "outlet", "email", "language"
        )
    ),
    erase=lambda email: personal_data.delete_rows(
        PressContact.objects.filter(email__iexact=email)
    ),
    order=31,
)

personal_data.register(
    "news.press_officer",
    _("Press contacts on the press page"),
    find=lambda email: list(
        PressOfficer.objects.filter(email__iexact=email).values(
            "name", "role", "email", "phone"
        )
    ),
    erase=lambda email: personal_data.delete_rows(
        PressOfficer.objects.filter(email__iexact=email)
    ),
    order=32,
)
