import datetime

from django.conf import settings
from django.http import Http404
from ninja import Router, Schema

from . import selectors
from .models import PledgeCampaign

router = Router(tags=["elections"])


class PledgeCampaignOut(Schema):
    slug: str
    title: str
    election: str
    election_title: str
    election_date: datetime.date
    level: str
    deadline: datetime.datetime
    recommendations: list[str]
    url: str

    @staticmethod
    def resolve_election(obj) -> str:
        return obj.election.slug

    @staticmethod
    def resolve_election_title(obj) -> str:
        return obj.election.title

    @staticmethod
    def resolve_election_date(obj) -> datetime.date:
        return obj.election.date

    @staticmethod
    def resolve_level(obj) -> str:
        return obj.election.level

    @staticmethod
    def resolve_recommendations(obj) -> list[str]:
        return [r.code for r in obj.recommendations.all()]

    @staticmethod
    def resolve_url(obj) -> str:
        return settings.SITE_URL + obj.get_absolute_url()


class AnswerOut(Schema):
    recommendation: str
    answer: str | None
    comment: str
    answered_at: datetime.datetime | None


class PartyAnswersOut(Schema):
    slug: str
    name: str
    in_majority: bool
    answers: list[AnswerOut]


def _campaign(slug: str) -> PledgeCampaign:
    try:
        return selectors.get_campaign(slug[:100].replace("\x00", ""))
    except PledgeCampaign.DoesNotExist:
        raise Http404 from None


@router.get("/pledge-campaigns", response=list[PledgeCampaignOut])
def list_pledge_campaigns(request):
    return selectors.published_campaigns().prefetch_related("recommendations")


@router.get("/pledge-campaigns/{slug}", response=PledgeCampaignOut)
def get_pledge_campaign(request, slug: str):
    return _campaign(slug)


@router.get("/pledge-campaigns/{slug}/parties", response=list[PartyAnswersOut])
def list_party_answers(request, slug: str):
    """Every party's answer on every recommendation; ``answer`` is null where the
    party has not answered."""
    return selectors.answers_by_party(_campaign(slug))
