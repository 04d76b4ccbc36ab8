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

from plaidoyer.core.approval import Approvable, never_public_unless_approved
from plaidoyer.core.imagespecs import size_field
from plaidoyer.core.richtext import RichTextField
from plaidoyer.organisations.models import Language, Organisation, Theme
from plaidoyer.places.models import Municipality

# A video call opens in the browser: no ftp:// or other schemes.
web_url = URLValidator(schemes=["https", "http"])


# The answers a rating question offers, worst to best.
RATINGS = ("1", "2", "3", "4", "5")


def _token() -> str:
    return secrets.token_urlsafe(24)


class Event(Approvable):
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
    description = RichTextField(_("description"), blank=True)
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
    image_400 = size_field("wide", 400, "image")
    image_800 = size_field("wide", 800, "image")
    image_1200 = size_field("wide", 1200, "image")
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    # Counters kept by services under the event's row lock.
    seats_taken = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("seats taken")
    )
    waitlist_length = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("waitlist length")
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    certificate_hours = models.DecimalField(
        _("hours on attendance certificates"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Empty: counted from the sessions, or from the start and end."),
    )
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
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True)
                | models.Q(seats_taken__lte=models.F("capacity")),
                name="event_never_overbooked",
                violation_error_message=_(
                    "The event has no seats left: raise its capacity or use the waiting list."
                ),
            ),
            never_public_unless_approved(
                "event_public_only_when_approved", models.Q(is_published=True)
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
        RATING = "rating", _("Rating from 1 to 5")

    class Purpose(models.TextChoices):
        REGISTRATION = "registration", _("Registration form")
        EVALUATION = "evaluation", _("Evaluation after the event")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    purpose = models.CharField(
        _("asked on"),
        max_length=12,
        choices=Purpose.choices,
        default=Purpose.REGISTRATION,
        db_index=True,
    )
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
        Event,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("event"),
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
    token = models.CharField(
        max_length=64,
        unique=True,
        default=_token,
        editable=False,
        verbose_name=_("link token"),
    )
    # Set when the person came back through the confirmation link (or needed none).
    confirmed_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("confirmed at")
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, db_index=True, verbose_name=_("expires at")
    )
    cancelled_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("cancelled at")
    )
    checked_in_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("checked in at")
    )
    link_sent_version = models.PositiveIntegerField(
        default=0, verbose_name=_("link sent version")
    )
    reminder_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reminder sent at")
    )
    anonymised_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("anonymised at")
    )
    # The evaluation: when its invitation was claimed for sending, and whether the
    # person answered. Never which answers are theirs (answers are anonymous).
    evaluation_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("evaluation sent at")
    )
    evaluated = models.BooleanField(default=False, verbose_name=_("evaluated"))
    # Ticked by the registrant (never by default): the coalition's newsletters
    # may reach them (news.segments), until they unsubscribe.
    news_opt_in = models.BooleanField(
        default=False, verbose_name=_("wants the coalition's news")
    )
    added_by_organiser = models.BooleanField(
        default=False, verbose_name=_("added by organiser")
    )
    created_at = models.DateTimeField(
        auto_now_add=True, db_index=True, verbose_name=_("created at")
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                name="one_registration_per_email",
                violation_error_message=_(
                    "This email address is already registered for this event."
                ),
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


def _certificate_code() -> str:
    return secrets.token_urlsafe(12)


class Certificate(models.Model):
    """An attendance certificate: what it states is fixed when it is issued, and
    its code is the address anyone can open to check it is genuine."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(
        max_length=32, unique=True, default=_certificate_code, editable=False
    )
    name = models.CharField(_("name"), max_length=150)
    # Finds the certificate for a personal-data request once the registration is
    # anonymised (core.personal_data); never the address itself.
    email_digest = models.CharField(max_length=64, db_index=True, editable=False)
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance certificate")
        verbose_name_plural = _("attendance certificates")

    def __str__(self) -> str:
        return f"{self.name} ({self.registration_id})"

    def get_absolute_url(self) -> str:
        return reverse("events:certificate_verify", kwargs={"code": self.code})


class EvaluationResponse(models.Model):
    """One attendee's answers to the evaluation, kept apart from who they are:
    no link to the registration, and only the day it came in."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="evaluation_responses"
    )
    answers = models.JSONField(_("answers"), default=dict)
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        verbose_name = _("evaluation response")
        verbose_name_plural = _("evaluation responses")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.submitted_on}"
