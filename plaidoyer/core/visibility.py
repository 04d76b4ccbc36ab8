"""Who may see a piece of content: everyone, member organisations' staff, or the
steering committee.

Content that is not public is never served from the page cache (only anonymous
visitors' pages are cached, and they see public content only), never in the site
search, feeds, the sitemap or the public API, and its pages answer 404 to whoever
may not see it, so that its existence does not leak either.

Who counts as a member or as the steering committee is the organisations app's
call (``organisations.permissions.audience``); a process narrows "steering
committee" to its own (``processes.permissions``).
"""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    STEERING = "steering", _("Steering committee only")


PUBLIC_ONLY = frozenset({Visibility.PUBLIC})


def unguessable_path(prefix: str, filename: str) -> str:
    """A storage name in a random directory, so that a restricted file's storage
    address cannot be guessed from its name (pages link to the checking download
    views, never to the storage address). For an ``upload_to`` function."""
    year = timezone.now().year
    return f"{prefix}/{year}/{secrets.token_urlsafe(12)}/{filename}"


def visibility_field(verbose_name=None, **kwargs) -> models.CharField:
    return models.CharField(
        verbose_name or _("visible to"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        db_index=True,
        help_text=_(
            "Members only: the staff of member organisations. Steering committee "
            "only: the staff of the organisations on the steering committee, and "
            "the coordinators."
        ),
        **kwargs,
    )
