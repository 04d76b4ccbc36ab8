import datetime

from django.conf import settings
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from plaidoyer.core.pagination import PageNumberPagination

from . import selectors

router = Router(tags=["events"])


class EventOut(Schema):
    slug: str
    title: str
    description: str
    kind: str
    mode: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    venue: str
    municipality: str | None
    organisers: list[str]
    themes: list[str]
    languages: list[str]
    capacity: int | None
    seats_left: int | None
    url: str

    @staticmethod
    def resolve_description(obj) -> str:
        return obj.description or ""

    @staticmethod
    def resolve_municipality(obj):
        return obj.municipality.nis_code if obj.municipality_id else None

    @staticmethod
    def resolve_organisers(obj):
        return [o.slug for o in obj.organisers.all()]

    @staticmethod
    def resolve_themes(obj):
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_languages(obj):
        return [lang.code for lang in obj.languages.all()]

    @staticmethod
    def resolve_url(obj):
        return settings.SITE_URL + obj.get_absolute_url()


AgendaQuery = selectors.AgendaFilters.query_schema("AgendaQuery")


@router.get(
    "/events", response=list[EventOut], summary="Public agenda (no personal data)"
)
@paginate(PageNumberPagination, page_size=50)
def list_events(request, filters: Query[AgendaQuery]):
    return selectors.agenda_items(
        selectors.events(selectors.AgendaFilters(**filters.dict()))
    )


@router.get("/events/{slug}", response=EventOut)
def get_event(request, slug: str):
    try:
        return selectors.get_event(slug)
    except Exception:
        raise Http404 from None
