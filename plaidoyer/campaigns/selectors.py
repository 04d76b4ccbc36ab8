"""Counts and reads. Counts come from the rows that count, cached a few seconds."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import get_language

from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core import versions
from plaidoyer.core.translated import columns, translated
from plaidoyer.core.versions import Version
from plaidoyer.organisations.models import Organisation
from plaidoyer.places.models import Municipality, Province

from .models import (
    Action,
    Campaign,
    Case,
    CaseUpdate,
    LabelApplication,
    LabelProgramme,
    PaperBatch,
    SessionRequest,
    WritingSession,
)

COUNTER_TTL = 3  # seconds: the public counter may be this stale, never wrong


def counted_actions(campaign: Campaign) -> QuerySet[Action]:
    return Action.objects.filter(
        campaign=campaign, confirmed_at__isnull=False, flagged=False
    )


def validated_batches(campaign: Campaign) -> QuerySet[PaperBatch]:
    return PaperBatch.objects.filter(
        campaign=campaign, status=PaperBatch.Status.VALIDATED
    )


def _compute_counts(campaign: Campaign) -> dict:
    # One pass over the partial index "action_counted" (index-only): per case
    # and kind, which gives both the totals and the per-case figures.
    online = {"letter": 0, "signature": 0}
    per_case_online: dict[int, int] = {}
    for case, kind, n in (
        counted_actions(campaign)
        .order_by()
        .values_list("case", "kind")
        .annotate(n=Count("*"))
    ):
        online[kind] = online.get(kind, 0) + n
        per_case_online[case] = per_case_online.get(case, 0) + n
    paper = validated_batches(campaign).aggregate(
        letters=Sum("letters"), drawings=Sum("drawings")
    )
    per_case_paper = {
        row["case"]: (row["letters"] or 0) + (row["drawings"] or 0)
        for row in validated_batches(campaign)
        .order_by()
        .values("case")
        .annotate(letters=Sum("letters"), drawings=Sum("drawings"))
    }
    data: dict[str, Any] = {
        "online_letters": online["letter"],
        "online_signatures": online["signature"],
        "paper_letters": paper["letters"] or 0,
        "drawings": paper["drawings"] or 0,
        "per_case": {
            pk: {
                "online": per_case_online.get(pk, 0),
                "paper": per_case_paper.get(pk, 0),
            }
            for pk in campaign.cases.values_list("pk", flat=True)
        },
    }
    data["online"] = data["online_letters"] + data["online_signatures"]
    data["paper"] = data["paper_letters"] + data["drawings"]
    data["total"] = data["online"] + data["paper"]
    data["goal"] = campaign.goal
    data["progress"] = (
        min(100, round(100 * data["total"] / campaign.goal)) if campaign.goal else None
    )
    return data


def counts(campaign: Campaign, *, fresh: bool = False) -> dict:
    key = f"campaign-counts:{campaign.pk}"
    data = None if fresh else cache.get(key)
    if data is None:
        data = _compute_counts(campaign)
        cache.set(key, data, COUNTER_TTL)
    return data


def municipality_rows(campaign: Campaign) -> list[dict]:
    """Per municipality: online actions, paper letters and drawings, goal (cached)."""
    key = f"campaign-municipalities:{campaign.pk}:{get_language()}"
    rows = cache.get(key)
    if rows is not None:
        return rows
    table: dict[int, dict] = {}

    def row(pk):
        return table.setdefault(pk, {"online": 0, "paper_letters": 0, "drawings": 0})

    for pk, n in (
        counted_actions(campaign)
        .filter(municipality__isnull=False)
        .order_by()
        .values_list("municipality")
        .annotate(n=Count("id"))
    ):
        row(pk)["online"] = n
    for r in (
        validated_batches(campaign)
        .filter(municipality__isnull=False)
        .order_by()
        .values("municipality")
        .annotate(letters=Sum("letters"), drawings=Sum("drawings"))
    ):
        row(r["municipality"])["paper_letters"] = r["letters"] or 0
        row(r["municipality"])["drawings"] = r["drawings"] or 0
    goals = dict(campaign.goals.values_list("municipality_id", "goal"))
    places = Municipality.objects.select_related("province__region").in_bulk(
        table.keys()
    )
    rows = []
    for pk, values in table.items():
        m = places[pk]
        total = values["online"] + values["paper_letters"] + values["drawings"]
        rows.append(
            {
                "nis_code": m.nis_code,
                # Place names only in French on /en/ say so (core.translated).
                "name": translated(m, "name", note=False),
                "slug": m.slug,
                "province": translated(m.province, "name", note=False),
                "province_nis": m.province.nis_code,
                "region": translated(m.province.region, "name", note=False),
                "lat": m.latitude,
                "lon": m.longitude,
                **values,
                "total": total,
                "goal": goals.get(pk),
            }
        )
    rows.sort(key=lambda r: -r["total"])
    cache.set(key, rows, COUNTER_TTL * 10)
    return rows


def province_rows(campaign: Campaign) -> list[dict]:
    totals: dict[str, dict] = {}
    for r in municipality_rows(campaign):
        entry = totals.setdefault(
            r["province_nis"],
            {
                "name": r["province"],
                "region": r["region"],
                "nis_code": r["province_nis"],
                "online": 0,
                "paper": 0,
                "total": 0,
            },
        )
        entry["online"] += r["online"]
        entry["paper"] += r["paper_letters"] + r["drawings"]
        entry["total"] += r["total"]
    for province in Province.objects.select_related("region"):
        totals.setdefault(
            province.nis_code,
            {
                "name": translated(province, "name", note=False),
                "region": translated(province.region, "name", note=False),
                "nis_code": province.nis_code,
                "online": 0,
                "paper": 0,
                "total": 0,
            },
        )
    return sorted(totals.values(), key=lambda r: r["nis_code"])


def region_rows(campaign: Campaign) -> list[dict]:
    totals: dict[str, dict] = {}
    for r in province_rows(campaign):
        entry = totals.setdefault(
            r["region"], {"name": r["region"], "online": 0, "paper": 0, "total": 0}
        )
        for k in ("online", "paper", "total"):
            entry[k] += r[k]
    return list(totals.values())


def open_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(is_published=True).order_by("-opens_at")


def get_campaign(slug: str) -> Campaign:
    return (
        Campaign.objects.filter(is_published=True)
        .prefetch_related("cases")
        .get(slug=slug)
    )


ACTION_CAMPAIGN_TTL = 30


def get_campaign_for_action(slug: str, *, cached: bool = False) -> Campaign:
    """The campaign with only what taking an action needs: no description, and its
    cases without their stories and letter templates (four languages each).

    ``cached``: from the cache, per "campaigns" data version (the admin bumps it
    when a campaign or its cases change), for the action POSTs of a busy day.
    Whether the campaign is open is still decided per request, from its dates.
    """
    if cached:
        return versions.cached(
            Version.CAMPAIGNS,
            f"campaign-action:{slug[:200]}",
            lambda: get_campaign_for_action(slug),
            ACTION_CAMPAIGN_TTL,
        )
    return (
        Campaign.objects.filter(is_published=True)
        .defer("description")
        .prefetch_related(
            Prefetch(
                "cases",
                queryset=Case.objects.defer("story", "addressee", "letter_template"),
            )
        )
        .get(slug=slug)
    )


def get_case(campaign: Campaign, slug: str) -> Case:
    return campaign.cases.get(slug=slug)


def labels(programme, *, year: int | None = None) -> QuerySet[LabelApplication]:
    qs = LabelApplication.objects.filter(programme=programme).select_related(
        "municipality__province", "organisation__municipality"
    )
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "municipality__sort_name", "organisation__sort_name")


def municipality_summary(campaign: Campaign, municipality: Municipality) -> dict:
    online = counted_actions(campaign).filter(municipality=municipality)
    batches = (
        PaperBatch.objects.filter(campaign=campaign, municipality=municipality)
        .select_related("organisation", "case")
        .order_by("-collected_on")
    )
    validated = [b for b in batches if b.status == PaperBatch.Status.VALIDATED]
    return {
        "online": online.count(),
        "online_by_case": dict(
            online.order_by().values_list("case__name").annotate(n=Count("id"))
        ),
        "batches": batches,
        "paper_letters": sum(b.letters for b in validated),
        "drawings": sum(b.drawings for b in validated),
        "goal": campaign.goals.filter(municipality=municipality)
        .values_list("goal", flat=True)
        .first(),
    }


def search_campaigns(terms: list[str]) -> list[Campaign]:
    from plaidoyer.core.search import match_in_python

    fields = [
        f"{f}_{c}" for f in ("title", "description") for c in ("fr", "nl", "en", "de")
    ]
    return match_in_python(Campaign.objects.filter(is_published=True), terms, fields)


# --- Reads of the campaign views --------------------------------------------------------


def chosen_case(campaign: Campaign, slug: str) -> Case | None:
    """The case asked for by its slug, else the campaign's first (its cases are
    prefetched by ``get_campaign``)."""
    cases = list(campaign.cases.all())
    return next((c for c in cases if c.slug == slug), cases[0] if cases else None)


def label_programmes() -> QuerySet[LabelProgramme]:
    return LabelProgramme.objects.all()


def get_programme(slug: str) -> LabelProgramme:
    return LabelProgramme.objects.prefetch_related("criteria").get(slug=slug)


def label_years(programme: LabelProgramme) -> list[int]:
    """The years the programme has applications for, latest first."""
    return sorted(
        set(programme.applications.values_list("year", flat=True)), reverse=True
    )


def get_awarded_label(pk: int) -> LabelApplication:
    application = LabelApplication.objects.select_related(
        "programme", "municipality", "organisation"
    ).get(pk=pk)
    if not application.is_awarded:
        raise LabelApplication.DoesNotExist
    return application


def labels_of_municipality(municipality: Municipality) -> QuerySet[LabelApplication]:
    return (
        LabelApplication.objects.filter(municipality=municipality)
        .select_related("programme")
        .order_by("-year")
    )


def get_municipality(nis_code: str) -> Municipality:
    return Municipality.objects.select_related("province").get(nis_code=nis_code[:5])


def action_rows(campaign: Campaign) -> Iterator[tuple]:
    """Every action with the signer's identity, as tuples (see ``ACTION_COLUMNS`` in
    the views), streamed."""
    return (
        Action.objects.filter(campaign=campaign)
        .order_by("id")
        .values_list(
            "id",
            "case__slug",
            "kind",
            "name",
            "email",
            "postcode",
            "municipality__nis_code",
            "country",
            "confirmed_at",
            "flagged",
            "created_at",
        )
        .iterator(chunk_size=5000)
    )


def letters_of(campaign: Campaign, case: Case) -> QuerySet[Action]:
    """The case's confirmed letters, for delivery."""
    return (
        counted_actions(campaign)
        .filter(case=case, kind="letter")
        .select_related("municipality")
        .order_by("id")
    )


def batches_to_review(campaign: Campaign) -> QuerySet[PaperBatch]:
    return (
        PaperBatch.objects.filter(campaign=campaign, status=PaperBatch.Status.SUBMITTED)
        .select_related("organisation", "municipality", "place_organisation", "case")
        .prefetch_related("writing_sessions__event")
    )


def held_actions(campaign: Campaign) -> QuerySet[Action]:
    return Action.objects.filter(campaign=campaign, flagged=True).select_related(
        "case", "municipality"
    )


def batch_organisations(user) -> QuerySet[Organisation]:
    """The organisations ``user`` may record paper batches for."""
    if is_coordinator(user):
        return Organisation.objects.order_by("sort_name")
    return Organisation.objects.filter(staff__user=user).order_by("sort_name")


def batches_of(
    campaign: Campaign, organisations: QuerySet[Organisation]
) -> QuerySet[PaperBatch]:
    return PaperBatch.objects.filter(
        campaign=campaign, organisation__in=organisations
    ).select_related("organisation", "municipality", "place_organisation", "case")


def label_holders(user, kinds: Iterable[str]) -> QuerySet[Organisation]:
    """The organisations of ``user`` that may hold a label (``kinds``)."""
    return Organisation.objects.filter(staff__user=user, kind__in=kinds).order_by(
        "sort_name"
    )


def get_case_by_action_token(token: str) -> Case | None:
    """The case an action's confirmation link is for (its name only)."""
    return Case.objects.only("name").filter(actions__token=token).first()


def case_updates(campaign: Campaign) -> dict[int, list[CaseUpdate]]:
    """Each case's public timeline, newest first, by case id."""
    timeline: dict[int, list[CaseUpdate]] = {}
    for update in CaseUpdate.objects.filter(case__campaign=campaign):
        timeline.setdefault(update.case_id, []).append(update)
    return timeline


def good_news() -> QuerySet[CaseUpdate]:
    """Releases and dropped charges across published campaigns, newest first."""
    return CaseUpdate.objects.filter(
        kind__in=CaseUpdate.GOOD_NEWS, case__campaign__is_published=True
    ).select_related("case__campaign")


def updates_with_counts(campaign: Campaign) -> list[CaseUpdate]:
    """The campaign's updates for its coordinator, each with ``emails``: how many
    of its signers' emails are queued, sent and failed (from the outbox, which
    keeps them ``OUTBOX_RETENTION_DAYS``) and how many signers it reached."""
    from plaidoyer.core.models import OutgoingEmail

    updates = list(
        CaseUpdate.objects.filter(case__campaign=campaign).select_related("case")
    )
    for update in updates:
        by_status = dict(
            OutgoingEmail.objects.filter(key__startswith=update.email_key_prefix)
            .order_by()
            .values("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        update.emails = {  # type: ignore[attr-defined]
            "waiting": by_status.get("queued", 0) + by_status.get("sending", 0),
            "sent": by_status.get("sent", 0),
            "failed": by_status.get("failed", 0),
        }
    return updates


def is_action_token(token: str) -> bool:
    return Action.objects.filter(token=token).exists()


def signers_for_news(campaign: Campaign) -> QuerySet[Action]:
    """The campaign's confirmed signers who asked for news and still have an
    address (a newsletter segment): ``email`` and ``language`` only."""
    return (
        Action.objects.filter(
            campaign=campaign,
            news_opt_in=True,
            confirmed_at__isnull=False,
            anonymised_at__isnull=True,
        )
        .exclude(email="")
        .order_by("pk")
    )


# --- Writing sessions -------------------------------------------------------------------


def _sessions() -> QuerySet[WritingSession]:
    return WritingSession.objects.select_related(
        "event__municipality", "host", "batch", "campaign"
    )


def writing_sessions(campaign: Campaign) -> QuerySet[WritingSession]:
    """The published sessions of ``campaign``, in date order, with only what the
    campaign page shows of each (not every column of five joined tables)."""
    return (
        WritingSession.objects.filter(campaign=campaign, event__is_published=True)
        .select_related("event__municipality", "host")
        .only(
            "audience",
            "event",
            "host",
            "event__municipality",
            "event__slug",
            "event__starts_at",
            *columns("event__title"),
            *columns("event__municipality__name"),
            "event__municipality__latitude",
            "event__municipality__longitude",
            *columns("host__name"),
        )
        .order_by("event__starts_at", "id")
    )


def session_points(campaign: Campaign) -> list[list]:
    """Map points of the campaign's sessions held somewhere: [lat, lon, title,
    date]."""
    points = []
    for session in writing_sessions(campaign):
        place = session.event.municipality
        if place is None or place.latitude is None:
            continue
        points.append(
            [
                place.latitude,
                place.longitude,
                f"{session.event.title}, {place.name}",
                timezone.localtime(session.event.starts_at).date().isoformat(),
            ]
        )
    return points


def _awaiting_report(qs: QuerySet[WritingSession], now) -> QuerySet[WritingSession]:
    return qs.filter(event__ends_at__lt=now).filter(
        Q(batch__isnull=True) | Q(batch__status=PaperBatch.Status.REJECTED)
    )


def sessions_awaiting_report(user=None) -> QuerySet[WritingSession]:
    """Sessions over and not (or not validly) reported: every one for a
    coordinator or with no ``user``, else those of the user's organisations (for
    dashboard counts)."""
    qs = _awaiting_report(_sessions(), timezone.now())
    if user is not None and not is_coordinator(user):
        qs = qs.filter(host__staff__user=user)
    return qs


def sessions_due_for_reminder(ended_before: datetime.datetime):
    """Sessions that ended before ``ended_before`` and were never reported."""
    return _sessions().filter(event__ends_at__lt=ended_before, batch__isnull=True)


def hosted_sessions(user) -> QuerySet[WritingSession]:
    """The sessions ``user`` manages: their organisations' (all for coordinators)."""
    qs = _sessions().order_by("-event__starts_at", "-id")
    if is_coordinator(user):
        return qs
    return qs.filter(host__staff__user=user)


def host_organisations(user, kinds: Iterable[str]) -> QuerySet[Organisation]:
    """The organisations ``user`` may create sessions for."""
    qs = Organisation.objects.filter(kind__in=kinds).order_by("sort_name")
    if is_coordinator(user):
        return qs
    return qs.filter(staff__user=user)


def get_writing_session(pk: int) -> WritingSession:
    return _sessions().get(pk=pk)


def session_requests(
    campaign: Campaign | None = None, *, status: str = SessionRequest.Status.PENDING
) -> QuerySet[SessionRequest]:
    """Requests to host a session (pending ones by default), oldest first."""
    qs = SessionRequest.objects.filter(status=status).select_related("campaign")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.order_by("created_at", "id")


def session_counts(campaign: Campaign) -> dict:
    """Sessions, those held, and what validated reports collected."""
    sessions = WritingSession.objects.filter(
        campaign=campaign, event__is_published=True
    )
    reported = PaperBatch.objects.filter(
        writing_sessions__campaign=campaign, status=PaperBatch.Status.VALIDATED
    ).aggregate(letters=Sum("letters"), drawings=Sum("drawings"))
    return {
        "sessions": sessions.count(),
        "held": sessions.filter(event__ends_at__lt=timezone.now()).count(),
        "letters": reported["letters"] or 0,
        "drawings": reported["drawings"] or 0,
    }


# --- After an action: the other cases to write for ----------------------------------


def other_cases(campaign: Campaign, *, written: Iterable[int] = ()) -> list[Case]:
    """The campaign's cases but those in ``written`` (ids), from its prefetched
    cases (the caller offers them only while the campaign is open)."""
    skip = set(written)
    return [case for case in campaign.cases.all() if case.pk not in skip]


def cases_written_by(action: Action) -> set[int]:
    """The ids of the cases of ``action``'s campaign its writer (same address)
    has written for, confirmed or not."""
    return set(
        Action.objects.filter(
            campaign_id=action.campaign_id, email_key=action.email_key
        ).values_list("case_id", flat=True)
    )
