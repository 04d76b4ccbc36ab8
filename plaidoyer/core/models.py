from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
