"""Where to turn after discrimination: public bodies, the services member
organisations offer, and confidential testimonies (encrypted, routed, purged)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plaidoyer.organisations.models import Language, Organisation
from plaidoyer.places.models import Municipality, Province, Region


class Field(models.TextChoices):
    """Where discrimination happened."""

    WORK = "work", _("Work")
    HOUSING = "housing", _("Housing")
    EDUCATION = "education", _("Education")
    POLICE = "police", _("Police")
    SHOPS = "shops", _("Shops and services")
    HEALTH = "health", _("Health")
    ONLINE = "online", _("Online")
    PUBLIC_SPACE = "public_space", _("Public space")


class Ground(models.TextChoices):
    """Why, as the person sees it (the criteria of the anti-discrimination laws)."""

    ORIGIN = "origin", _("Origin")
    SKIN_COLOUR = "skin_colour", _("Skin colour")
    RELIGION = "religion", _("Religion or belief")
    NATIONALITY = "nationality", _("Nationality")
    LANGUAGE = "language", _("Language")
    SEX = "sex", _("Sex or gender")
    DISABILITY = "disability", _("Disability or health")
    AGE = "age", _("Age")
    ORIENTATION = "orientation", _("Sexual orientation")
    OTHER = "other", _("Other")


def codes_to_text(codes) -> str:
    """Store a set of choice codes as ``|a|b|``: one column that ``__contains``
    filters the same way on SQLite and PostgreSQL. Empty means "all"."""
    codes = sorted(set(codes))
    return f"|{'|'.join(codes)}|" if codes else ""


def text_to_codes(text: str) -> list[str]:
    return [c for c in (text or "").split("|") if c]


def covers(text: str, code: str) -> models.Q:
    """Q for rows whose ``text`` column (``fields``, ``grounds``) covers ``code``:
    they name it, or name none (all)."""
    return models.Q(**{text: ""}) | models.Q(**{f"{text}__contains": f"|{code}|"})


class Body(models.Model):
    """A public body that can act: an equality body, an ombudsman, the police."""

    class Kind(models.TextChoices):
        EQUALITY_BODY = "equality_body", _("Equality body")
        REGIONAL_SERVICE = "regional_service", _("Regional service")
        OMBUDSMAN = "ombudsman", _("Ombudsman")
        POLICE = "police", _("Police")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what it can do"), blank=True)
    url = models.URLField(_("contact page"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    fields = models.CharField(
        _("fields"),
        max_length=200,
        blank=True,
        help_text=_("Codes between bars, e.g. |housing|work|; empty: every field."),
    )
    grounds = models.CharField(
        _("grounds"),
        max_length=200,
        blank=True,
        help_text=_("Codes between bars; empty: every ground."),
    )
    regions = models.ManyToManyField(
        Region,
        verbose_name=_("regions"),
        blank=True,
        related_name="+",
        help_text=_("Empty: the whole country."),
    )
    offences_only = models.BooleanField(
        _("for criminal offences"),
        default=False,
        help_text=_("Hate speech, violence, threats: crimes to report."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("public body")
        verbose_name_plural = _("public bodies")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def field_list(self) -> list[str]:
        return text_to_codes(self.fields)

    @property
    def ground_list(self) -> list[str]:
        return text_to_codes(self.grounds)


class Service(models.Model):
    """A service an organisation offers to people facing discrimination."""

    class Kind(models.TextChoices):
        RECEPTION = "reception", _("Reception desk")
        SOCIO_LEGAL = "socio_legal", _("Socio-legal help")
        LEGAL = "legal", _("Legal advice")
        PSYCHOLOGICAL = "psychological", _("Psychological support")
        MEDIATION = "mediation", _("Mediation")
        OTHER = "other", _("Other help")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="help_services",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opening_hours = models.TextField(
        _("opening hours"),
        blank=True,
        help_text=_("E.g. Monday to Friday, 9:00–12:30."),
    )
    how_to_reach = models.TextField(
        _("how to reach it"),
        blank=True,
        help_text=_("Walk in, by appointment, by phone…"),
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages spoken"), blank=True, related_name="+"
    )
    fields = models.CharField(_("fields"), max_length=200, blank=True)
    nationwide = models.BooleanField(_("serves the whole country"), default=False)
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions served"), blank=True, related_name="+"
    )
    provinces = models.ManyToManyField(
        Province, verbose_name=_("provinces served"), blank=True, related_name="+"
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("municipalities served"),
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("web page"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("help service")
        verbose_name_plural = _("help services")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def field_list(self) -> list[str]:
        return text_to_codes(self.fields)

    def get_field_list_display(self) -> list[str]:
        labels = dict(Field.choices)
        return [str(labels[c]) for c in self.field_list if c in labels]


class HandlingDesk(models.Model):
    """A member organisation that handles testimonies, for regions and fields; its
    designated staff (``handlers``) read and answer the testimonies routed to it."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="handling_desk",
    )
    regions = models.ManyToManyField(
        Region,
        verbose_name=_("regions"),
        blank=True,
        related_name="+",
        help_text=_("Empty: the whole country."),
    )
    fields = models.CharField(
        _("fields"), max_length=200, blank=True, help_text=_("Empty: every field.")
    )
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designated staff"),
        blank=True,
        related_name="handling_desks",
    )
    is_active = models.BooleanField(_("takes testimonies"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("testimony desk")
        verbose_name_plural = _("testimony desks")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(self.organisation)

    def get_field_list_display(self) -> list[str]:
        labels = dict(Field.choices)
        return [str(labels[c]) for c in text_to_codes(self.fields) if c in labels]


def new_reply_key() -> str:
    return secrets.token_urlsafe(16)


class Testimony(models.Model):
    """What a person went through, told in confidence.

    ``text`` and ``contact`` hold Fernet tokens (help.crypto): the database never
    sees them in clear. Field, ground, region and year stay readable: they make the
    anonymised counts, and stay after the person's data is purged.
    """

    __test__ = False  # pytest collects classes named Test*: this is no test

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        REFERRED = "referred", _("Referred")
        CLOSED = "closed", _("Closed")

    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    happened_on = models.DateField(_("when it happened"), null=True, blank=True)
    text = models.TextField(_("what happened (encrypted)"), blank=True)
    contact = models.TextField(_("contact details (encrypted)"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    consent_figures = models.BooleanField(_("counted in figures"), default=False)
    consent_referral = models.BooleanField(
        _("passed to an organisation"), default=False
    )
    consent_contact = models.BooleanField(_("wants to be contacted"), default=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("handling organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.RECEIVED,
        db_index=True,
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    # Part of the person's reply link: a purge replaces it, so old links die.
    reply_key = models.CharField(max_length=40, default=new_reply_key, editable=False)

    class Meta:
        verbose_name = _("testimony")
        verbose_name_plural = _("testimonies")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["consent_figures", "year"])]

    def __str__(self) -> str:
        # Never the text: this shows in the admin, logs and the audit trail.
        return f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("help:testimony", kwargs={"pk": self.pk})


class Message(models.Model):
    """One message between the handling organisation and the person, encrypted."""

    class Direction(models.TextChoices):
        TO_PERSON = "to_person", _("To the person")
        FROM_PERSON = "from_person", _("From the person")

    testimony = models.ForeignKey(
        Testimony, on_delete=models.CASCADE, related_name="messages"
    )
    direction = models.CharField(max_length=20, choices=Direction.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("message (encrypted)"))
    created_at = models.DateTimeField(auto_now_add=True)
    # The decrypted body, set by the services that read it for a page; never stored.
    text: str = ""

    class Meta:
        verbose_name = _("testimony message")
        verbose_name_plural = _("testimony messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.testimony_id}/{self.pk}"
