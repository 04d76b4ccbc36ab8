"""Participatory processes: phases, meetings (events) with minutes, draft
recommendations open to member comments and endorsements, adopted into the memorandum.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plaidoyer.commitments.models import Memorandum, Recommendation, Sector
from plaidoyer.core.richtext import RichTextField
from plaidoyer.core.visibility import unguessable_path, visibility_field
from plaidoyer.events.models import Event
from plaidoyer.organisations.models import Organisation, Theme


class Process(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = RichTextField(_("description"), blank=True)
    image = models.ImageField(_("image"), upload_to="processes/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    started_on = models.DateField(_("launched on"), null=True, blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="processes", verbose_name=_("themes")
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="ProcessMember",
        related_name="processes",
        verbose_name=_("organisations"),
    )
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("participatory process")
        verbose_name_plural = _("participatory processes")
        ordering = ["-started_on", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:detail", kwargs={"slug": self.slug})

    def current_phase(self, today=None):
        today = today or timezone.localdate()
        for phase in self.phases.all():
            if phase.starts_on <= today <= phase.ends_on:
                return phase
        return None


class ProcessMember(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        STEERING = "steering", _("Steering committee")
        PARTICIPANT = "participant", _("Participant")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="members"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="process_roles"
    )
    role = models.CharField(
        _("role"), max_length=12, choices=Role.choices, default=Role.PARTICIPANT
    )
    role_note = models.CharField(_("role in words"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("process member")
        verbose_name_plural = _("process members")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "organisation"],
                name="one_role_per_organisation",
                violation_error_message=_(
                    "This organisation already has a role in this process."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"


class Phase(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        MEETINGS = "meetings", _("Thematic meetings")
        CONSULTATION = "consultation", _("Consultation on drafts")
        ADOPTION = "adoption", _("Adoption")
        FOLLOW_UP = "follow_up", _("Follow-up")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    description = RichTextField(_("what is open"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    opening_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    closing_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
                violation_error_message=_("A phase cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """A meeting of the process: an event (with its registration) plus what it produced."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="meetings"
    )
    event = models.OneToOneField(
        Event, on_delete=models.PROTECT, related_name="meeting", verbose_name=_("event")
    )
    minutes = RichTextField(_("minutes"), blank=True)
    minutes_visibility = visibility_field(verbose_name=_("minutes visible to"))
    attendance_count = models.PositiveIntegerField(
        _("attendance"), null=True, blank=True
    )
    attending_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="attended_meetings",
        verbose_name=_("attending organisations"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Set by selectors.get_meeting: whether the reader may see the minutes.
    minutes_shown: bool

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["event__starts_at"]

    def __str__(self) -> str:
        return str(self.event)

    def get_absolute_url(self) -> str:
        return reverse(
            "processes:meeting", kwargs={"slug": self.process.slug, "pk": self.pk}
        )


def meeting_document_path(instance, filename: str) -> str:
    return unguessable_path("meetings", filename)


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=meeting_document_path)
    visibility = visibility_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Draft(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("draft recommendation status", "Open for comments")
        ADOPTED = "adopted", _("Adopted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="drafts",
        verbose_name=_("process"),
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts",
        verbose_name=_("from the meeting"),
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="drafts", verbose_name=_("area")
    )
    title = models.CharField(_("title"), max_length=300)
    text = RichTextField(_("text"), blank=True)
    version = models.PositiveIntegerField(
        default=1, editable=False, verbose_name=_("version")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.OPEN,
        db_index=True,
    )
    visibility = visibility_field()
    adopted_as = models.OneToOneField(
        Recommendation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_from",
        verbose_name=_("adopted as"),
    )
    adopted_into = models.ForeignKey(
        Memorandum, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept by services so that lists need no aggregate per row.
    endorsement_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("endorsement count")
    )
    comment_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("draft recommendation")
        verbose_name_plural = _("draft recommendations")
        ordering = ["sector__position", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "processes:draft", kwargs={"slug": self.process.slug, "pk": self.pk}
        )


class DraftVersion(models.Model):
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "number"],
                name="unique_draft_version",
                violation_error_message=_(
                    "This version of the draft exists already: reload the page and try again."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.draft_id} v{self.number}"


class Comment(models.Model):
    draft = models.ForeignKey(
        Draft,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("draft"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"))
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(null=True, blank=True, verbose_name=_("hidden at"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["draft", "created_at"])]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.body[:40]}"


class Endorsement(models.Model):
    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="endorsements"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="endorsements"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason (optional)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "organisation"],
                name="one_endorsement_per_organisation",
                violation_error_message=_(
                    "Your organisation has already endorsed this draft."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.draft_id}"
