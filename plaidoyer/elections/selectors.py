"""Reads of the elections app: the public comparison, its exports, the counts the
coordinators' dashboard shows."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import (
    Count,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone

from plaidoyer.commitments.models import Recommendation

from .models import Candidate, Election, Party, Pledge, PledgeCampaign, PledgeLink


def published_campaigns() -> QuerySet[PledgeCampaign]:
    return PledgeCampaign.objects.filter(is_published=True).select_related("election")


def open_pledge_campaigns() -> QuerySet[PledgeCampaign]:
    """Published campaigns still taking answers (for dashboards)."""
    return published_campaigns().filter(deadline__gt=timezone.now())


def pledge_counts() -> dict[str, int]:
    """Counts for the coordinators' dashboard: open campaigns, answers received in
    them, and the parties and candidates who have answered at least once."""
    open_ids = list(open_pledge_campaigns().values_list("id", flat=True))
    pledges = Pledge.objects.filter(campaign_id__in=open_ids)
    return {
        "open_campaigns": len(open_ids),
        "answers": pledges.count(),
        "respondents": pledges.values("party_id", "candidate_id").distinct().count(),
    }


def elections_with_campaigns() -> QuerySet[Election]:
    return Election.objects.prefetch_related(
        Prefetch("campaigns", queryset=PledgeCampaign.objects.filter(is_published=True))
    )


def get_campaign(slug: str) -> PledgeCampaign:
    """A published campaign; raises DoesNotExist."""
    return published_campaigns().select_related("election__government").get(slug=slug)


def campaign_recommendations(campaign: PledgeCampaign) -> QuerySet[Recommendation]:
    return campaign.recommendations.select_related("sector").order_by("sort_key")


# How much of a comment the comparison shows in each cell.
COMMENT_PREVIEW = 280


class Cell(NamedTuple):
    """One party's answer on one recommendation, as the comparison shows it."""

    answer: str
    day: datetime.date  # the day it was given, in the site's time zone
    # The comment's first COMMENT_PREVIEW + 1 characters ("" when none): one more
    # than shown tells a longer comment, read in full on the party's page.
    comment: str


@dataclass(frozen=True)
class Comparison:
    campaign: PledgeCampaign
    parties: list[Party]
    # One row per recommendation: the recommendation and, per party in the order
    # of ``parties``, its answer or None ("no answer").
    rows: list[tuple[Recommendation, list[Cell | None]]]
    # Per party: {"yes": n, "partly": n, "no": n, "none": n}.
    totals: list[dict[str, int]]


def comparison(campaign: PledgeCampaign, *, party: str = "") -> Comparison:
    """Every party's answer on every recommendation, in three queries whatever
    the size. ``party``: one party's code, to show only it.

    2,000 answers are read as plain tuples (no model instances, the day
    truncated by the database): a cache miss of the page stays cheap."""
    parties = list(Party.objects.filter(election_id=campaign.election_id))
    if party:
        parties = [p for p in parties if p.slug == party]
    recommendations = list(campaign_recommendations(campaign))
    party_ids = [p.pk for p in parties]
    answers = (
        Pledge.objects.filter(
            campaign=campaign, party__isnull=False, party__in=party_ids
        )
        .annotate(
            day=TruncDate("answered_at"),
            preview=Substr("comment", 1, COMMENT_PREVIEW + 1),
        )
        .values_list("recommendation_id", "party_id", "answer", "day", "preview")
    )
    cells = {(r, p): Cell(a, d, c) for r, p, a, d, c in answers}
    rows = [(r, [cells.get((r.pk, p)) for p in party_ids]) for r in recommendations]
    totals = []
    for index, _party in enumerate(parties):
        counts = {"yes": 0, "partly": 0, "no": 0, "none": 0}
        for _rec, row in rows:
            cell = row[index]
            counts[cell.answer if cell else "none"] += 1
        totals.append(counts)
    return Comparison(campaign, parties, rows, totals)


def party_pledges(
    campaign: PledgeCampaign, party: Party
) -> list[tuple[Recommendation, Pledge | None]]:
    """Each recommendation of the campaign with the party's pledge, or None."""
    pledges = {
        p.recommendation_id: p
        for p in Pledge.objects.filter(campaign=campaign, party=party).select_related(
            "commitment"
        )
    }
    return [(r, pledges.get(r.pk)) for r in campaign_recommendations(campaign)]


def answers_by_party(campaign: PledgeCampaign) -> list[dict]:
    """For the API: every party with its answer (or None) on every recommendation."""
    parties = list(Party.objects.filter(election_id=campaign.election_id))
    codes = list(campaign_recommendations(campaign).values_list("id", "code"))
    pledges = {
        (p["recommendation_id"], p["party_id"]): p
        for p in Pledge.objects.filter(campaign=campaign, party__isnull=False).values(
            "recommendation_id", "party_id", "answer", "comment", "answered_at"
        )
    }
    out = []
    for party in parties:
        answers = []
        for pk, code in codes:
            pledge = pledges.get((pk, party.pk))
            answers.append(
                {
                    "recommendation": code,
                    "answer": pledge["answer"] if pledge else None,
                    "comment": pledge["comment"] if pledge else "",
                    "answered_at": pledge["answered_at"] if pledge else None,
                }
            )
        out.append(
            {
                "slug": party.slug,
                "name": party.name,
                "in_majority": party.in_majority,
                "answers": answers,
            }
        )
    return out


def get_party(campaign: PledgeCampaign, slug: str) -> Party:
    return Party.objects.get(election_id=campaign.election_id, slug=slug)


def candidates_with_counts(campaign: PledgeCampaign, party: Party):
    """The party's candidates with how they answered (a count per answer)."""
    mine = Q(pledges__campaign=campaign)
    return (
        Candidate.objects.filter(party=party)
        .select_related("constituency")
        .annotate(
            yes=Count("pledges", filter=mine & Q(pledges__answer="yes")),
            partly=Count("pledges", filter=mine & Q(pledges__answer="partly")),
            no=Count("pledges", filter=mine & Q(pledges__answer="no")),
        )
    )


def export_rows(campaign: PledgeCampaign) -> Iterator[list]:
    """One line per party or candidate and recommendation, "no answer" included."""
    recommendations = list(campaign_recommendations(campaign))
    parties = list(Party.objects.filter(election_id=campaign.election_id))
    candidates = list(
        Candidate.objects.filter(election_id=campaign.election_id).select_related(
            "party"
        )
    )
    pledges = {
        (p.recommendation_id, p.party_id, p.candidate_id): p
        for p in Pledge.objects.filter(campaign=campaign)
    }
    respondents: list[tuple[str, Party | Candidate, str, tuple]] = [
        ("party", p, "", (p.pk, None)) for p in parties
    ] + [
        ("candidate", c, c.party.slug if c.party else "", (None, c.pk))
        for c in candidates
    ]
    for kind, respondent, party_slug, ids in respondents:
        for rec in recommendations:
            pledge = pledges.get((rec.pk, *ids))
            yield [
                kind,
                respondent.slug,
                respondent.name,
                party_slug,
                rec.code,
                rec.title,
                pledge.answer if pledge else "",
                pledge.comment if pledge else "",
                pledge.answered_at.isoformat() if pledge else "",
            ]


def links_of(campaign: PledgeCampaign) -> QuerySet[PledgeLink]:
    return PledgeLink.objects.filter(campaign=campaign).select_related(
        "party", "candidate"
    )


def pledges_of_link(link: PledgeLink) -> dict[int, Pledge]:
    """The answers already given through ``link``'s respondent, by recommendation."""
    who = (
        {"party_id": link.party_id}
        if link.party_id
        else {"candidate_id": link.candidate_id}
    )
    return {
        p.recommendation_id: p
        for p in Pledge.objects.filter(campaign_id=link.campaign_id, **who)
    }
