"""What the replies app holds about a person: their records as an authority's
contact (core.personal_data)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plaidoyer.core import personal_data, versions
from plaidoyer.core.versions import Version

from .models import Contact


def _contacts(email: str):
    return Contact.objects.filter(email__iexact=email.strip())


def find_contacts(email: str) -> list[dict]:
    return [
        {
            "id": c.pk,
            "authority": str(c.authority),
            "name": c.name,
            "role": c.role,
            "email": c.email,
            "language": c.language,
            "active": c.active,
            "created_at": c.created_at.isoformat(),
            "replies": c.replies.count(),
        }
        for c in _contacts(email).select_related("authority").order_by("id")
    ]


def erase_contacts(email: str) -> int:
    """Anonymise the contacts: their published replies stay in the public history
    (they were sent on the authority's behalf), without the person's name or
    address."""
    count = 0
    for contact in _contacts(email):
        contact.name = str(_("Former contact"))
        contact.role = ""
        contact.email = f"erased-{contact.pk}@invalid"
        contact.active = False
        contact.save(update_fields=["name", "role", "email", "active"])
        contact.invitations.update(revoked_at=contact.created_at)
        count += 1
    if count:  # the name is on cached barometer pages
        versions.bump(Version.BAROMETER)
    return count


personal_data.register(
    "replies.contact",
    _("Authority contact"),
    find=find_contacts,
    erase=erase_contacts,
    order=45,
)
