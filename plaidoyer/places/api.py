from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from .models import Municipality, Province, Region

router = Router(tags=["places"])


class RegionOut(Schema):
    nis_code: str
    name: str
    slug: str


class ProvinceOut(Schema):
    nis_code: str
    name: str
    slug: str
    region: str

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.nis_code


class MunicipalityOut(Schema):
    nis_code: str
    name: str
    name_fr: str
    name_nl: str
    name_de: str | None
    slug: str
    province: str
    latitude: float
    longitude: float
    postcodes: list[str]

    @staticmethod
    def resolve_province(obj) -> str:
        return obj.province.nis_code

    @staticmethod
    def resolve_postcodes(obj) -> list[str]:
        return [p.code for p in obj.postal_codes.all()]


@router.get("/regions", response=list[RegionOut])
def list_regions(request):
    return Region.objects.all()


@router.get("/provinces", response=list[ProvinceOut])
def list_provinces(request):
    return Province.objects.select_related("region")


@router.get(
    "/municipalities",
    response=list[MunicipalityOut],
    summary="List municipalities, optionally those serving one postcode",
)
def list_municipalities(request, postcode: str = ""):
    qs = Municipality.objects.select_related("province").prefetch_related(
        "postal_codes"
    )
    if postcode:
        qs = qs.filter(postal_codes__code=postcode.strip()[:4]).distinct()
    return qs


@router.get("/municipalities/{nis_code}", response=MunicipalityOut)
def get_municipality(request, nis_code: str):
    return get_object_or_404(
        Municipality.objects.select_related("province").prefetch_related(
            "postal_codes"
        ),
        nis_code=nis_code,
    )
