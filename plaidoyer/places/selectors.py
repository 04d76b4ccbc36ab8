"""Reads of Belgium's territory."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db.models import QuerySet

from plaidoyer.core import versions
from plaidoyer.core.text import fold
from plaidoyer.core.versions import Version

from .models import Municipality, Province, Region

POSTCODE_TTL = 3600


def municipalities_for_postcode(code: str) -> list[Municipality]:
    """Return the municipalities a postcode serves, by name: usually one, two for 1040.

    Every online action looks its postcode up: cached, per "places" data version
    (load_places bumps it), as the territory changes once in years.
    """
    code = (code or "").strip()[:10]
    return versions.cached(
        Version.PLACES,
        f"postcode:{code}",
        lambda: list(
            Municipality.objects.filter(postal_codes__code=code)
            .order_by("sort_name")
            .distinct()
        ),
        POSTCODE_TTL,
    )


def municipality_finder() -> Callable[[str], Municipality | None]:
    """For imports: find a municipality by its NIS code or by its name in any
    language (case, accents and spacing ignored). Reads the table once."""
    index: dict[str, Municipality] = {}
    for municipality in Municipality.objects.all():
        index[municipality.nis_code] = municipality
        for code, _name in settings.LANGUAGES:
            if name := getattr(municipality, f"name_{code}", None):
                index.setdefault(fold(name), municipality)

    def find(value: str) -> Municipality | None:
        value = (value or "").strip()
        return index.get(value) or index.get(fold(value))

    return find


def get_municipality(nis_code: str) -> Municipality | None:
    """Return the municipality with this NIS code, or None."""
    return (
        Municipality.objects.select_related("province__region")
        .filter(nis_code=nis_code)
        .first()
    )


def provinces() -> QuerySet[Province]:
    """Return the provinces and Brussels-Capital, by NIS code."""
    return Province.objects.select_related("region")


def regions() -> QuerySet[Region]:
    """Return the three regions, by NIS code."""
    return Region.objects.all()
