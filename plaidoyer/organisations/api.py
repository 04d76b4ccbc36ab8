from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from plaidoyer.core.pagination import PageNumberPagination

from . import selectors
from .models import Language, Membership, Organisation, Theme
from .selectors import DirectoryFilters

router = Router(tags=["organisations"])


class ThemeOut(Schema):
    slug: str
    name: str


class LanguageOut(Schema):
    code: str
    name: str


class PlaceOut(Schema):
    nis_code: str
    name: str


class OrganisationOut(Schema):
    slug: str
    name: str
    acronym: str
    kind: str
    description: str
    municipality: PlaceOut | None
    province: PlaceOut | None
    postcode: str
    latitude: float | None
    longitude: float | None
    website: str
    email: str
    phone: str
    founded_year: int | None
    themes: list[str]
    languages: list[str]
    url: str

    @staticmethod
    def resolve_description(obj) -> str:
        return obj.description or ""

    @staticmethod
    def resolve_province(obj):
        return obj.municipality.province if obj.municipality else None

    @staticmethod
    def resolve_latitude(obj):
        return obj.point[0] if obj.point else None

    @staticmethod
    def resolve_longitude(obj):
        return obj.point[1] if obj.point else None

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_languages(obj) -> list[str]:
        return [lang.code for lang in obj.languages.all()]

    @staticmethod
    def resolve_url(obj) -> str:
        return settings.SITE_URL + obj.get_absolute_url()


class MembershipOut(Schema):
    organisation: str = Field(description="slug of the other organisation")
    name: str
    role: str
    since: str | None


class ContactOut(Schema):
    name: str
    role: str
    email: str
    phone: str


def _membership(membership: Membership, other: Organisation) -> dict:
    return {
        "organisation": other.slug,
        "name": other.name,
        "role": membership.role,
        "since": membership.since.isoformat() if membership.since else None,
    }


class OrganisationDetailOut(OrganisationOut):
    networks: list[MembershipOut]
    members: list[MembershipOut]
    contacts: list[ContactOut]

    @staticmethod
    def resolve_networks(obj):
        return [_membership(m, m.network) for m in obj.network_links]

    @staticmethod
    def resolve_members(obj):
        return [_membership(m, m.member) for m in selectors.members_of(obj)]

    @staticmethod
    def resolve_contacts(obj):
        return obj.visible_contacts


DirectoryQuery = DirectoryFilters.query_schema("DirectoryQuery")


@router.get(
    "/organisations", response=list[OrganisationOut], summary="List organisations"
)
@paginate(PageNumberPagination, page_size=50)
def list_organisations(request, filters: Query[DirectoryQuery]):
    qs = selectors.organisations(DirectoryFilters(**filters.dict()))
    return selectors.directory_page_items(qs).prefetch_related(
        Prefetch("languages", queryset=Language.objects.order_by("position", "code"))
    )


@router.get(
    "/organisations/{slug}",
    response=OrganisationDetailOut,
    summary="One organisation with its networks, members and public contacts",
)
def get_organisation(request, slug: str):
    try:
        return selectors.get_profile(slug)
    except Organisation.DoesNotExist:
        raise Http404 from None


@router.get("/themes", response=list[ThemeOut], summary="List themes")
def list_themes(request):
    return Theme.objects.all()


@router.get("/languages", response=list[LanguageOut], summary="List languages of work")
def list_languages(request):
    return Language.objects.all()
