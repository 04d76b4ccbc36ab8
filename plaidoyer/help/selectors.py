"""Reads: who can act where, the services near a person, a handler's inbox."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from plaidoyer.organisations.models import Language, Organisation
from plaidoyer.places.models import Municipality, Region
from plaidoyer.places.selectors import get_municipality, municipalities_for_postcode

from .models import Body, HandlingDesk, Service, Testimony, covers


@dataclass(frozen=True)
class Place:
    """Where something happened, as precisely as the person said."""

    region: Region | None = None
    municipality: Municipality | None = None

    @property
    def label(self) -> str:
        return str(self.municipality or self.region or "")


def find_place(text: str = "", region_slug: str = "") -> Place:
    """Read "2000", "Antwerpen", "Anvers" or a region's slug into a Place; an
    unknown value gives an empty Place (the caller says so)."""
    text = (text or "").strip()[:100]
    municipality = None
    if text.isascii() and text.isdigit() and len(text) == 4:
        found = municipalities_for_postcode(text)
        municipality = found[0] if found else None
    elif text:
        query = Q()
        for code in ("fr", "nl", "en", "de"):
            query |= Q(**{f"name_{code}__iexact": text})
        row = Municipality.objects.filter(query).order_by("nis_code").first()
        municipality = get_municipality(row.nis_code) if row else None
    if municipality is not None:
        return Place(region=municipality.province.region, municipality=municipality)
    if region_slug:
        return Place(region=Region.objects.filter(slug=region_slug[:50]).first())
    return Place()


def bodies_for(*, field: str = "", ground: str = "", place: Place) -> QuerySet[Body]:
    """The public bodies that can act on ``field`` and ``ground`` in ``place``
    (national ones everywhere), in the order they are best turned to."""
    qs = Body.objects.all()
    if field:
        qs = qs.filter(covers("fields", field))
    if ground:
        qs = qs.filter(covers("grounds", ground))
    if place.region is not None:
        qs = qs.filter(Q(regions=None) | Q(regions=place.region))
    else:
        qs = qs.filter(regions=None)
    return qs.distinct().order_by("position", "slug")


def _with_display(qs: QuerySet[Service]) -> QuerySet[Service]:
    return qs.select_related("organisation__municipality").prefetch_related(
        Prefetch("languages", queryset=Language.objects.order_by("position", "code"))
    )


def services_for(*, field: str = "", place: Place) -> QuerySet[Service]:
    """Published services of published organisations serving ``place`` (or the
    whole country) in ``field``: those of the municipality first."""
    qs = Service.objects.filter(is_published=True, organisation__is_published=True)
    if field:
        qs = qs.filter(covers("fields", field))
    area = Q(nationwide=True)
    if place.municipality is not None:
        area |= (
            Q(municipalities=place.municipality)
            | Q(provinces=place.municipality.province_id)
            | Q(regions=place.municipality.province.region_id)
        )
    elif place.region is not None:  # a region only: every service inside it
        area |= (
            Q(regions=place.region)
            | Q(provinces__region=place.region)
            | Q(municipalities__province__region=place.region)
        )
    else:
        return _with_display(qs.none())
    ids = qs.filter(area).values("pk")
    local = (
        Q(municipalities=place.municipality)
        if place.municipality is not None
        else Q(pk__in=[])
    )
    return _with_display(
        Service.objects.filter(pk__in=ids)
        .annotate(local=Count("municipalities", filter=local))
        .order_by("-local", "nationwide", "organisation__sort_name", "position", "id")
    )


def map_points(services: QuerySet[Service]) -> list[list]:
    """[lat, lon, name, slug] of each organisation offering one of ``services``,
    for the map beside the list (the list says the same without JavaScript)."""
    points, seen = [], set()
    for service in services:
        organisation = service.organisation
        if organisation.pk in seen or organisation.point is None:
            continue
        seen.add(organisation.pk)
        lat, lon = organisation.point
        points.append([lat, lon, organisation.name, organisation.slug])
    return points


def services_of(organisation: Organisation) -> QuerySet[Service]:
    return _with_display(
        organisation.help_services.prefetch_related(
            "regions", "provinces", "municipalities"
        )
    )


def service_kinds_of(organisation_ids: list[int]) -> dict[int, list[str]]:
    """The kinds of help each organisation offers, as the directory shows them."""
    kinds: dict[int, list[str]] = {}
    labels = dict(Service.Kind.choices)
    rows = (
        Service.objects.filter(organisation_id__in=organisation_ids, is_published=True)
        .order_by("organisation_id", "position", "id")
        .values_list("organisation_id", "kind")
    )
    for pk, kind in rows:
        label = str(labels.get(kind, kind))
        if label not in kinds.setdefault(pk, []):
            kinds[pk].append(label)
    return kinds


def published_services() -> QuerySet[Service]:
    return _with_display(
        Service.objects.filter(
            is_published=True, organisation__is_published=True
        ).order_by("organisation__sort_name", "position", "id")
    )


def active_desks() -> QuerySet[HandlingDesk]:
    return HandlingDesk.objects.filter(
        is_active=True, organisation__is_published=True
    ).select_related("organisation")


def desk_for(*, field: str, region: Region | None) -> HandlingDesk | None:
    """The desk a testimony goes to when the person chose none: one covering its
    region and field, a regional one before a national one."""
    qs = active_desks().filter(covers("fields", field))
    regional = qs.filter(regions=region).order_by("position", "id").first()
    if regional is not None:
        return regional
    return qs.filter(regions=None).order_by("position", "id").first()


def desks_overview() -> QuerySet[HandlingDesk]:
    return HandlingDesk.objects.select_related("organisation").prefetch_related(
        "regions", "handlers"
    )


def inbox(organisation_ids) -> QuerySet[Testimony]:
    """The testimonies routed to these organisations, newest first: no text (it is
    deferred, and only decrypted on the testimony's own page)."""
    return (
        Testimony.objects.filter(organisation_id__in=organisation_ids, purged_at=None)
        .defer("text", "contact")
        .select_related("region", "municipality", "organisation")
        .order_by("status", "-created_at", "-id")
    )


def testimony_counts() -> list[dict]:
    """For coordinators: how many testimonies each organisation holds, by status
    (``counts`` in the order of Testimony.Status)."""
    rows = (
        Testimony.objects.values("organisation__name", "status")
        .annotate(n=Count("id"))
        .order_by("organisation__name", "status")
    )
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        name = row["organisation__name"] or ""
        table.setdefault(name, {})[row["status"]] = row["n"]
    return [
        {
            "organisation": name,
            "counts": [by.get(s, 0) for s in Testimony.Status.values],
        }
        for name, by in table.items()
    ]
