from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.imagespecs import size_field
from plaidoyer.core.richtext import RichTextField
from plaidoyer.places.models import Municipality


class Theme(models.Model):
    """A subject the coalition works on (asylum, housing, fight against racism…).

    A managed list shared by every app: organisations, events, news, campaigns.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language an organisation works in (ISO 639 code)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        NETWORK = "network", _("Coalition or network")
        PUBLIC_BODY = "public_body", _("Public body")
        MUNICIPALITY = "municipality", _("Municipality")
        UNIVERSITY = "university", _("University")
        SCHOOL = "school", _("School")
        COLLECTIVE = "collective", _("Collective")
        TRADE_UNION = "trade_union", _("Trade union")
        FOUNDATION = "foundation", _("Foundation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, db_index=True
    )
    description = RichTextField(_("description"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="organisations"
    )
    languages = models.ManyToManyField(
        Language,
        verbose_name=_("languages of work"),
        blank=True,
        related_name="organisations",
    )
    street_address = models.CharField(
        _("street and number"), max_length=200, blank=True
    )
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(49.4), MaxValueValidator(51.6)],
        help_text=_("Leave empty to place the organisation at its municipality."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2.5), MaxValueValidator(6.5)],
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/%Y/", blank=True)
    logo_160 = size_field("logo", 160, "logo")
    logo_320 = size_field("logo", 320, "logo")
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    networks = models.ManyToManyField(
        "self",
        through="Membership",
        through_fields=("member", "network"),
        symmetrical=False,
        related_name="members",
        verbose_name=_("networks"),
        blank=True,
    )
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_(
            "Its staff publish events, news and resources without waiting for a "
            "coordinator's approval."
        ),
    )
    # Denormalised for fast, accent-insensitive search and sorting on any database.
    search_text = models.TextField(editable=False, default="")
    sort_name = models.CharField(
        max_length=200, editable=False, default="", db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["sort_name", "id"]
        indexes = [models.Index(fields=["is_published", "sort_name", "id"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def point(self) -> tuple[float, float] | None:
        """Return (lat, lon): the organisation's own point, else its municipality's."""
        if self.latitude is not None and self.longitude is not None:
            return (self.latitude, self.longitude)
        if self.municipality_id:
            return (self.municipality.latitude, self.municipality.longitude)
        return None


class Membership(models.Model):
    """An organisation belongs to a network (a coalition is itself an organisation)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        FOUNDING_MEMBER = "founding_member", _("Founding member")
        COORDINATOR = "coordinator", _("Coordinator")
        STEERING = "steering", _("Steering committee")
        OBSERVER = "observer", _("Observer")
        PARTNER = "partner", _("Partner")

    member = models.ForeignKey(
        Organisation,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    network = models.ForeignKey(
        Organisation,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="member_links",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.MEMBER
    )
    since = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network_id", "member__sort_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "network"],
                name="unique_membership",
                violation_error_message=_(
                    "This organisation is already a member of this network."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(member=models.F("network")),
                name="membership_not_self",
                violation_error_message=_(
                    "An organisation cannot be a member of itself."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.network}"


class Contact(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_public = models.BooleanField(
        _("show on the public profile"),
        default=False,
        help_text=_(
            "Private contacts are only seen by the organisation and coordinators."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    """A user working for an organisation: may edit its profile and act for it."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        MANAGER = "manager", _("Manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_roles",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="staff",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.EDITOR
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="unique_staff",
                violation_error_message=_(
                    "This person already works for this organisation on the platform."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"
