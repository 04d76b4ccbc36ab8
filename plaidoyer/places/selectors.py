"""Reads of Belgium's territory."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Municipality, Province, Region


def municipalities_for_postcode(code: str) -> QuerySet[Municipality]:
    """Return the municipalities a postcode serves: usually one, two for 1040."""
    return Municipality.objects.filter(
        postal_codes__code=(code or "").strip()
    ).select_related("province__region")


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
