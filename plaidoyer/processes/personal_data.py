"""What processes hold about a person: the comments and endorsements they wrote
for their organisation (core.personal_data).

The text is the organisation's and stays; the person's authorship goes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from plaidoyer.core import personal_data, versions
from plaidoyer.core.versions import Version

from .models import Comment, Endorsement


def _comments(email: str):
    return Comment.objects.filter(author__email__iexact=email.strip())


def _endorsements(email: str):
    return Endorsement.objects.filter(author__email__iexact=email.strip())


def find_comments(email: str) -> list[dict]:
    return [
        {
            "id": c.pk,
            "draft": str(c.draft),
            "organisation": c.organisation.name,
            "comment": c.body,
            "created_at": c.created_at.isoformat(),
        }
        for c in _comments(email).select_related("draft", "organisation")
    ]


def erase_comments(email: str) -> int:
    count = _comments(email).update(author=None)
    if count:
        versions.bump(Version.PROCESSES)
    return count


def find_endorsements(email: str) -> list[dict]:
    return [
        {
            "id": e.pk,
            "draft": str(e.draft),
            "organisation": e.organisation.name,
            "reason": e.reason,
            "created_at": e.created_at.isoformat(),
        }
        for e in _endorsements(email).select_related("draft", "organisation")
    ]


def erase_endorsements(email: str) -> int:
    count = _endorsements(email).update(author=None)
    if count:
        versions.bump(Version.PROCESSES)
    return count


# Registered when the app is ready (apps.py imports this module).
personal_data.register(
    "processes.comment",
    _("Comments on drafts"),
    find=find_comments,
    erase=erase_comments,
    order=60,
)
personal_data.register(
    "processes.endorsement",
    _("Endorsements of drafts"),
    find=find_endorsements,
    erase=erase_endorsements,
    order=65,
)
