"""What the workspace keeps of its own: invitations to join an organisation's staff,
and requests for an account from places that want a label."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaidoyer.organisations.models import Organisation, Staff
from plaidoyer.places.models import Municipality


def token_digest(token: str) -> str:
    """The stored form of an invitation token: a leaked table opens no account."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A one-time, expiring, revocable link to become staff of an organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("email"))
    role = models.CharField(
        _("role"), max_length=20, choices=Staff.Role.choices, default=Staff.Role.EDITOR
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class AccountRequest(models.Model):
    """A municipality, university or school asks for an account to apply for a label."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        UNIVERSITY = "university", _("University")
        SCHOOL = "school", _("School")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    name = models.CharField(_("your name"), max_length=150)
    email = models.EmailField(_("email"))
    kind = models.CharField(_("you represent"), max_length=20, choices=Kind.choices)
    organisation_name = models.CharField(
        _("name of the municipality or institution"), max_length=200
    )
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("your role"), max_length=150, blank=True)
    message = models.TextField(_("message"), blank=True)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="fr")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    reason = models.TextField(_("reason"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("account request")
        verbose_name_plural = _("account requests")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation_name})"
