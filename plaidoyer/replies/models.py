"""Authorities answer on the barometer.

Coordinators record ``Contact``s of an authority and send them an ``Invitation``: a
signed, expiring, revocable link that opens once. Through it the contact files a
``Reply`` (their own status, evidence, a comment and a right of reply to the
coalition's assessment) on a commitment of their authority or on a recommendation
of their level. A coordinator accepts it (it is then published: a commitment's
reply becomes the authority's own ``StatusUpdate``) or refuses it with a reason.
An ``UpdateRequest`` records when an authority was asked and when it answered.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from plaidoyer.commitments.models import (
    Authority,
    Commitment,
    Follower,
    Recommendation,
    Status,
    StatusUpdate,
)


class Contact(models.Model):
    """A person who may answer for one authority."""

    authority = models.ForeignKey(
        Authority,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("authority"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email address"))
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("authority contact")
        verbose_name_plural = _("authority contacts")
        ordering = ["authority", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "email"],
                name="unique_contact_per_authority",
                violation_error_message=_(
                    "This authority already has a contact with this email address."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.authority})"


class UpdateRequest(models.Model):
    """One authority asked for news, once (a yearly round or an ad-hoc one)."""

    class Kind(models.TextChoices):
        YEARLY = "yearly", _("Yearly request")
        AD_HOC = "ad_hoc", _("Ad-hoc request")

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="update_requests"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    asked_at = models.DateTimeField(_("asked on"), db_index=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    remind_after_days = models.PositiveSmallIntegerField(
        _("reminder after (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    reminded_at = models.DateTimeField(_("reminded on"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for an update")
        verbose_name_plural = _("requests for an update")
        ordering = ["-asked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.authority} {self.asked_at:%Y-%m-%d}"


class Invitation(models.Model):
    """A link sent to a contact. Only a hash of its secret is kept."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="invitations"
    )
    request = models.ForeignKey(
        UpdateRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires on"))
    used_at = models.DateTimeField(_("opened on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.contact} {self.created_at:%Y-%m-%d}"


class Reply(models.Model):
    """What an authority's contact says about a commitment or a recommendation.

    Never edited once sent: a new reply supersedes it. Published once accepted.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        ACCEPTED = "accepted", _("Published")
        REFUSED = "refused", _("Refused")

    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="replies"
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="replies"
    )
    commitment = models.ForeignKey(
        Commitment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
    )
    recommendation = models.ForeignKey(
        Recommendation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress %"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    comment = models.TextField(_("comment"), blank=True)
    response = models.TextField(_("reply to the coalition's assessment"), blank=True)
    evidence_url = models.URLField(
        _("evidence (web address)"), blank=True, max_length=500
    )
    evidence_file = models.FileField(
        _("evidence (document)"), upload_to="replies/%Y/", blank=True
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=State.choices,
        default=State.PENDING,
        db_index=True,
    )
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    submitted_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    update = models.OneToOneField(
        StatusUpdate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reply",
    )

    class Meta:
        verbose_name = _("authority's reply")
        verbose_name_plural = _("authorities' replies")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["authority", "state", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(commitment__isnull=False, recommendation__isnull=True)
                    | models.Q(commitment__isnull=True, recommendation__isnull=False)
                ),
                name="reply_about_one_thing",
                violation_error_message=_(
                    "A reply is about one commitment or one recommendation, not both."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True)
                | models.Q(progress__gte=0, progress__lte=100),
                name="reply_progress_0_100",
                violation_error_message=_(
                    "The progress is a percentage from 0 to 100."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority} {self.submitted_at:%Y-%m-%d} {self.status}"


class ReplyNotification(models.Model):
    """One email about one published reply to one follower: sent exactly once."""

    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="+")
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "reply"],
                name="unique_reply_notification",
                violation_error_message=_(
                    "This follower has already been told of this reply."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} ← {self.reply_id}"
