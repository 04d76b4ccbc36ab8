"""What organisations hold about a person: their staff roles and the contacts
that carry their address (core.personal_data)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plaidoyer.core import personal_data, versions
from plaidoyer.core.versions import Version

from .models import Contact, Staff


def _staff(email: str):
    return Staff.objects.filter(user__email__iexact=email.strip())


def _contacts(email: str):
    return Contact.objects.filter(email__iexact=email.strip())


def find_staff(email: str) -> list[dict]:
    return [
        {
            "id": s.pk,
            "organisation": s.organisation.name,
            "role": s.role,
            "since": s.created_at.isoformat(),
        }
        for s in _staff(email).select_related("organisation").order_by("id")
    ]


def erase_staff(email: str) -> int:
    return personal_data.delete_rows(_staff(email))


def find_contacts(email: str) -> list[dict]:
    return [
        {
            "id": c.pk,
            "organisation": c.organisation.name,
            "name": c.name,
            "role": c.role,
            "email": c.email,
            "phone": c.phone,
            "public": c.is_public,
        }
        for c in _contacts(email).select_related("organisation").order_by("id")
    ]


def erase_contacts(email: str) -> int:
    deleted = personal_data.delete_rows(_contacts(email))
    if deleted:
        versions.bump(Version.ORGANISATIONS)
    return deleted


# Registered when the app is ready (apps.py imports this module).
personal_data.register(
    "organisations.staff",
    _("Organisation staff roles"),
    find=find_staff,
    erase=erase_staff,
    order=50,
)
personal_data.register(
    "organisations.contact",
    _("Organisation contacts"),
    find=find_contacts,
    erase=erase_contacts,
    order=55,
)
