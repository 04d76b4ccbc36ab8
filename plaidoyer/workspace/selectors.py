"""The dashboard's reads: a constant number of queries whatever the data size.

Each coordinator task is one aggregate (a COUNT, or a COUNT grouped by campaign or
process); the staff panel reads the user's organisations once and every list about
them with one query each, for all of them at once.

The dashboard view caches both panels, rendered (per language; the staff panel
per user), under the data versions of everything they show
(``COORDINATOR_VERSIONS``, ``STAFF_VERSIONS``): every service that changes what a
panel shows bumps one of them, so a panel is never stale after a write.
``PANEL_TTL`` bounds what time alone changes (a commitment becoming stale, an
event ending). Registration counts are never cached.

Adding a panel: write one function here that returns ``Task`` rows (or a list), add
it to ``coordinator_tasks`` (or ``staff_panel``), give it a block in
``workspace/_coordinator.html`` (or ``_staff_*.html``), and make sure the services that change what it
counts bump one of the panel's data versions (a test in test_dashboard_fresh.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.db import connection
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaidoyer.campaigns.models import (
    Action,
    Campaign,
    Case,
    LabelApplication,
    PaperBatch,
)
from plaidoyer.campaigns.selectors import session_requests, sessions_awaiting_report
from plaidoyer.commitments.models import Commitment
from plaidoyer.commitments.selectors import stale_before
from plaidoyer.core.versions import Version
from plaidoyer.elections.selectors import pledge_counts
from plaidoyer.events.models import Event, Registration
from plaidoyer.news.models import Newsletter, Page, TeamMember
from plaidoyer.news.selectors import pending_proposal_count
from plaidoyer.organisations.models import Organisation, Staff
from plaidoyer.processes.models import Draft, Phase, Process, ProcessMember
from plaidoyer.replies.selectors import pending_reply_count, unanswered_request_count

from .models import AccountRequest, Invitation

# Where "Record a status update" leads: choose the authority, then the commitment.
STATUS_UPDATE_URL = "commitments:update_record"
# Where the newsletter drafts are written and sent.
NEWSLETTER_URL: str | None = "news:newsletters"

LIST_LIMIT = 10  # rows per staff list; the full lists are a click away

# What the coordinator's tasks count is changed by writes that bump one of these:
# batches, labels, sessions, held actions, newsletters, account requests, refused
# replies (WORKSPACE); proposals (EVENTS, SITE); drafts (PROCESSES); status
# updates, replies and requests (BAROMETER); pledges (ELECTIONS); campaign titles
# (CAMPAIGNS). The translation totals are cached under a subset of them.
COORDINATOR_VERSIONS = (
    Version.WORKSPACE,
    Version.CAMPAIGNS,
    Version.EVENTS,
    Version.SITE,
    Version.PROCESSES,
    Version.BAROMETER,
    Version.ELECTIONS,
)
# The staff panel's: profiles and staff (ORGANISATIONS), events (EVENTS),
# consultations (PROCESSES), batches, invitations, colleagues' names (WORKSPACE).
STAFF_VERSIONS = (
    Version.WORKSPACE,
    Version.ORGANISATIONS,
    Version.EVENTS,
    Version.PROCESSES,
    Version.CAMPAIGNS,
)
PANEL_TTL = 60.0  # seconds: how late a change that no write makes (a date) shows


@dataclass(frozen=True)
class Task:
    """One thing that waits for a coordinator: how many, and where to act."""

    key: str
    label: Any
    count: int
    url: str | None


def _per_parent(parents: QuerySet, rows: QuerySet, link: str) -> Coalesce:
    """Count ``rows`` (filtered already) per row of ``parents`` through ``link``."""
    return Coalesce(
        Subquery(
            rows.filter(**{link: OuterRef("pk")})
            .order_by()
            .values(link)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def _grouped(parents: QuerySet, rows: QuerySet, link: str, *, key, label, url_name):
    """One task per parent (campaign, process) that has rows waiting: one query."""
    found = (
        parents.annotate(waiting=_per_parent(parents, rows, link))
        .filter(waiting__gt=0)
        .order_by("slug")
    )
    return [
        Task(
            key=key,
            label=_("%(what)s — %(where)s") % {"what": label, "where": parent.title},
            count=parent.waiting,
            url=reverse(url_name, kwargs={"slug": parent.slug}),
        )
        for parent in found
    ]


def batches_to_review() -> list[Task]:
    return _grouped(
        Campaign.objects.all(),
        PaperBatch.objects.filter(status=PaperBatch.Status.SUBMITTED),
        "campaign",
        key="batches",
        label=_("Paper batches to review"),
        url_name="campaigns:review",
    )


def held_actions() -> list[Task]:
    return _grouped(
        Campaign.objects.all(),
        Action.objects.filter(flagged=True),
        "campaign",
        key="held",
        label=_("Held campaign actions"),
        url_name="campaigns:review",
    )


def drafts_to_adopt() -> list[Task]:
    return _grouped(
        Process.objects.all(),
        Draft.objects.filter(status=Draft.Status.OPEN),
        "process",
        key="drafts",
        label=_("Process drafts to adopt"),
        url_name="processes:detail",
    )


def single_counts() -> dict[str, int]:
    """Label applications, stale commitments, newsletter drafts, account requests."""
    return {
        "labels": LabelApplication.objects.filter(
            status=LabelApplication.Status.CANDIDATE
        ).count(),
        "stale": Commitment.objects.filter(last_update_on__lt=stale_before()).count(),
        "newsletters": Newsletter.objects.filter(
            status=Newsletter.Status.DRAFT
        ).count(),
        "requests": AccountRequest.objects.filter(
            status=AccountRequest.Status.PENDING
        ).count(),
        "proposals": pending_proposal_count(),
        "replies": pending_reply_count(),
        "asked": unanswered_request_count(),
        "session_requests": session_requests().count(),
        "unreported": sessions_awaiting_report().count(),
        "pledges": pledge_counts()["answers"],
    }


def coordinator_tasks() -> list[Task]:
    """Everything that waits for a coordinator, with a count and a link to act."""
    counts = single_counts()
    tasks = [
        *batches_to_review(),
        Task(
            "labels",
            _("Label applications to decide"),
            counts["labels"],
            reverse("workspace:labels"),
        ),
        Task(
            "requests",
            _("Requests for an account"),
            counts["requests"],
            reverse("workspace:account_requests"),
        ),
        Task(
            "stale",
            _("Commitments with no recent update"),
            counts["stale"],
            reverse(STATUS_UPDATE_URL),
        ),
        *held_actions(),
        *drafts_to_adopt(),
        Task(
            "newsletters",
            _("Newsletter drafts"),
            counts["newsletters"],
            reverse(NEWSLETTER_URL) if NEWSLETTER_URL else None,
        ),
        Task(
            "proposals",
            _("Events, news and resources proposed by members"),
            counts["proposals"],
            reverse("news:proposals"),
        ),
        Task(
            "replies",
            _("Authorities' replies to moderate"),
            counts["replies"],
            reverse("replies:moderation"),
        ),
        Task(
            "asked",
            _("Authorities asked for news that have not answered"),
            counts["asked"],
            reverse("replies:manage"),
        ),
        Task(
            "session_requests",
            _("Requests to host a writing session"),
            counts["session_requests"],
            reverse("workspace:campaigns"),
        ),
        Task(
            "unreported",
            _("Writing sessions over and not reported"),
            counts["unreported"],
            reverse("campaigns:my_sessions"),
        ),
        Task(
            "pledges",
            _("Answers to open pledge campaigns"),
            counts["pledges"],
            reverse("elections:manage_list"),
        ),
        *translations_to_do(),
    ]
    # Plain strings: cheap to cache (the cache key has the language).
    return [replace(task, label=str(task.label)) for task in tasks]


def translations_to_do() -> list[Task]:
    """Per language of the site, the items shown in another language there."""
    from django.utils.translation import get_language_info

    from plaidoyer.translations.selectors import SOURCE, lacking_totals

    return [
        Task(
            f"translations-{code}",
            _("Items lacking a translation into %(language)s")
            % {"language": get_language_info(code)["name_translated"]},
            total,
            reverse("translations:desk"),
        )
        for code, total in lacking_totals().items()
        if code != SOURCE
    ]


# --- Member staff -----------------------------------------------------------------

# The profile fields a complete profile fills in (many-to-many ones counted apart).
PROFILE_FIELDS = (
    ("description", _("description")),
    ("website", _("website")),
    ("email", _("public email")),
    ("phone", _("public phone")),
    ("logo", _("logo")),
    ("municipality_id", _("municipality")),
    ("founded_year", _("founded in")),
)


@dataclass(frozen=True)
class OrganisationRow:
    name: str
    slug: str
    url: str
    completeness: int
    missing: tuple[str, ...]


@dataclass(frozen=True)
class EventRow:
    pk: int
    title: str
    url: str
    starts_at: Any
    ends_at: Any
    registered: int = 0
    waiting: int = 0
    unconfirmed: int = 0


@dataclass(frozen=True)
class BatchRow:
    campaign_title: str
    url: str
    case_name: str
    letters: int
    drawings: int
    status: str


@dataclass(frozen=True)
class ConsultationRow:
    title: str
    url: str
    open_drafts: int


@dataclass(frozen=True)
class PersonRow:
    """A colleague (``role``) or an invitation still open (no role)."""

    name: str
    organisation_name: str
    role: str = ""


@dataclass
class StaffPanel:
    organisations: list[Any] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    batches: list[Any] = field(default_factory=list)
    consultations: list[Any] = field(default_factory=list)
    colleagues: list[Any] = field(default_factory=list)
    invitations: list[Any] = field(default_factory=list)


def _count_of(model, related: str, **filters) -> Coalesce:
    through = model._meta.get_field(related).remote_field.through
    source = [f for f in through._meta.fields if f.related_model is model][0].name
    return Coalesce(
        Subquery(
            through.objects.filter(**{source: OuterRef("pk")}, **filters)
            .order_by()
            .values(source)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def my_organisations(user) -> list[Any]:
    """The user's organisations, each with ``missing``: the profile's empty parts."""
    organisations: list[Any] = list(
        Organisation.objects.filter(staff__user=user)
        .annotate(
            theme_count=_count_of(Organisation, "themes"),
            language_count=_count_of(Organisation, "languages"),
        )
        .order_by("sort_name")
    )
    for org in organisations:
        org.missing = [
            label for name, label in PROFILE_FIELDS if not getattr(org, name)
        ]
        if not org.theme_count:
            org.missing.append(_("themes"))
        if not org.language_count:
            org.missing.append(_("languages of work"))
        total = len(PROFILE_FIELDS) + 2
        org.completeness = round(100 * (total - len(org.missing)) / total)
    return organisations


def _upcoming_of(organisation_ids: list[int]) -> QuerySet[Event]:
    return Event.objects.filter(
        pk__in=Event.organisers.through.objects.filter(
            organisation_id__in=organisation_ids
        ).values("event_id"),
        ends_at__gte=timezone.now(),
    ).order_by("starts_at", "id")


# Registration statuses as the staff panel's columns count them.
REGISTRATION_COLUMNS = {
    Registration.Status.CONFIRMED: "registered",
    Registration.Status.ATTENDED: "registered",
    Registration.Status.WAITLISTED: "waiting",
    Registration.Status.PENDING: "unconfirmed",
    Registration.Status.HELD: "unconfirmed",
}


def with_registration_counts(events: list[EventRow]) -> list[EventRow]:
    """``events`` with their registration counts, read now in one grouped query.

    Registrations come from the public at any rate and bump no data version, so
    these counts are never cached. The id list is never empty (0 is no event's
    id): an organisation without events costs the same one query, and the
    dashboard's queries stay the same for every member of staff. Plain SQL: the
    ORM's building of this one statement cost three times its execution.
    """
    counts: dict[int, dict[str, int]] = {e.pk: {} for e in events}
    ids = [0, *counts]
    table = Registration._meta.db_table
    column = Registration._meta.get_field("event").column
    placeholders = ", ".join(["%s"] * len(ids))
    # The names come from _meta, the values go as parameters.
    sql = (
        f"SELECT {column}, status, COUNT(*) FROM {table}"  # noqa: S608
        f" WHERE {column} IN ({placeholders}) GROUP BY {column}, status"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        rows = cursor.fetchall()
    for event_id, status, n in rows:
        name = REGISTRATION_COLUMNS.get(status)
        if name:
            per_event = counts[event_id]
            per_event[name] = per_event.get(name, 0) + n
    return [
        replace(
            e,
            registered=counts[e.pk].get("registered", 0),
            waiting=counts[e.pk].get("waiting", 0),
            unconfirmed=counts[e.pk].get("unconfirmed", 0),
        )
        for e in events
    ]


def batches_of(organisation_ids: list[int]) -> list[PaperBatch]:
    return list(
        PaperBatch.objects.filter(organisation_id__in=organisation_ids)
        .select_related("campaign", "case", "organisation")
        .order_by("-created_at", "-id")[:LIST_LIMIT]
    )


def open_consultations(organisation_ids: list[int]) -> list[Any]:
    """Processes the organisations take part in whose consultation is open today."""
    today = timezone.localdate()
    return list(
        Process.objects.filter(
            is_published=True,
            pk__in=Phase.objects.filter(
                kind=Phase.Kind.CONSULTATION,
                starts_on__lte=today,
                ends_on__gte=today,
            ).values("process_id"),
        )
        .filter(
            pk__in=ProcessMember.objects.filter(
                organisation_id__in=organisation_ids
            ).values("process_id")
        )
        .annotate(
            open_drafts=Coalesce(
                Subquery(
                    Draft.objects.filter(
                        process=OuterRef("pk"), status=Draft.Status.OPEN
                    )
                    .order_by()
                    .values("process")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            )
        )
        .order_by("title")[:LIST_LIMIT]
    )


def colleagues_of(organisation_ids: list[int]) -> list[Staff]:
    return list(
        Staff.objects.filter(organisation_id__in=organisation_ids)
        .select_related("user", "organisation")
        .order_by("organisation__sort_name", "user__full_name", "user__email")
    )


def pending_invitations(organisation_ids: list[int]) -> list[Invitation]:
    return list(
        Invitation.objects.filter(
            organisation_id__in=organisation_ids,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).select_related("organisation")
    )


def staff_panel(user) -> StaffPanel:
    """The staff panel as plain rows (cheap to cache); the events without their
    registration counts (``with_registration_counts``), a few more than shown."""
    organisations = my_organisations(user)
    ids = [o.pk for o in organisations]
    if not ids:
        return StaffPanel()
    return StaffPanel(
        organisations=[
            OrganisationRow(
                name=o.name,
                slug=o.slug,
                url=o.get_absolute_url(),
                completeness=o.completeness,
                missing=tuple(str(m) for m in o.missing),
            )
            for o in organisations
        ],
        events=[
            EventRow(
                pk=e.pk,
                title=e.title,
                url=reverse("events:manage", args=[e.slug]),
                starts_at=e.starts_at,
                ends_at=e.ends_at,
            )
            for e in _upcoming_of(ids).only(
                "id", "slug", "title", "starts_at", "ends_at"
            )[: 2 * LIST_LIMIT]
        ],
        batches=[
            BatchRow(
                campaign_title=b.campaign.title,
                url=reverse("campaigns:batches", args=[b.campaign.slug]),
                case_name=b.case.name,
                letters=b.letters,
                drawings=b.drawings,
                status=str(b.get_status_display()),
            )
            for b in batches_of(ids)
        ],
        consultations=[
            ConsultationRow(
                title=p.title,
                url=reverse("processes:detail", args=[p.slug]),
                open_drafts=p.open_drafts,
            )
            for p in open_consultations(ids)
        ],
        colleagues=[
            PersonRow(
                name=s.user.get_full_name(),
                organisation_name=s.organisation.name,
                role=str(s.get_role_display()),
            )
            for s in colleagues_of(ids)
        ],
        invitations=[
            PersonRow(name=i.email, organisation_name=i.organisation.name)
            for i in pending_invitations(ids)
        ],
    )


# --- Lists of the coordinator's pages ---------------------------------------------


def pages() -> QuerySet[Page]:
    return Page.objects.select_related("parent").order_by("position", "slug")


def team_members() -> QuerySet[TeamMember]:
    return TeamMember.objects.select_related("page").order_by("page_id", "position")


def campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.prefetch_related("cases").order_by("-opens_at")


def cases_of(campaign: Campaign) -> QuerySet[Case]:
    return Case.objects.filter(campaign=campaign).order_by("position", "id")


def applications_to_decide() -> QuerySet[LabelApplication]:
    return (
        LabelApplication.objects.filter(status=LabelApplication.Status.CANDIDATE)
        .select_related("programme", "municipality", "organisation")
        .prefetch_related("evidence__criterion", "programme__criteria")
        .order_by("year", "id")
    )


def account_requests() -> QuerySet[AccountRequest]:
    return AccountRequest.objects.filter(
        status=AccountRequest.Status.PENDING
    ).select_related("municipality")


def get_invitation(digest: str) -> Invitation:
    return Invitation.objects.select_related("organisation").get(token_hash=digest)
