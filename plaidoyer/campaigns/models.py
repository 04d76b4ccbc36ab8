"""Letter-writing and signature campaigns, paper batches, and municipal labels.

Counts are never stored: they are computed from the rows that count (confirmed,
unflagged online actions; validated paper batches), so a race can neither lose
nor double a letter; a few seconds of cache keep the public counter cheap.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.imagespecs import size_field
from plaidoyer.core.richtext import RichTextField
from plaidoyer.organisations.models import Organisation, Theme
from plaidoyer.places.models import Municipality

MAX_BATCH = 100_000
MAX_PARTICIPANTS = 5000
# Where letters may be collected besides a municipality: organisations of these kinds.
PLACE_KINDS = ("university", "school")


def _token() -> str:
    return secrets.token_urlsafe(24)


class Campaign(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = RichTextField(_("description"), blank=True)
    image = models.ImageField(_("image"), upload_to="campaigns/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    image_400 = size_field("wide", 400, "image")
    image_800 = size_field("wide", 800, "image")
    image_1200 = size_field("wide", 1200, "image")
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    collects_letters = models.BooleanField(_("collects letters"), default=True)
    collects_signatures = models.BooleanField(_("collects signatures"), default=False)
    collects_drawings = models.BooleanField(
        _("collects drawings (on paper)"), default=True
    )
    goal = models.PositiveIntegerField(_("goal"), null=True, blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="campaigns", verbose_name=_("themes")
    )
    anonymise_after_days = models.PositiveIntegerField(
        _("erase signers' identities (days after closing)"), default=90
    )
    is_published = models.BooleanField(_("published"), default=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-opens_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", kwargs={"slug": self.slug})


class Case(models.Model):
    """A person or cause at risk the campaign writes for."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="cases"
    )
    slug = models.SlugField(_("slug"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(
        _("country"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty when naming it would put the person at risk."),
    )
    story = RichTextField(_("story"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="cases/", blank=True)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    photo_400 = size_field("portrait", 400, "photo")
    photo_800 = size_field("portrait", 800, "photo")
    addressee = models.TextField(
        _("addressee"),
        blank=True,
        help_text=_("Who the letters go to, with the address."),
    )
    letter_template = models.TextField(_("letter template"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "slug"],
                name="unique_case_slug",
                violation_error_message=_(
                    "This campaign already has a case with this address (slug)."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    """One letter or signature sent online for a case."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter")
        SIGNATURE = "signature", _("Signature")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="actions"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), max_length=254)
    email_key = models.CharField(
        max_length=254,
        editable=False,
        help_text="Normalised address: one action per person and case.",
    )
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaign_actions",
    )
    country = models.CharField(_("country"), max_length=2, default="BE")
    letter = models.TextField(_("letter"), blank=True)
    # Never pre-ticked: consent is a box the person ticks (CJEU, Planet49).
    share_name = models.BooleanField(
        _("my name and municipality may go with the letter"), default=False
    )
    news_opt_in = models.BooleanField(_("news from the campaign"), default=False)
    language = models.CharField(max_length=5, default="fr")
    # Which consent texts the person was shown (campaigns.consent): the version,
    # and a hash of the exact texts in their language.
    consent_version = models.CharField(max_length=20, blank=True, editable=False)
    consent_hash = models.CharField(max_length=64, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    flagged = models.BooleanField(_("held for review"), default=False, db_index=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("online action")
        verbose_name_plural = _("online actions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "email_key"],
                name="one_action_per_person_and_case",
                violation_error_message=_("You have already written for this case."),
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "confirmed_at", "flagged"]),
            models.Index(fields=["case", "confirmed_at"]),
            models.Index(fields=["municipality", "campaign"]),
            # The counts read only this (index-only scans): see selectors.counts.
            models.Index(
                fields=["campaign", "case", "kind", "municipality"],
                condition=models.Q(confirmed_at__isnull=False, flagged=False),
                name="action_counted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.case_id} {self.pk}"

    @property
    def counts(self) -> bool:
        return self.confirmed_at is not None and not self.flagged


class CaseUpdate(models.Model):
    """News of a case (a reply, a release…): on the case's public timeline, and
    emailed once to each signer who asked for news."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("Reply received")
        TRANSFERRED = "transferred", _("Transferred")
        CHARGES_DROPPED = "charges_dropped", _("Charges dropped")
        RELEASED = "released", _("Released")
        OTHER = "other", _("Other news")

    # The kinds the "good news" list shows.
    GOOD_NEWS = (Kind.CHARGES_DROPPED, Kind.RELEASED)

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="updates", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    happened_on = models.DateField(_("date"))
    text = models.TextField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The signers' emails (campaigns.tasks.notify_case_update): claimed by one
    # worker at a time, done when every opted-in signer's email is queued.
    notify_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    recipients = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("case update")
        verbose_name_plural = _("case updates")
        ordering = ["-happened_on", "-id"]
        indexes = [models.Index(fields=["kind", "happened_on"])]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_kind_display()}"

    @property
    def email_key_prefix(self) -> str:
        """The outbox key of each signer's email starts with this."""
        return f"campaigns.case_update:{self.pk}:"


class PaperBatch(models.Model):
    """Letters and drawings collected on paper by a local group, then validated."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for validation")
        VALIDATED = "validated", _("Validated")
        REJECTED = "rejected", _("Rejected")

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="batches",
        verbose_name=_("campaign"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="batches", verbose_name=_("case")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="paper_batches",
        verbose_name=_("collected by"),
    )
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="paper_batches",
        verbose_name=_("municipality"),
    )
    place_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("university or school"),
    )
    collected_on = models.DateField(_("date"))
    letters = models.PositiveIntegerField(
        _("letters"), default=0, validators=[MaxValueValidator(MAX_BATCH)]
    )
    drawings = models.PositiveIntegerField(
        _("drawings"), default=0, validators=[MaxValueValidator(MAX_BATCH)]
    )
    photo = models.ImageField(_("photo"), upload_to="batches/%Y/", blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.SUBMITTED,
        db_index=True,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reviewed at")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("paper batch")
        verbose_name_plural = _("paper batches")
        ordering = ["-collected_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(letters__lte=MAX_BATCH, drawings__lte=MAX_BATCH),
                name="batch_counts_sane",
                violation_error_message=_(
                    "A batch cannot hold more letters or drawings than that: split it in several batches."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=False)
                | models.Q(place_organisation__isnull=False),
                name="batch_has_a_place",
                violation_error_message=_(
                    "Say where the batch comes from: a municipality or an organisation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.letters}+{self.drawings}"


class MunicipalGoal(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="goals"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+"
    )
    goal = models.PositiveIntegerField(_("goal"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("municipal goal")
        verbose_name_plural = _("municipal goals")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "municipality"],
                name="one_goal_per_municipality",
                violation_error_message=_(
                    "This campaign already has a goal for this municipality."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.goal}"


class LabelProgramme(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    description = RichTextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("label programme")
        verbose_name_plural = _("label programmes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:label", kwargs={"slug": self.slug})


class Criterion(models.Model):
    programme = models.ForeignKey(
        LabelProgramme, on_delete=models.CASCADE, related_name="criteria"
    )
    text = models.CharField(_("criterion"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class LabelApplication(models.Model):
    """A municipality's (or university's) application for one year of a label."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        AWARDED = "awarded", _("Awarded")
        RENEWED = "renewed", _("Renewed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    programme = models.ForeignKey(
        LabelProgramme,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("label programme"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="labels",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="labels",
        verbose_name=_("university or school"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.CANDIDATE,
        db_index=True,
    )
    commitment = models.TextField(_("commitments made"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )

    # Which decisions may follow which: a first label is awarded, a later one
    # renewed; any label may be withdrawn; a withdrawal is final.
    NEXT: dict[str, set[str]] = {
        Status.CANDIDATE: {Status.AWARDED, Status.RENEWED, Status.WITHDRAWN},
        Status.AWARDED: {Status.WITHDRAWN},
        Status.RENEWED: {Status.WITHDRAWN},
        Status.WITHDRAWN: set(),
    }

    class Meta:
        verbose_name = _("label application")
        verbose_name_plural = _("label applications")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "municipality"],
                name="one_application_per_municipality",
                violation_error_message=_(
                    "This municipality has already applied for this label this year."
                ),
            ),
            models.UniqueConstraint(
                fields=["programme", "year", "organisation"],
                name="one_application_per_organisation",
                violation_error_message=_(
                    "This organisation has already applied for this label this year."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=False)
                | models.Q(organisation__isnull=False),
                name="application_has_a_holder",
                violation_error_message=_(
                    "An application is made by a municipality or an organisation: choose one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} {self.year}"

    @property
    def holder_name(self) -> str:
        return (
            self.municipality.name if self.municipality_id else self.organisation.name
        )

    @property
    def is_awarded(self) -> bool:
        return self.status in (self.Status.AWARDED, self.Status.RENEWED)


class Evidence(models.Model):
    application = models.ForeignKey(
        LabelApplication, on_delete=models.CASCADE, related_name="evidence"
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("criterion"),
    )
    text = models.TextField(_("evidence"), blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    validated = models.BooleanField(_("validated"), default=False)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"],
                name="one_evidence_per_criterion",
                violation_error_message=_(
                    "This criterion already has its evidence in this application."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.criterion_id}"


# Who may host a writing session: organisations of these kinds.
HOST_KINDS = (
    Organisation.Kind.ASSOCIATION,
    Organisation.Kind.NETWORK,
    Organisation.Kind.COLLECTIVE,
    Organisation.Kind.SCHOOL,
    Organisation.Kind.MUNICIPALITY,
    Organisation.Kind.UNIVERSITY,
    Organisation.Kind.TRADE_UNION,
    Organisation.Kind.FOUNDATION,
    Organisation.Kind.OTHER,
)


class WritingSession(models.Model):
    """An event held for a campaign, where people write letters (and children draw).

    The host (a member, a local group, a school, a municipality, a university)
    reports what was collected afterwards; the report is a paper batch for review.
    """

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Open to all")
        CLASS = "class", _("A class or a closed group")

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="writing_sessions",
        verbose_name=_("campaign"),
    )
    event = models.OneToOneField(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="writing_session",
        verbose_name=_("event"),
    )
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="writing_sessions",
        verbose_name=_("host"),
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    # The latest report; a rejected one may be followed by another.
    batch = models.ForeignKey(
        PaperBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="writing_sessions",
        verbose_name=_("paper batch"),
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("writing session")
        verbose_name_plural = _("writing sessions")
        ordering = ["event__starts_at", "id"]

    def __str__(self) -> str:
        return str(self.event)

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url()

    @property
    def awaits_report(self) -> bool:
        return self.event.is_over and (
            self.batch_id is None or self.batch.status == PaperBatch.Status.REJECTED
        )


class SessionRequest(models.Model):
    """A school or an association asks to host a writing session (public form)."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        ASSOCIATION = "association", _("Association")
        UNIVERSITY = "university", _("University")
        MUNICIPALITY = "municipality", _("Municipality")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="session_requests",
        verbose_name=_("campaign"),
    )
    kind = models.CharField(
        _("you are"), max_length=20, choices=Kind.choices, default=Kind.SCHOOL
    )
    name = models.CharField(_("your name"), max_length=150)
    email = models.EmailField(_("email"), max_length=254)
    organisation_name = models.CharField(_("school or organisation"), max_length=200)
    town = models.CharField(_("town"), max_length=100)
    participants = models.PositiveIntegerField(
        _("expected participants"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTICIPANTS)],
    )
    date_wish = models.DateField(_("preferred date"))
    message = models.TextField(_("message"), blank=True)
    language = models.CharField(max_length=5, default="fr")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    session = models.OneToOneField(
        WritingSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="request",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("request to host a writing session")
        verbose_name_plural = _("requests to host a writing session")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.town})"
