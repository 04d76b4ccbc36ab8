"""Events with registration that needs no account.

Seats are counted on the event row (``seats_taken``) and only ever changed by
services holding that row's lock, so capacity holds under any concurrency.
"""

import secrets

from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaidoyer.organisations.models import Language, Organisation, Theme
from plaidoyer.places.models import Municipality

# A video call opens in the browser: no ftp:// or other schemes.
web_url = URLValidator(schemes=["https", "http"])


def _token() -> str:
    return secrets.token_urlsafe(24)


class Event(models.Model):
    class Kind(models.TextChoices):
        WEBINAR = "webinar", _("Webinar")
        MEETING = "meeting", _("Meeting")
        ROUND_TABLE = "round_table", _("Round table")
        THEMATIC_MEETING = "thematic_meeting", _("Thematic meeting")
        TRAINING = "training", _("Training")
        CONFERENCE = "conference", _("Conference")
        # Held for a campaign (campaigns.WritingSession links the two).
        WRITING_SESSION = "writing_session", _("Writing session")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("In person and online")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, db_index=True
    )
    organisers = models.ManyToManyField(
        Organisation, related_name="organised_events", verbose_name=_("organisers")
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(
        _("format"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    street_address = models.CharField(
        _("street and number"), max_length=200, blank=True
    )
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("municipality"),
    )
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, sign language, hearing loop…"),
    )
    online_url = models.URLField(
        _("connection link"),
        max_length=500,
        blank=True,
        validators=[web_url],
        help_text=_("Never public: sent to confirmed registrants."),
    )
    link_version = models.PositiveIntegerField(default=1, editable=False)
    link_lead_minutes = models.PositiveIntegerField(
        _("send the link (minutes before the start)"), default=60
    )
    reminder_lead_hours = models.PositiveIntegerField(
        _("reminder (hours before)"), default=24
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="events", verbose_name=_("languages spoken")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="events", verbose_name=_("themes")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True
    )
    registration_enabled = models.BooleanField(
        _("registration open to the public"), default=True
    )
    waitlist_enabled = models.BooleanField(_("waiting list"), default=True)
    requires_confirmation = models.BooleanField(
        _("registrants confirm their email address"), default=True
    )
    consent_text = models.TextField(_("consent text"), blank=True)
    image = models.ImageField(_("image"), upload_to="events/%Y/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    # Counters kept by services under the event's row lock.
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    waitlist_length = models.PositiveIntegerField(default=0, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True)
                | models.Q(seats_taken__lte=models.F("capacity")),
                name="event_never_overbooked",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_over(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_online(self) -> bool:
        return self.mode in (self.Mode.ONLINE, self.Mode.HYBRID)

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.seats_taken)


class Session(models.Model):
    """One date of an event held over several sessions (a training series)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    label = models.CharField(_("label"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.event}: {self.starts_at:%Y-%m-%d}"


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        CHECKBOX = "checkbox", _("Checkbox")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=False)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("One choice per line.")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label

    def choice_list(self) -> list[str]:
        return [c.strip() for c in (self.choices or "").splitlines() if c.strip()]


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        # Too many waiting for confirmation from one source: no seat until an
        # organiser releases it.
        HELD = "held", _("Held for review")

    # A seat is held by these statuses.
    SEATED = (Status.PENDING, Status.CONFIRMED, Status.ATTENDED)

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), max_length=254)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="fr")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, db_index=True
    )
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    # Set when the person came back through the confirmation link (or needed none).
    confirmed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    link_sent_version = models.PositiveIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    added_by_organiser = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], name="one_registration_per_email"
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at", "id"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.event_id})"

    def get_absolute_url(self) -> str:
        return reverse("events:registration", kwargs={"token": self.token})


class OrganiserMessage(models.Model):
    """A message an organiser sent to every registrant of an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sent_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject
