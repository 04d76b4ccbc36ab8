"""Open data of the help module: bodies, services and the published figures. Nothing
about a testimony but the suppressed counts."""

from ninja import Router, Schema

from . import figures, selectors
from .models import Body, Service

router = Router(tags=["help"])


class BodyOut(Schema):
    slug: str
    name: str
    kind: str
    description: str
    url: str
    phone: str
    fields: list[str]
    grounds: list[str]
    regions: list[str]
    offences_only: bool

    @staticmethod
    def resolve_description(obj: Body):
        return obj.description or ""

    @staticmethod
    def resolve_fields(obj: Body):
        return obj.field_list

    @staticmethod
    def resolve_grounds(obj: Body):
        return obj.ground_list

    @staticmethod
    def resolve_regions(obj: Body):
        return [r.slug for r in obj.regions.all()]


class ServiceOut(Schema):
    id: int
    organisation: str
    kind: str
    name: str
    opening_hours: str
    how_to_reach: str
    languages: list[str]
    fields: list[str]
    phone: str
    email: str
    website: str

    @staticmethod
    def resolve_organisation(obj: Service):
        return obj.organisation.slug

    @staticmethod
    def resolve_opening_hours(obj: Service):
        return obj.opening_hours or ""

    @staticmethod
    def resolve_how_to_reach(obj: Service):
        return obj.how_to_reach or ""

    @staticmethod
    def resolve_languages(obj: Service):
        return [language.code for language in obj.languages.all()]

    @staticmethod
    def resolve_fields(obj: Service):
        return obj.field_list


class CellOut(Schema):
    key: str
    label: str
    count: int | None
    suppressed: str


class TableOut(Schema):
    dimension: str
    cells: list[CellOut]


class YearOut(Schema):
    year: int
    total: CellOut
    tables: list[TableOut]


@router.get("/help/bodies", response=list[BodyOut])
def list_bodies(request):
    return Body.objects.prefetch_related("regions").order_by("position", "slug")


@router.get("/help/services", response=list[ServiceOut])
def list_services(request):
    return selectors.published_services()


@router.get("/help/figures", response=list[YearOut])
def list_figures(request):
    """Testimonies counted with their authors' consent, by year, then by field,
    ground and region. A count under 5 is null with ``suppressed: "small"``; others
    hidden so that it cannot be worked out have ``suppressed: "complementary"``."""
    return figures.published()
