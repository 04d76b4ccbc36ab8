"""What events hold about a person: their registrations (core.personal_data)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaidoyer.core import personal_data, versions
from plaidoyer.core.versions import Version

from .models import Registration
from .services import anonymised_registration, normalise_email


def _registrations(email: str):
    return Registration.objects.filter(
        email__iexact=normalise_email(email), anonymised_at__isnull=True
    ).select_related("event")


def find_registrations(email: str) -> list[dict]:
    return [
        {
            "id": r.pk,
            "event": r.event.title,
            "event_starts_at": r.event.starts_at.isoformat(),
            "name": r.name,
            "email": r.email,
            "organisation": r.organisation_name,
            "answers": r.answers,
            "accessibility_needs": r.accessibility_needs,
            "language": r.language,
            "news_opt_in": r.news_opt_in,
            "status": r.status,
            "created_at": r.created_at.isoformat(),
        }
        for r in _registrations(email).order_by("created_at", "id")
    ]


def erase_registrations(email: str) -> int:
    """Anonymise: the status stays, and with it the seat and the counts."""
    now = timezone.now()
    count = 0
    for pk in _registrations(email).values_list("pk", flat=True):
        count += Registration.objects.filter(pk=pk).update(
            **anonymised_registration(pk, now)
        )
    if count:
        versions.bump(Version.EVENTS)
    return count


# Registered when the app is ready (apps.py imports this module).
personal_data.register(
    "events.registration",
    _("Event registrations"),
    find=find_registrations,
    erase=erase_registrations,
    order=10,
)


def _certificates(email: str):
    from .models import Certificate
    from .services import email_digest

    return Certificate.objects.filter(email_digest=email_digest(email)).select_related(
        "registration__event"
    )


def find_certificates(email: str) -> list[dict]:
    return [
        {
            "event": c.registration.event.title,
            "name": c.name,
            "hours": str(c.hours) if c.hours is not None else "",
            "issued_at": c.issued_at.isoformat(),
        }
        for c in _certificates(email).order_by("issued_at")
    ]


def erase_certificates(email: str) -> int:
    count, _detail = _certificates(email).delete()
    return count


personal_data.register(
    "events.certificate",
    _("Attendance certificates"),
    find=find_certificates,
    erase=erase_certificates,
    order=11,
)
