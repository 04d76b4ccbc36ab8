"""What elections hold about a person: a candidate's address (core.personal_data).

A candidate's name and public answers stay (they stood for election and answered
in public); the address used to send them their link is erased.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plaidoyer.core import personal_data

from .models import Candidate


def _candidates(email: str):
    return Candidate.objects.filter(email__iexact=email.strip())


def find_candidates(email: str) -> list[dict]:
    return [
        {
            "id": c.pk,
            "election": str(c.election),
            "name": c.name,
            "email": c.email,
            "language": c.language,
        }
        for c in _candidates(email).select_related("election").order_by("id")
    ]


def erase_candidates(email: str) -> int:
    """Blank the address; the candidate and their public answers stay."""
    return _candidates(email).update(email="")


# Registered when the app is ready (apps.py imports this module).
personal_data.register(
    "elections.candidate",
    _("Candidacies at elections"),
    find=find_candidates,
    erase=erase_candidates,
    order=45,
)
