"""What the help app holds about a person (core.personal_data): testimonies whose
author left this address to be contacted back. The address is encrypted, so each
such testimony is decrypted to compare; what is listed is only when, where and how
far it went, never its text (coordinators use this tool and may not read
testimonies; the person reads theirs through their private link)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from plaidoyer.core import personal_data

from . import crypto, services
from .models import Testimony


def _testimonies_of(email: str) -> list[Testimony]:
    candidates = Testimony.objects.filter(purged_at=None).exclude(contact="")
    found = []
    for testimony in candidates.iterator():
        contact = crypto.decrypt_json(testimony.contact)
        if (contact.get("email") or "").strip().lower() == email:
            found.append(testimony)
    return found


def find_testimonies(email: str) -> list[dict]:
    return [
        {
            "id": t.pk,
            "received": t.created_at.isoformat(),
            "field": t.get_field_display(),
            "ground": t.get_ground_display(),
            "status": t.get_status_display(),
        }
        for t in _testimonies_of(email)
    ]


@transaction.atomic
def erase_testimonies(email: str) -> int:
    """Delete what names the person; the anonymised figures keep counting it."""
    testimonies = _testimonies_of(email)
    for testimony in testimonies:
        services.erase_for_person_data_request(testimony=testimony)
    return len(testimonies)


personal_data.register(
    "help.testimony",
    _("Testimonies with contact details"),
    find=find_testimonies,
    erase=erase_testimonies,
    order=60,
)
