"""The memorandum of recommendations and the public barometer of commitments.

A ``Recommendation`` is the stable thing the coalition asks for, known by its code
(``EMP-03``) across editions; each ``Memorandum`` edition holds a wording of it in a
``MemorandumItem``. Authorities make ``Commitment``s on recommendations; each
commitment's history is a public, append-only list of ``StatusUpdate``s.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.richtext import RichTextField
from plaidoyer.organisations.models import Organisation, Theme
from plaidoyer.places.models import Municipality, Province

CODE_VALIDATOR = RegexValidator(
    r"^[A-Z]{2,6}-\d{1,3}[A-Z]?$",
    _("A code is 2–6 capital letters, a hyphen and a number, e.g. EMP-03."),
)


class Status(models.TextChoices):
    """Where a commitment stands. The order is the order of progress."""

    NOT_STARTED = "not_started", _("Not started")
    ANNOUNCED = "announced", _("Announced")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTLY_IMPLEMENTED = "partly_implemented", _("Partly implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    STALLED = "stalled", _("Stalled")
    ABANDONED = "abandoned", _("Abandoned")


class BarometerStatus(models.TextChoices):
    """A recommendation's status on the barometer (see services.barometer_status_for)."""

    NO_COMMITMENT = "no_commitment", _("No commitment yet")
    NOT_STARTED = "not_started", _("Not started")
    ANNOUNCED = "announced", _("Announced")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTLY_IMPLEMENTED = "partly_implemented", _("Partly implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    STALLED = "stalled", _("Stalled")
    ABANDONED = "abandoned", _("Abandoned")


class Level(models.Model):
    """A level of government: federal, a region, a community, provinces, municipalities."""

    class Tier(models.TextChoices):
        FEDERAL = "federal", _("Federal")
        REGION = "region", _("Region")
        COMMUNITY = "community", _("Community")
        PROVINCE = "province", _("Province")
        MUNICIPALITY = "municipality", _("Municipality")

    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    name = models.CharField(_("name"), max_length=100)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        verbose_name = _("level of government")
        verbose_name_plural = _("levels of government")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class Sector(models.Model):
    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("code prefix"),
        max_length=6,
        unique=True,
        help_text=_("Prefix of its recommendations' codes, e.g. EMP."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class Memorandum(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True)
    edition = models.PositiveSmallIntegerField(_("edition"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    state = models.CharField(
        _("status"),
        max_length=12,
        choices=State.choices,
        default=State.DRAFT,
        db_index=True,
    )
    introduction = RichTextField(_("introduction"), blank=True)
    file = models.FileField(_("downloadable file"), upload_to="memoranda/", blank=True)
    derived_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("derived from"),
    )

    class Meta:
        verbose_name = _("memorandum")
        verbose_name_plural = _("memoranda")
        ordering = ["-edition"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("commitments:memorandum", kwargs={"slug": self.slug})


class Recommendation(models.Model):
    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    code = models.CharField(
        _("code"), max_length=12, unique=True, validators=[CODE_VALIDATOR]
    )
    title = models.CharField(_("title"), max_length=300)
    text = RichTextField(_("text"), blank=True)
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("sector"),
    )
    levels = models.ManyToManyField(
        Level,
        blank=True,
        related_name="recommendations",
        verbose_name=_("competent levels"),
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="recommendations", verbose_name=_("tags")
    )
    origin_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_recommendations",
        verbose_name=_("proposed by"),
    )
    # The processes app links its drafts here (processes.Draft.adopted_as); the
    # free-text origin covers anything else ("Assises 2023 workshop").
    origin_note = models.CharField(_("origin"), max_length=300, blank=True)
    barometer_status = models.CharField(
        _("barometer status"),
        max_length=20,
        choices=BarometerStatus.choices,
        default=BarometerStatus.NO_COMMITMENT,
        db_index=True,
        editable=False,
    )
    search_text = models.TextField(editable=False, default="")
    sort_key = models.CharField(
        max_length=30, editable=False, default="", db_index=True
    )
    # Set by selectors.get_recommendation for the recommendation's page.
    commitment_count: int
    commitment_list: list["Commitment"]
    origin_draft: models.Model | None
    # Set by selectors.memorandum_rows for the memorandum's rows.
    level_list: list[Level]

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commitments:recommendation", kwargs={"code": self.code})


class MemorandumItem(models.Model):
    """The wording of a recommendation in one edition of the memorandum."""

    memorandum = models.ForeignKey(
        Memorandum,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("memorandum"),
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("recommendation"),
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))

    class Meta:
        verbose_name = _("memorandum item")
        verbose_name_plural = _("memorandum items")
        ordering = ["memorandum", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["memorandum", "recommendation"],
                name="unique_item_per_edition",
                violation_error_message=_(
                    "This recommendation is already in this edition of the memorandum."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.memorandum.edition}: {self.recommendation.code}"


class Authority(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        PARLIAMENT = "parliament", _("Parliament")
        MINISTER = "minister", _("Minister's office")
        ADMINISTRATION = "administration", _("Administration")
        PROVINCE = "province", _("Province")
        MUNICIPALITY = "municipality", _("Municipality")
        OTHER = "other", _("Other public body")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        related_name="authorities",
        verbose_name=_("level"),
    )
    municipality = models.OneToOneField(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="authority",
        verbose_name=_("municipality"),
    )
    province = models.ForeignKey(
        Province,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="authorities",
        verbose_name=_("province"),
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["level__position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("commitments:authority", kwargs={"slug": self.slug})


class Commitment(models.Model):
    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("authority"),
    )
    recommendations = models.ManyToManyField(
        Recommendation, related_name="commitments", verbose_name=_("recommendations")
    )
    title = models.CharField(_("what was committed"), max_length=300)
    description = RichTextField(_("details"), blank=True)
    committed_on = models.DateField(_("date of the commitment"))
    due_on = models.DateField(_("due date"), null=True, blank=True)
    source_url = models.URLField(_("source (web address)"), blank=True, max_length=500)
    source_file = models.FileField(
        _("source (document)"), upload_to="commitments/", blank=True
    )
    # Derived from the latest status updates, kept here so lists need no subquery.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.NOT_STARTED,
        db_index=True,
        editable=False,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress %"), null=True, blank=True, editable=False
    )
    authority_status = models.CharField(
        _("status reported by the authority"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        editable=False,
    )
    authority_progress = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False
    )
    last_update_on = models.DateField(
        _("last update"), null=True, blank=True, editable=False, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-committed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.authority}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commitments:commitment", kwargs={"pk": self.pk})


class StatusUpdate(models.Model):
    """A dated, public step in a commitment's history. Never edited, never deleted."""

    class Source(models.TextChoices):
        COALITION = "coalition", _("Coalition's assessment")
        AUTHORITY = "authority", _("Authority's own report")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        related_name="updates",
        verbose_name=_("commitment"),
    )
    date = models.DateField(_("date"))
    source = models.CharField(
        _("whose view"), max_length=10, choices=Source.choices, default=Source.COALITION
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress %"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    note = models.TextField(_("note"), blank=True)
    # Who says what the note says (a minister's answer in parliament, a council's
    # minutes): a note with its source is evidence, a bare note is not.
    note_source = models.CharField(_("source of the note"), max_length=300, blank=True)
    evidence_url = models.URLField(
        _("evidence (web address)"), blank=True, max_length=500
    )
    evidence_file = models.FileField(
        _("evidence (document)"), upload_to="evidence/%Y/", blank=True
    )
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["commitment", "source", "date", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True)
                | models.Q(progress__gte=0, progress__lte=100),
                name="update_progress_0_100",
                violation_error_message=_(
                    "Progress is a percentage between 0 and 100."
                ),
            ),
            # One correction per update, so "see the correction" names one entry.
            models.UniqueConstraint(
                fields=["corrects"],
                condition=models.Q(corrects__isnull=False),
                name="one_correction_per_update",
                violation_error_message=_(
                    "This entry has been corrected already: correct the correction instead."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.date} {self.status}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class Follower(models.Model):
    """Someone who asked to be told by email when a recommendation's status changes."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="followers"
    )
    email = models.EmailField()
    language = models.CharField(max_length=5, default="fr")
    token = models.CharField(max_length=64, unique=True, default=_token)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "email"],
                name="unique_follower",
                violation_error_message=_(
                    "This address already follows this recommendation."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.recommendation_id}"


class Notification(models.Model):
    """One email about one status update to one follower: the row makes it exactly once."""

    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="+")
    update = models.ForeignKey(StatusUpdate, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "update"],
                name="unique_notification",
                violation_error_message=_(
                    "This follower has already been told of this update."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} ← {self.update_id}"
