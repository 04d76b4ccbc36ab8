"""What commitments hold about a person: the recommendations they follow
(core.personal_data), and how long an unconfirmed follow is kept."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plaidoyer.core import periodic, personal_data

from .models import Follower

# An address nobody confirmed is not kept longer than this.


def _followers(email: str):
    return Follower.objects.filter(email__iexact=email.strip())


def find_follows(email: str) -> list[dict]:
    return [
        {
            "id": f.pk,
            "recommendation": f"{f.recommendation.code} {f.recommendation.title}",
            "email": f.email,
            "language": f.language,
            "confirmed_at": f.confirmed_at.isoformat() if f.confirmed_at else None,
            "created_at": f.created_at.isoformat(),
        }
        for f in _followers(email).select_related("recommendation").order_by("id")
    ]


def erase_follows(email: str) -> int:
    """Delete the follows; their notifications go with them."""
    return personal_data.delete_rows(_followers(email))


@periodic.register("commitments.purge_unconfirmed_followers")
def purge_unconfirmed(now: datetime.datetime | None = None) -> int:
    return personal_data.delete_unconfirmed(
        Follower, days=settings.UNCONFIRMED_RETENTION_DAYS, now=now
    )


# Registered when the app is ready (apps.py imports this module).
personal_data.register(
    "commitments.follower",
    _("Followed recommendations"),
    find=find_follows,
    erase=erase_follows,
    order=40,
)
