from django.http import Http404
from ninja import Router, Schema

from . import selectors
from .models import Campaign

router = Router(tags=["campaigns"])


class CountsOut(Schema):
    online_letters: int
    online_signatures: int
    paper_letters: int
    drawings: int
    online: int
    paper: int
    total: int
    goal: int | None
    progress: int | None


class MunicipalityCountOut(Schema):
    nis_code: str
    name: str
    province: str
    region: str
    online: int
    paper_letters: int
    drawings: int
    total: int
    goal: int | None


class CampaignOut(Schema):
    slug: str
    title: str
    opens_at: str
    closes_at: str
    goal: int | None

    @staticmethod
    def resolve_opens_at(obj):
        return obj.opens_at.isoformat()

    @staticmethod
    def resolve_closes_at(obj):
        return obj.closes_at.isoformat()


def _campaign(slug: str) -> Campaign:
    try:
        return selectors.get_campaign(slug)
    except Campaign.DoesNotExist:
        raise Http404 from None


@router.get("/campaigns", response=list[CampaignOut])
def list_campaigns(request):
    return selectors.open_campaigns()


@router.get(
    "/campaigns/{slug}/counts",
    response=CountsOut,
    summary="Live counter (cached a few seconds)",
)
def campaign_counts(request, slug: str):
    return selectors.counts(_campaign(slug))


@router.get(
    "/campaigns/{slug}/municipalities",
    response=list[MunicipalityCountOut],
    summary="Counts per municipality (open data, no personal data)",
)
def campaign_municipalities(request, slug: str):
    return selectors.municipality_rows(_campaign(slug))
