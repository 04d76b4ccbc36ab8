"""The coalition's public website: articles, resources, key figures, pages, newsletter."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plaidoyer.core.approval import Approvable, never_public_unless_approved
from plaidoyer.core.imagespecs import size_field
from plaidoyer.core.richtext import RichTextField
from plaidoyer.core.visibility import unguessable_path, visibility_field
from plaidoyer.organisations.models import Language, Organisation, Theme


def _token() -> str:
    return secrets.token_urlsafe(24)


class Article(Approvable):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("article status", "Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = RichTextField(
        _("body"),
        blank=True,
        help_text=_("Simple formatting is kept; scripts and styles are removed."),
    )
    author = models.CharField(_("author"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("organisation"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="articles", verbose_name=_("themes")
    )
    image = models.ImageField(_("image"), upload_to="articles/%Y/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    image_400 = size_field("wide", 400, "image")
    image_800 = size_field("wide", 800, "image")
    image_1200 = size_field("wide", 1200, "image")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    publish_at = models.DateTimeField(
        _("publication date"), null=True, blank=True, db_index=True
    )
    is_press_release = models.BooleanField(
        _("press release"),
        default=False,
        help_text=_("Listed on the press page and in its feed too."),
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    published_field = "status"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-publish_at", "-id"]
        indexes = [models.Index(fields=["status", "publish_at", "id"])]
        constraints = [
            never_public_unless_approved(
                "article_public_only_when_approved", ~models.Q(status="draft")
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:article", kwargs={"slug": self.slug})

    def goes_public(self) -> bool:
        return self.status != self.Status.DRAFT


def resource_path(instance, filename: str) -> str:
    return unguessable_path("resources", filename)


class Resource(Approvable):
    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("Publication")
        TOOL = "tool", _("Tool")
        FIGURES = "figures", _("Figures")
        SECTOR_NEWS = "sector_news", _("Sector news")
        DIRECTORY = "directory", _("Directory or map")
        VIDEO = "video", _("Video")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = RichTextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, db_index=True
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="resources", verbose_name=_("themes")
    )
    language = models.CharField(
        _("language of the resource"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="fr",
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=resource_path, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    downloads = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    for_press = models.BooleanField(
        _("in the media kit"),
        default=False,
        help_text=_("Offered to journalists on the press page."),
    )
    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    visibility = visibility_field()
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-year", "-id"]
        constraints = [
            never_public_unless_approved(
                "resource_public_only_when_approved", models.Q(is_published=True)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:resource", kwargs={"slug": self.slug})


class Figure(models.Model):
    """A key figure published by the coordinators ("Chiffres")."""

    label = models.CharField(_("what it measures"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    date = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source link"), blank=True)
    theme = models.ForeignKey(
        Theme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="figures",
        verbose_name=_("theme"),
    )
    series = models.CharField(
        _("series"),
        max_length=100,
        blank=True,
        help_text=_("Figures sharing a series are charted together."),
    )
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["series", "date", "id"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}"


class Page(models.Model):
    """An editable page in the site's menu tree (about, team, legal notice…)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    body = RichTextField(_("body"), blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent page"),
    )
    in_menu = models.BooleanField(_("show in the menu"), default=True)
    in_footer = models.BooleanField(_("show in the footer"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:page", kwargs={"slug": self.slug})


class TeamMember(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    photo = models.ImageField(_("photo"), upload_to="team/", blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Subscriber(models.Model):
    """A newsletter subscriber: double opt-in, one language, optional themes."""

    email = models.EmailField(unique=True, verbose_name=_("email"))
    language = models.CharField(
        max_length=5,
        choices=settings.LANGUAGES,
        default="fr",
        verbose_name=_("language"),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=_token)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("confirmed at")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")

    def __str__(self) -> str:
        return self.email


class Newsletter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("newsletter status", "Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    subject = models.CharField(_("subject"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    articles = models.ManyToManyField(Article, blank=True, verbose_name=_("articles"))
    # Segments (news.segments): who receives it. An address in several segments
    # receives it once.
    to_subscribers = models.BooleanField(_("newsletter subscribers"), default=True)
    themes = models.ManyToManyField(
        Theme,
        blank=True,
        related_name="+",
        verbose_name=_("themes"),
        help_text=_(
            "Empty: a general newsletter for every subscriber. Otherwise it goes "
            "to subscribers of these themes and to those who chose no theme."
        ),
    )
    signers_of = models.ForeignKey(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signers of this campaign who asked for news"),
    )
    registrants_of = models.ManyToManyField(
        "events.Event",
        blank=True,
        related_name="+",
        verbose_name=_("registrants of these events who asked for news"),
    )
    to_organisations = models.BooleanField(
        _("staff and public contacts of member organisations"), default=False
    )
    to_press = models.BooleanField(_("journalists (press list)"), default=False)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("Empty: every language."),
    )
    include_events = models.BooleanField(_("include upcoming events"), default=True)
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
        verbose_name=_("status"),
    )
    sent_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("sent at")
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    # Every recipient's Delivery row exists (news.tasks.materialise).
    audience_ready_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Delivery(models.Model):
    """One newsletter to one address: the row makes it exactly once. Rows are
    written "queued" for the whole audience, then a worker takes them in batches
    (SKIP LOCKED) and hands each to the outbox in the same transaction that marks
    it "sent"; the provider's webhook may later say "bounced" or "complained"."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        BOUNCED = "bounced", _("bounced")
        COMPLAINED = "complained", _("complained")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="deliveries"
    )
    # Kept when the subscriber leaves: the row records that they unsubscribed.
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.CharField(max_length=254, blank=True)
    language = models.CharField(max_length=5, default="fr")
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    token = models.CharField(max_length=64, unique=True, default=_token)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "email"],
                name="one_delivery_per_address",
                violation_error_message=_(
                    "This newsletter has already been sent to this address."
                ),
            )
        ]
        indexes = [models.Index(fields=["newsletter", "status", "id"])]

    def __str__(self) -> str:
        return f"{self.newsletter_id} → {self.email}"


class MenuItem(models.Model):
    """An entry of the main menu: a section of the site, a page or an address;
    entries with a parent form its sub-menu. With none, the site shows its
    default sections (news.menu.DEFAULT_MENU)."""

    SECTION_CHOICES = [
        ("news", _("News")),
        ("members", _("Members")),
        ("campaigns", _("Campaigns")),
        ("agenda", _("Agenda")),
        ("memorandum", _("Memorandum")),
        ("processes", _("Processes")),
        ("barometer", _("Barometer")),
        ("elections", _("Elections")),
        ("help", _("Discrimination? Where to turn")),
        ("resources", _("Resources")),
        ("themes", _("Themes")),
        ("figures", _("Figures")),
        ("press", _("Press")),
        ("contact", _("Contact")),
        ("newsletter", _("Newsletter")),
    ]

    label = models.CharField(
        _("label"),
        max_length=60,
        blank=True,
        help_text=_("Empty: the section's or the page's own name."),
    )
    section = models.CharField(
        _("section of the site"), max_length=20, choices=SECTION_CHOICES, blank=True
    )
    page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="menu_items",
        verbose_name=_("page"),
    )
    url = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_("A path on this site (/pages/…) or a full address (https://…)."),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("under"),
        limit_choices_to={"parent__isnull": True},
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("menu entry")
        verbose_name_plural = _("menu")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label or self.section or str(self.page or self.url)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        targets = [bool(self.section), bool(self.page_id), bool(self.url)]
        if sum(targets) != 1:
            raise ValidationError(
                _("Choose one target: a section, a page or an address.")
            )
        if self.url and not (
            self.url.startswith("/") or self.url.startswith(("https://", "http://"))
        ):
            raise ValidationError(
                {"url": _("Start the address with / or with https://.")}
            )
        if self.url and not self.label:
            raise ValidationError({"label": _("Give the address a label.")})
        if self.parent_id and self.parent and self.parent.parent_id:
            raise ValidationError(
                {"parent": _("A sub-menu cannot have its own sub-menu.")}
            )


class OptOut(models.Model):
    """An address that unsubscribed from newsletters: no segment includes it."""

    email = models.CharField(max_length=254, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("newsletter opt-out")
        verbose_name_plural = _("newsletter opt-outs")

    def __str__(self) -> str:
        return self.email


class PressContact(models.Model):
    """A journalist on the press list."""

    name = models.CharField(_("name"), max_length=150)
    outlet = models.CharField(_("outlet"), max_length=150, blank=True)
    email = models.EmailField(_("email"), unique=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("journalist")
        verbose_name_plural = _("press list")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.outlet})" if self.outlet else self.name


class PressOfficer(models.Model):
    """Who journalists call about a theme: shown on the press page, grouped by
    theme (none: general enquiries). Work contact details, published on purpose."""

    theme = models.ForeignKey(
        Theme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_officers",
        verbose_name=_("theme"),
        help_text=_("Empty: general enquiries."),
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("languages spoken")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if not (self.email or self.phone):
            raise ValidationError(
                {"email": _("Give an email address or a phone number.")}
            )
