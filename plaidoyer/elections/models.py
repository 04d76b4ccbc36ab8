"""Elections, the parties and candidates standing, and pledge campaigns.

A ``PledgeCampaign`` asks every party and candidate of an ``Election`` where they
stand on chosen recommendations of the memorandum. Each answers through its own
signed ``PledgeLink``; every answer is a ``Pledge`` (yes / partly / no, a comment,
when it was given). After the election, the pledges of the parties in the new
majority become commitments of the new government (``Pledge.commitment``).
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaidoyer.commitments.models import Authority, Commitment, Recommendation


def _key() -> str:
    return secrets.token_urlsafe(24)


class Election(models.Model):
    class Level(models.TextChoices):
        FEDERAL = "federal", _("Federal")
        REGIONAL = "regional", _("Regional")
        COMMUNITY = "community", _("Community")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    date = models.DateField(_("election day"))
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    # Set by the coordinator after the election (services.record_result).
    government = models.ForeignKey(
        Authority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elections",
        verbose_name=_("new government"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-date", "slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("elections:list") + f"#{self.slug}"


class Constituency(models.Model):
    election = models.ForeignKey(
        Election,
        on_delete=models.CASCADE,
        related_name="constituencies",
        verbose_name=_("election"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("code"), max_length=100)

    class Meta:
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "slug"],
                name="unique_constituency_slug",
                violation_error_message=_(
                    "This election already has a constituency with this name."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Party(models.Model):
    """A party or list standing at one election."""

    election = models.ForeignKey(
        Election,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("election"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("code"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )
    position = models.PositiveSmallIntegerField(_("list number"), default=0)
    in_majority = models.BooleanField(_("in the new majority"), default=False)

    class Meta:
        verbose_name = _("party or list")
        verbose_name_plural = _("parties and lists")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "slug"],
                name="unique_party",
                violation_error_message=_(
                    "This election already has a party with this name."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    election = models.ForeignKey(
        Election,
        on_delete=models.CASCADE,
        related_name="candidates",
        verbose_name=_("election"),
    )
    party = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="candidates",
        verbose_name=_("party or list"),
    )
    constituency = models.ForeignKey(
        Constituency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidates",
        verbose_name=_("constituency"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("code"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )
    position = models.PositiveSmallIntegerField(_("place on the list"), default=0)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["party__position", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "slug"],
                name="unique_candidate",
                violation_error_message=_(
                    "This election already has a candidate with this name."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class PledgeCampaign(models.Model):
    election = models.ForeignKey(
        Election,
        on_delete=models.CASCADE,
        related_name="campaigns",
        verbose_name=_("election"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    introduction = models.TextField(_("introduction"), blank=True)
    recommendations = models.ManyToManyField(
        Recommendation,
        related_name="pledge_campaigns",
        verbose_name=_("recommendations"),
    )
    deadline = models.DateTimeField(_("deadline for answers"))
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pledge campaign")
        verbose_name_plural = _("pledge campaigns")
        ordering = ["-deadline", "slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("elections:comparison", kwargs={"slug": self.slug})

    @property
    def is_open(self) -> bool:
        return timezone.now() < self.deadline


class PledgeLink(models.Model):
    """The signed link one party or candidate answers through.

    The address carries ``key`` signed with the link's id; a new key (a new link)
    or ``revoked_at`` makes every earlier address do nothing.
    """

    campaign = models.ForeignKey(
        PledgeCampaign, on_delete=models.CASCADE, related_name="links"
    )
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    candidate = models.ForeignKey(
        Candidate,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="links",
    )
    key = models.CharField(max_length=64, unique=True, default=_key)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("answer link")
        verbose_name_plural = _("answer links")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(party__isnull=False, candidate__isnull=True)
                | models.Q(party__isnull=True, candidate__isnull=False),
                name="pledge_link_one_respondent",
                violation_error_message=_("A link is for one party or one candidate."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.respondent} ({self.campaign})"

    @property
    def respondent(self) -> Party | Candidate:
        return self.party or self.candidate  # type: ignore[return-value]

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and now < self.expires_at


class Pledge(models.Model):
    """One party's or candidate's answer on one recommendation."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    campaign = models.ForeignKey(
        PledgeCampaign, on_delete=models.CASCADE, related_name="pledges"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="pledges"
    )
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.CASCADE, related_name="pledges"
    )
    candidate = models.ForeignKey(
        Candidate,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pledges",
    )
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered on"))
    link = models.ForeignKey(
        PledgeLink, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The commitment of the new government this pledge became (record_result).
    commitment = models.ForeignKey(
        Commitment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pledges",
        verbose_name=_("commitment"),
    )

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["campaign", "recommendation__sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(party__isnull=False, candidate__isnull=True)
                | models.Q(party__isnull=True, candidate__isnull=False),
                name="pledge_one_respondent",
                violation_error_message=_(
                    "An answer comes from one party or one candidate."
                ),
            ),
            models.UniqueConstraint(
                fields=["campaign", "recommendation", "party"],
                condition=models.Q(party__isnull=False),
                name="unique_party_pledge",
                violation_error_message=_(
                    "This party has already answered on this recommendation."
                ),
            ),
            models.UniqueConstraint(
                fields=["campaign", "recommendation", "candidate"],
                condition=models.Q(candidate__isnull=False),
                name="unique_candidate_pledge",
                violation_error_message=_(
                    "This candidate has already answered on this recommendation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party or self.candidate}: {self.recommendation_id} {self.answer}"
