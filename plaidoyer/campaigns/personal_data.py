"""What campaigns hold about a person: their letters and signatures
(core.personal_data)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaidoyer.core import personal_data, versions
from plaidoyer.core.versions import Version

from .models import Action, SessionRequest
from .services import anonymised_action, email_key


def _actions(email: str):
    # One person, as the campaign counts them: "A.Na+x@gmail.com" is "ana@gmail.com".
    return Action.objects.filter(
        Q(email_key=email_key(email)) | Q(email__iexact=email),
        anonymised_at__isnull=True,
    ).select_related("campaign", "case", "municipality")


def find_actions(email: str) -> list[dict]:
    return [
        {
            "id": a.pk,
            "campaign": a.campaign.title,
            "case": a.case.name,
            "kind": a.kind,
            "name": a.name,
            "email": a.email,
            "postcode": a.postcode,
            "municipality": str(a.municipality) if a.municipality else "",
            "letter": a.letter,
            "news_opt_in": a.news_opt_in,
            "ip_address": a.ip_address,
            "confirmed_at": a.confirmed_at.isoformat() if a.confirmed_at else None,
            "created_at": a.created_at.isoformat(),
        }
        for a in _actions(email).order_by("created_at", "id")
    ]


def erase_actions(email: str) -> int:
    """Anonymise: case, municipality and confirmation stay, so the counts do."""
    count = Action.objects.filter(
        pk__in=list(_actions(email).values_list("pk", flat=True))
    ).update(**anonymised_action(timezone.now()))
    if count:
        versions.bump(Version.CAMPAIGNS)
    return count


# Registered when the app is ready (apps.py imports this module).
personal_data.register(
    "campaigns.action",
    _("Letters and signatures"),
    find=find_actions,
    erase=erase_actions,
    order=20,
)


def _session_requests(email: str):
    return SessionRequest.objects.filter(email__iexact=email).select_related("campaign")


def find_session_requests(email: str) -> list[dict]:
    return [
        {
            "id": r.pk,
            "campaign": r.campaign.title,
            "name": r.name,
            "email": r.email,
            "organisation": r.organisation_name,
            "town": r.town,
            "message": r.message,
            "status": r.status,
            "ip_address": r.ip_address,
            "created_at": r.created_at.isoformat(),
        }
        for r in _session_requests(email).order_by("created_at", "id")
    ]


def erase_session_requests(email: str) -> int:
    """Forget who asked; an accepted request's session stays (its host is an
    organisation)."""
    return _session_requests(email).update(
        name="", email="", message="", ip_address=None
    )


personal_data.register(
    "campaigns.session_request",
    _("Requests to host a writing session"),
    find=find_session_requests,
    erase=erase_session_requests,
    order=21,
)
