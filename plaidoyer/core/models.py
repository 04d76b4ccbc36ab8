from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def model_max_length(model: type[models.Model], name: str) -> int:
    """Return the ``max_length`` of ``model``'s field ``name``.

    Forms and services that fill or check a model field take its limit from there,
    so that each limit is declared once, on the model.
    """
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} has no max_length")
    return field.max_length


class AuditLog(models.Model):
    """One row per change of domain state: who did what to which object, when.

    Rows are only ever inserted; ``before`` and ``after`` hold the changed fields.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_repr = models.CharField(_("who (as recorded)"), max_length=255, blank=True)
    action = models.CharField(_("what"), max_length=100, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, db_index=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_repr} {self.action}"


class DataVersion(models.Model):
    """A counter per data set, bumped on every change, shared by all app servers.

    Cached pages put the version in their cache key, so a change is visible at once
    on every process without a shared cache.
    """

    key = models.CharField(max_length=50, primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.key}={self.version}"


class RateLimitCounter(models.Model):
    """Attempts counted under one key until ``expires_at`` (core.ratelimit), when no
    shared cache (Redis) is configured: every worker and server counts here."""

    key = models.CharField(max_length=200, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self) -> str:
        return f"{self.key}={self.hits}"


class OutgoingEmail(models.Model):
    """One email on its way out (core.outbox): written in the transaction that
    decided to send it, sent by a worker, marked sent right after the send.

    A worker killed between the send and the mark leaves the row "sending"; it is
    sent again once ``OUTBOX_STALE_SECONDS`` have passed: at most one duplicate per
    kill, never a loss. Rows hold addresses and texts: they are deleted
    ``OUTBOX_RETENTION_DAYS`` after they are done.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    # A producer that runs twice (a job repeated after a crash) queues the email once.
    key = models.CharField(_("key"), max_length=200, null=True, blank=True, unique=True)
    to = models.JSONField(_("to"))
    subject = models.TextField(_("subject"))
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["status", "claimed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_status_display()})"


class SiteIdentity(models.Model):
    """The coalition's identity and which modules it uses: one row, set in the
    admin, read cached (core.identity). Its first values come from the settings."""

    name = models.CharField(_("name of the site"), max_length=100)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="identity/",
        blank=True,
        help_text=_("Shown in the header, about 40 px high; SVG or PNG."),
    )
    logo_alt = models.CharField(_("logo description"), max_length=200, blank=True)
    favicon = models.ImageField(_("favicon"), upload_to="identity/", blank=True)
    share_image = models.ImageField(
        _("image for social networks"),
        upload_to="identity/",
        blank=True,
        help_text=_(
            "1200 × 630 px: shown when a page without its own image is shared."
        ),
    )
    accent_colour = models.CharField(
        _("main colour"),
        max_length=7,
        default="#1f4e8c",
        help_text=_(
            "As #rrggbb; white text must stay readable on it (contrast 4.5:1)."
        ),
    )
    # The publisher and data controller (legal notice, privacy policy, footer).
    publisher_name = models.CharField(_("publisher"), max_length=200)
    publisher_address = models.CharField(_("address"), max_length=300, blank=True)
    publisher_company_number = models.CharField(
        _("company number"), max_length=40, blank=True
    )
    publisher_responsible = models.CharField(
        _("responsible publisher"), max_length=200, blank=True
    )
    publisher_email = models.EmailField(_("email"), blank=True)
    publisher_phone = models.CharField(_("phone"), max_length=40, blank=True)
    bank_account = models.CharField(_("bank account (IBAN)"), max_length=40, blank=True)
    donation_url = models.URLField(_("donation page"), blank=True)
    support_text = models.CharField(
        _("support line"),
        max_length=200,
        blank=True,
        help_text=_("“With the support of …” above the funders' logos."),
    )
    # Modules a network may switch off: their pages answer 404, their menu
    # entries, search results and sitemap entries go.
    barometer_enabled = models.BooleanField(_("barometer and memorandum"), default=True)
    campaigns_enabled = models.BooleanField(_("campaigns and labels"), default=True)
    events_enabled = models.BooleanField(_("agenda and events"), default=True)
    processes_enabled = models.BooleanField(_("participatory processes"), default=True)
    help_enabled = models.BooleanField(_("help against discrimination"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("identity of the site")
        verbose_name_plural = _("identity of the site")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .identity import contrast_with_white, parse_colour

        colour = parse_colour(self.accent_colour)
        if colour is None:
            raise ValidationError(
                {"accent_colour": _("Write the colour as # and six hex digits.")}
            )
        if contrast_with_white(colour) < 4.5:
            raise ValidationError(
                {
                    "accent_colour": _(
                        "White text on this colour is hard to read (contrast "
                        "%(ratio).1f:1, 4.5:1 needed): choose a darker colour."
                    )
                    % {"ratio": contrast_with_white(colour)}
                }
            )


class Funder(models.Model):
    """A funder or partner whose logo the footer shows."""

    identity = models.ForeignKey(
        SiteIdentity, on_delete=models.CASCADE, related_name="funders"
    )
    name = models.CharField(_("name"), max_length=200)
    logo = models.ImageField(_("logo"), upload_to="identity/funders/")
    url = models.URLField(_("website"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Suppression(models.Model):
    """An address no email goes to any more: it bounced for good, its owner
    complained of spam, or the provider reported an unsubscribe. One list,
    consulted by core.mail for every email the platform sends."""

    class Reason(models.TextChoices):
        BOUNCED = "bounced", _("bounced")
        COMPLAINED = "complained", _("complained of spam")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed at the provider")
        MANUAL = "manual", _("added by a coordinator")

    # Lower-cased: "Ana@Example.org" and "ana@example.org" are one mailbox here.
    email = models.CharField(_("email"), max_length=254, unique=True)
    reason = models.CharField(_("reason"), max_length=15, choices=Reason.choices)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} ({self.reason})"
