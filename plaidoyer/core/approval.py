"""What member organisations propose (events, news, resources) waits for a
coordinator's approval unless their organisation is trusted.

Models that can be proposed inherit ``Approvable``. An item that is not approved
is never public: each model backs this with a check constraint on its own
"published" column, so every public list, feed, sitemap and cached page that
already shows published items only keeps working unchanged.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Approval(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Approvable(models.Model):
    approval = models.CharField(
        _("approval"),
        max_length=10,
        choices=Approval.choices,
        default=Approval.APPROVED,
        db_index=True,
    )
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    # The field that makes the row public, and whether it does now.
    published_field = "is_published"

    class Meta:
        abstract = True

    def goes_public(self) -> bool:
        return bool(getattr(self, self.published_field))

    def clean(self) -> None:
        super().clean()
        if self.approval != Approval.APPROVED and self.goes_public():
            raise ValidationError(
                {
                    self.published_field: _(
                        "This proposal is not approved: approve it from the "
                        "proposals list to publish it."
                    )
                }
            )

    @property
    def is_pending(self) -> bool:
        return self.approval == Approval.PENDING

    @property
    def is_refused(self) -> bool:
        return self.approval == Approval.REFUSED


def never_public_unless_approved(
    name: str, published: models.Q
) -> models.CheckConstraint:
    """A check constraint: a row that is ``published`` has been approved."""
    return models.CheckConstraint(
        condition=models.Q(approval=Approval.APPROVED) | ~published,
        name=name,
        violation_error_message=_(
            "Only an approved proposal can be published: approve it first."
        ),
    )


def notify_proposer(item: Approvable, *, url: str) -> None:
    """Email the proposer of ``item`` (once per review) that it was approved or
    refused, with the reason, in their language."""
    from .mail import send_email

    user = item.proposed_by
    if user is None or not user.email or not user.is_active:
        return
    kind = item._meta.verbose_name
    send_email(
        to=user.email,
        template="core/email/proposal_reviewed",
        language=user.language,
        context=lambda: {
            "kind": str(kind),
            "title": str(item),  # in the proposer's language
            "approved": item.approval == Approval.APPROVED,
            "reason": item.refusal_reason,
            "url": settings.SITE_URL + url,
        },
        key=f"proposal-reviewed:{item._meta.label_lower}:{item.pk}:"
        f"{item.reviewed_at.isoformat() if item.reviewed_at else ''}",
    )
