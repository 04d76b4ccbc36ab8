"""Reads for the memorandum, the barometer, scorecards, feeds, exports and the API."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import (
    Count,
    F,
    Max,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from plaidoyer.core import versions
from plaidoyer.core.filters import QueryFilters, choice_filter, text_filter
from plaidoyer.core.translated import columns, fallback, marked, translated
from plaidoyer.core.urlmaker import url_maker
from plaidoyer.core.versions import Version

from .models import (
    Authority,
    BarometerStatus,
    Commitment,
    Follower,
    Level,
    Memorandum,
    MemorandumItem,
    Recommendation,
    Sector,
    StatusUpdate,
)

OVERVIEW_TTL = 300


def with_corrections(updates: QuerySet[StatusUpdate]) -> QuerySet[StatusUpdate]:
    """Add what a reader needs to see an update together with its correction:
    ``corrects`` (the update a correction corrects), ``corrected_by_id`` and
    ``corrected_at`` (the correction of a corrected update; there is at most one,
    so the join adds no row)."""
    return updates.select_related("corrects").annotate(
        corrected_by_id=F("corrections__id"),
        corrected_at=F("corrections__created_at"),
    )


def stale_before() -> datetime.date:
    """Commitments with no update since this date get a "stale" badge."""
    months = settings.BAROMETER_STALE_MONTHS
    return timezone.localdate() - datetime.timedelta(days=round(months * 30.44))


def current_memorandum() -> Memorandum | None:
    return (
        Memorandum.objects.filter(state=Memorandum.State.PUBLISHED)
        .order_by("-edition")
        .first()
    )


def get_memorandum(slug: str) -> Memorandum:
    return Memorandum.objects.exclude(state=Memorandum.State.DRAFT).get(slug=slug)


@dataclass(frozen=True)
class RecommendationFilters(QueryFilters):
    q: str = text_filter(_("Search"))
    sector: str = choice_filter(_("Sector"), lookup="sector__slug")
    level: str = choice_filter(_("Level of government"), lookup="levels__slug")
    status: str = choice_filter(_("Status"), lookup="barometer_status")

    @classmethod
    def options(cls, **context) -> dict[str, list]:
        sectors, levels = sectors_and_levels()
        return {
            "sector": [(s.slug, s.name) for s in sectors.values()],
            "level": [(lv.slug, lv.name) for lv in levels.values()],
            "status": list(BarometerStatus.choices),
        }


def sectors_and_levels() -> tuple[dict[int, Sector], dict[int, Level]]:
    """Every sector and level by id, in their order: a few rows, read once for
    every memorandum page and filter form (each instance has its names in every
    language, so one cached copy serves them all)."""

    def build() -> tuple[dict[int, Sector], dict[int, Level]]:
        return (
            {s.pk: s for s in Sector.objects.all()},
            {lv.pk: lv for lv in Level.objects.order_by("position", "pk")},
        )

    return versions.cached(
        Version.BAROMETER_STRUCTURE, "sectors-and-levels", build, OVERVIEW_TTL
    )


def memorandum_items(
    memorandum: Memorandum, filters: RecommendationFilters
) -> QuerySet[MemorandumItem]:
    """Return the edition's items with their recommendation (memorandum_rows()
    adds the sectors and levels of the rows shown)."""
    qs = MemorandumItem.objects.filter(memorandum=memorandum)
    qs = filters.apply(qs, prefix="recommendation__")
    return qs.select_related("recommendation").order_by("recommendation__sort_key")


def memorandum_rows(items: Iterable[MemorandumItem]) -> list[MemorandumItem]:
    """``items`` with each recommendation's ``sector`` and ``level_list`` (in the
    levels' order) from sectors_and_levels(): one query for the levels' links
    instead of a sector and level instance per row."""
    rows = list(items)
    sectors, levels = sectors_and_levels()
    order = {pk: i for i, pk in enumerate(levels)}
    links: dict[int, list[int]] = {}
    through = Recommendation.levels.through.objects.filter(
        recommendation_id__in=[item.recommendation_id for item in rows]
    )
    for rec_id, level_id in through.values_list("recommendation_id", "level_id"):
        links.setdefault(rec_id, []).append(level_id)
    for item in rows:
        r = item.recommendation
        r.sector = sectors.get(r.sector_id) or r.sector
        ids = sorted(links.get(r.pk, []), key=lambda pk: order.get(pk, len(order)))
        r.level_list = [levels[pk] for pk in ids if pk in levels]
    return rows


def recommendations(
    filters: RecommendationFilters | None = None,
) -> QuerySet[Recommendation]:
    qs = (filters or RecommendationFilters()).apply(Recommendation.objects.all())
    return qs.select_related("sector").prefetch_related("levels").order_by("sort_key")


COMMITMENTS_SHOWN = 50
TIMELINE_SHOWN = 5


def _has_origin_link() -> bool:
    # The processes app links its adopted drafts to recommendations ("adopted_from");
    # this app reads that link where it exists without depending on that app.
    try:
        Recommendation._meta.get_field("adopted_from")
    except FieldDoesNotExist:
        return False
    return True


def origin_of(recommendation: Recommendation):
    """Return the adopted draft a recommendation came from, or None."""
    if not _has_origin_link():
        return None
    try:
        return recommendation.adopted_from
    except ObjectDoesNotExist:
        return None


def get_recommendation(code: str) -> Recommendation:
    """Return a recommendation with its commitments, their full timelines and its editions."""
    linked = _has_origin_link()
    origin = ["adopted_from__process", "adopted_from__meeting__event"] if linked else []
    origin_prefetch = ["adopted_from__endorsements__organisation"] if linked else []
    recommendation = (
        Recommendation.objects.select_related("sector", "origin_organisation", *origin)
        .prefetch_related(
            "levels",
            "themes",
            Prefetch(
                "items",
                queryset=MemorandumItem.objects.select_related("memorandum")
                .exclude(memorandum__state=Memorandum.State.DRAFT)
                .order_by("-memorandum__edition"),
                to_attr="editions",
            ),
            *origin_prefetch,
        )
        .get(code=code)
    )
    # A page stays readable (and fast) when an authority-heavy recommendation has
    # hundreds of commitments: the most recent ones; the rest is on the commitment
    # pages. Read apart, not prefetched: a sliced prefetch costs a window query
    # (more CPU to build than to run). Their latest updates come with
    # add_timelines(), for the blocks not already rendered (commitments.fragments).
    recommendation.commitment_list = list(
        Commitment.objects.filter(recommendations=recommendation)
        .select_related("authority")
        .annotate(update_count=Count("updates"), last_update_id=Max("updates"))
        .order_by("-committed_on", "-id")[:COMMITMENTS_SHOWN]
    )
    recommendation.commitment_count = recommendation.commitments.count()
    recommendation.origin_draft = origin_of(recommendation)
    return recommendation


def add_timelines(commitments: list[Commitment]) -> None:
    """Set ``timeline`` on each of ``commitments``: its latest updates, each with
    its correction (one query, whatever their number)."""
    prefetch_related_objects(
        commitments,
        Prefetch(
            "updates",
            queryset=with_corrections(StatusUpdate.objects.order_by("-date", "-id"))[
                :TIMELINE_SHOWN
            ],
            to_attr="timeline",
        ),
    )


def get_commitment(pk: int) -> Commitment:
    return (
        Commitment.objects.select_related("authority__level")
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("sector"),
            ),
            Prefetch(
                "updates",
                queryset=with_corrections(StatusUpdate.objects.all()).order_by(
                    "-date", "-id"
                ),
                to_attr="timeline",
            ),
        )
        .get(pk=pk)
    )


def authorities() -> QuerySet[Authority]:
    return (
        Authority.objects.select_related("level")
        .annotate(
            n_commitments=Count("commitments"),
            n_implemented=Count(
                "commitments", filter=Q(commitments__status="implemented")
            ),
        )
        .order_by("level__position", "name")
    )


def authority_rows() -> list[tuple[str, str, str, str, str]]:
    """Return the authority list's rows as the strings it shows: (link, name,
    level, commitments, implemented), names in the page's language or marked
    with theirs. Written here, not by the template, because there are hundreds
    of rows: a reverse(), two translated names and two numbers each cost ~30 ms
    a render; here each level's name and each number is written once."""
    names = [f"name_{code}" for code, _n in settings.LANGUAGES]
    rows = authorities().select_related(None).only("slug", "name", *names, "level_id")
    levels = {
        level.pk: marked(*fallback(level, "name"))
        for level in Level.objects.only("id", "name", *names)
    }
    url = url_maker("commitments:authority", "slug")
    numbers: dict[int, str] = {}

    def number(n: int) -> str:
        if n not in numbers:
            numbers[n] = number_format(n, force_grouping=True)
        return numbers[n]

    return [
        (
            url(a.slug),
            marked(*fallback(a, "name"), note=False),
            levels.get(a.level_id, ""),
            number(a.n_commitments),  # type: ignore[attr-defined]
            number(a.n_implemented),  # type: ignore[attr-defined]
        )
        for a in rows
    ]


# What a commitment's card shows (the long description is left in the database).
CARD_FIELDS = (
    "id",
    "authority_id",
    *columns("title"),
    "committed_on",
    "due_on",
    "status",
    "progress",
    "authority_status",
    "authority_progress",
    "last_update_on",
)


def get_authority(slug: str) -> Authority:
    """An authority with ``commitment_list`` (newest first), each commitment with
    ``url`` and ``recommendation_links`` ((code, url) pairs, by code).

    An authority's page lists hundreds of commitments: a many-to-many prefetch
    made a manager and a cloned queryset per commitment, and a ``reverse()`` per
    link; one query on the through table and links by ``url_maker()`` do the
    same work (a sixth of the CPU).
    """
    authority = Authority.objects.select_related("level", "municipality").get(slug=slug)
    commitments = list(
        Commitment.objects.filter(authority=authority)
        .only(*CARD_FIELDS)
        .order_by("-committed_on")
    )
    through = Commitment.recommendations.through.objects.filter(
        commitment__authority=authority
    ).values_list("commitment_id", "recommendation__code")
    links: dict[int, list[str]] = {}
    for commitment_id, code in through.order_by("recommendation__sort_key"):
        links.setdefault(commitment_id, []).append(code)
    commitment_url = url_maker("commitments:commitment", "pk")
    recommendation_url = url_maker("commitments:recommendation", "code")
    for commitment in commitments:
        commitment.authority = authority
        codes = links.get(commitment.pk, [])
        # Attributes for the page only (as a Prefetch's to_attr would set them).
        vars(commitment).update(
            url=commitment_url(commitment.pk),
            recommendation_links=[(code, recommendation_url(code)) for code in codes],
        )
    vars(authority)["commitment_list"] = commitments
    return authority


def commitments_of(
    authority: Authority | None, *, words: str = ""
) -> QuerySet[Commitment]:
    """Commitments for the "Record a status update" page: an authority's (or
    anyone's), those whose title holds every word of ``words`` (in any language)."""
    commitments = Commitment.objects.select_related("authority")
    if authority is not None:
        commitments = commitments.filter(authority=authority)
    for word in words.split()[:10]:
        commitments = commitments.filter(
            Q(
                *[Q(**{f"title_{c}__icontains": word}) for c, _n in settings.LANGUAGES],
                _connector=Q.OR,
            )
        )
    return commitments.order_by("-last_update_on", "-committed_on", "-id")[:200]


def authority_for_municipality(municipality) -> Authority | None:
    return Authority.objects.filter(municipality=municipality).first()


def status_updates(*, sector: str = "", code: str = "", authority: str = ""):
    qs = with_corrections(StatusUpdate.objects.select_related("commitment__authority"))
    if sector:
        qs = qs.filter(commitment__recommendations__sector__slug=sector)
    if code:
        qs = qs.filter(commitment__recommendations__code=code)
    if authority:
        qs = qs.filter(commitment__authority__slug=authority)
    if sector or code:
        qs = qs.distinct()
    return qs.order_by("-created_at", "-id")


def _counts(rows, key, status_key="barometer_status") -> dict:
    table: dict = {}
    for row in rows:
        table.setdefault(row[key], {})[row[status_key]] = row["n"]
    return table


def barometer_overview(*, sector: str = "", authority: str = "") -> dict:
    """Return the barometer's numbers, cached until the next change anywhere in it.

    The cache key carries the data version (read at most every DATA_VERSION_TTL),
    so every app server sees a status update, with or without a shared cache. The
    filters come from the query string: hashed, so that no visitor's input makes a
    key too long or unsafe for a cache backend.
    """
    filters = hashlib.sha256(f"{sector}\0{authority}".encode()).hexdigest()[:32]
    key = f"barometer:{versions.current(Version.BAROMETER)}:{get_language()}:{filters}"
    data = cache.get(key)
    if data is None:
        data = _compute_overview(sector=sector, authority=authority)
        cache.set(key, data, OVERVIEW_TTL)
    return data


def _compute_overview(*, sector: str, authority: str) -> dict:
    memorandum = current_memorandum()
    # order_by(): the default ordering would leak into GROUP BY and split the counts.
    recs = Recommendation.objects.order_by()
    if memorandum is not None:
        recs = recs.filter(items__memorandum=memorandum)
    if sector:
        recs = recs.filter(sector__slug=sector)
    if authority:
        recs = recs.filter(commitments__authority__slug=authority).distinct()
    # Plain field names in values(): modeltranslation's queryset expands keyword
    # expressions into every column, which would break the grouping.
    overall = {
        r["barometer_status"]: r["n"]
        for r in recs.values("barometer_status").annotate(n=Count("id", distinct=True))
    }
    by_sector = _counts(
        recs.values("sector", "barometer_status").annotate(
            n=Count("id", distinct=True)
        ),
        "sector",
    )
    by_level = _counts(
        recs.filter(levels__isnull=False)
        .values("levels", "barometer_status")
        .annotate(n=Count("id", distinct=True)),
        "levels",
    )
    commitments = Commitment.objects.order_by()
    if authority:
        commitments = commitments.filter(authority__slug=authority)
    if sector:
        commitments = commitments.filter(
            recommendations__sector__slug=sector
        ).distinct()
    by_authority = _counts(
        commitments.values("authority", "status").annotate(
            n=Count("id", distinct=True)
        ),
        "authority",
        "status",
    )
    top_authorities = sorted(by_authority.items(), key=lambda kv: -sum(kv[1].values()))[
        :15
    ]
    # Objects, not values(): values() reads the columns as named, so translated
    # fields came out in French on /nl/. Newest by the update's date, not by when
    # it was typed in (an update recorded today may be dated last month). The
    # texts are Translated: a text only in French is marked as such on /nl/.
    latest = status_updates(sector=sector, authority=authority).order_by(
        "-date", "-created_at", "-id"
    )[:15]
    timeline = []
    for update in latest:
        title = translated(update.commitment, "title")
        authority_ = update.commitment.authority
        name = translated(authority_, "name", note=False)
        # The name as the title's own language writes it.
        name_in_title = (
            getattr(authority_, f"name_{title.lang}", "") if title.lang else name
        )
        timeline.append(
            {
                "date": update.date,
                "status": update.status,
                "source": update.source,
                "commitment_id": update.commitment_id,
                "title": title,
                # A title that starts with the authority's name ("Ville de
                # Gand : …") needs no second one before it.
                "authority": "" if _names(title, name_in_title or "") else name,
                "pk": update.pk,
                "corrects_date": update.corrects.date if update.corrects else None,
                "corrected_at": update.corrected_at,
            }
        )
    authorities = Authority.objects.in_bulk([pk for pk, _c in top_authorities])
    return {
        "total": sum(overall.values()),
        "overall": overall,
        "by_sector": [
            (translated(s, "name"), by_sector[s.pk])
            for s in Sector.objects.all()
            if s.pk in by_sector
        ],
        "by_level": [
            (translated(lv, "name"), by_level[lv.pk])
            for lv in Level.objects.all()
            if lv.pk in by_level
        ],
        "by_authority": [
            (translated(authorities[pk], "name", note=False), counts)
            for pk, counts in top_authorities
        ],
        "timeline": timeline,
        "commitments": commitments.count(),
        "stale": commitments.filter(last_update_on__lt=stale_before()).count(),
    }


def _names(title: str, name: str) -> bool:
    """Whether ``title`` begins with the authority's ``name``."""
    return bool(name) and title.casefold().startswith(name.casefold())


BAROMETER_ORDER = [
    BarometerStatus.IMPLEMENTED,
    BarometerStatus.PARTLY_IMPLEMENTED,
    BarometerStatus.IN_PROGRESS,
    BarometerStatus.ANNOUNCED,
    BarometerStatus.NOT_STARTED,
    BarometerStatus.STALLED,
    BarometerStatus.ABANDONED,
    BarometerStatus.NO_COMMITMENT,
]


def search_recommendations(terms: list[str]) -> QuerySet[Recommendation]:
    from plaidoyer.core.search import filter_blob

    return filter_blob(Recommendation.objects.all(), terms).order_by("sort_key")


def get_follower(token: str) -> Follower | None:
    """The follower an emailed link's token is for, with their recommendation."""
    return Follower.objects.select_related("recommendation").filter(token=token).first()
