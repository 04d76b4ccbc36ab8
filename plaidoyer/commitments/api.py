import datetime

from django.conf import settings
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from plaidoyer.core.access import MAX_ID
from plaidoyer.core.pagination import PageNumberPagination

from . import selectors
from .models import Authority, Commitment, Memorandum, Recommendation, StatusUpdate

router = Router(tags=["barometer"])


class MemorandumOut(Schema):
    slug: str
    title: str
    edition: int
    year: int
    published_on: datetime.date | None
    state: str
    introduction: str


class RecommendationOut(Schema):
    code: str
    title: str
    text: str
    sector: str = Field(alias="sector.slug")
    levels: list[str]
    priority: str
    barometer_status: str
    url: str

    @staticmethod
    def resolve_levels(obj) -> list[str]:
        return [lv.slug for lv in obj.levels.all()]

    @staticmethod
    def resolve_text(obj) -> str:
        return obj.text or ""

    @staticmethod
    def resolve_url(obj) -> str:
        return settings.SITE_URL + obj.get_absolute_url()


class AuthorityOut(Schema):
    slug: str
    name: str
    kind: str
    level: str = Field(alias="level.slug")
    municipality: str | None = Field(None, alias="municipality.nis_code")


class UpdateOut(Schema):
    id: int
    commitment: int = Field(alias="commitment_id")
    date: datetime.date
    source: str
    status: str
    progress: int | None
    note: str
    evidence_url: str
    corrects: int | None = Field(None, alias="corrects_id")


class CommitmentOut(Schema):
    id: int
    authority: str = Field(alias="authority.slug")
    title: str
    committed_on: datetime.date
    due_on: datetime.date | None
    status: str
    progress: int | None
    authority_status: str
    last_update_on: datetime.date | None
    source_url: str
    recommendations: list[str]

    @staticmethod
    def resolve_recommendations(obj) -> list[str]:
        return [r.code for r in obj.recommendations.all()]


RecommendationQuery = selectors.RecommendationFilters.query_schema(
    "RecommendationQuery"
)


@router.get("/memoranda", response=list[MemorandumOut])
def list_memoranda(request):
    return Memorandum.objects.exclude(state=Memorandum.State.DRAFT)


@router.get("/recommendations", response=list[RecommendationOut])
@paginate(PageNumberPagination, page_size=100)
def list_recommendations(request, filters: Query[RecommendationQuery]):
    return selectors.recommendations(selectors.RecommendationFilters(**filters.dict()))


@router.get("/recommendations/{code}", response=RecommendationOut)
def get_recommendation(request, code: str):
    return get_object_or_404(
        Recommendation.objects.select_related("sector").prefetch_related("levels"),
        code=code.upper()[:12],
    )


@router.get("/authorities", response=list[AuthorityOut])
def list_authorities(request):
    return Authority.objects.select_related("level", "municipality")


@router.get("/commitments", response=list[CommitmentOut])
@paginate(PageNumberPagination, page_size=100)
def list_commitments(request, authority: str = "", recommendation: str = ""):
    qs = Commitment.objects.select_related("authority").prefetch_related(
        "recommendations"
    )
    if authority:
        qs = qs.filter(authority__slug=authority[:200].replace("\x00", ""))
    if recommendation:
        qs = qs.filter(
            recommendations__code=recommendation.upper()[:12].replace("\x00", "")
        )
    return qs.order_by("-committed_on", "-id")


@router.get("/updates", response=list[UpdateOut])
@paginate(PageNumberPagination, page_size=100)
def list_updates(
    request,
    commitment: int | None = Query(None, ge=1, le=MAX_ID),
):
    qs = StatusUpdate.objects.order_by("-date", "-id")
    if commitment is not None:
        qs = qs.filter(commitment_id=commitment)
    return qs
