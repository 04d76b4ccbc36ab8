"""Reads for the directory, its map, exports and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.filters import (
    QueryFilters,
    cached_options,
    choice_filter,
    option_list,
    text_filter,
)
from plaidoyer.core.versions import Version
from plaidoyer.places.models import Province, Region

from . import extensions
from .models import Contact, Language, Membership, Organisation, Staff, Theme
from .permissions import MEMBER_ROLES

OPTIONS_TTL = 60


@dataclass(frozen=True)
class DirectoryFilters(QueryFilters):
    """Filters a visitor may combine; every value is a slug/code or empty."""

    q: str = text_filter(_("Search"), description="Accent- and case-insensitive search")
    theme: str = choice_filter(
        _("Theme"), lookup="themes__slug", description="theme slug"
    )
    kind: str = choice_filter(_("Kind"), lookup="kind", description="organisation kind")
    region: str = choice_filter(
        _("Region"),
        lookup="municipality__province__region__slug",
        description="region slug",
    )
    province: str = choice_filter(
        _("Province"),
        lookup="municipality__province__slug",
        description="province slug",
    )
    network: str = choice_filter(
        _("Network"),
        lookup="memberships__network__slug",
        description="slug of a network the organisation belongs to",
    )
    language: str = choice_filter(
        _("Language of work"),
        lookup="languages__code",
        description="language of work (ISO 639 code)",
    )

    @classmethod
    def options(cls, **context) -> dict[str, list]:
        return filter_options()


def organisations(filters: DirectoryFilters | None = None) -> QuerySet[Organisation]:
    """Return published organisations matching ``filters``, sorted by name.

    Search is accent- and case-insensitive and matches the start of words in every
    language's name, the acronym, the municipality and the description.
    """
    qs = (filters or DirectoryFilters()).apply(
        Organisation.objects.filter(is_published=True)
    )
    return qs.order_by("sort_name", "id")


def directory_page_items(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Add what a directory card shows: place and themes, in a fixed number of queries."""
    return (
        qs.select_related("municipality__province")
        .defer("search_text", *_name_fields("", "description"))
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("position", "slug"))
        )
    )


def map_points(filters: DirectoryFilters) -> list[list]:
    """Return [lat, lon, name, slug, notes] for every mappable organisation
    matching ``filters``; notes are what other apps add (extensions)."""
    key = f"org-map:{get_language()}:{hash(filters)}"
    points = cache.get(key)
    if points is not None:
        return points
    rows = organisations(filters).values_list(
        "pk",
        "slug",
        "name",
        "latitude",
        "longitude",
        "municipality__latitude",
        "municipality__longitude",
    )
    placed = []
    for pk, slug, name, lat, lon, mlat, mlon in rows:
        if lat is None or lon is None:
            lat, lon = mlat, mlon
        if lat is not None and lon is not None:
            placed.append((pk, [round(lat, 5), round(lon, 5), name, slug]))
    notes = extensions.card_notes(pk for pk, _point in placed)
    points = [[*point, " · ".join(notes.get(pk, []))] for pk, point in placed]
    cache.set(key, points, OPTIONS_TTL)
    return points


def filter_options() -> dict:
    """Return the choices of the directory filters (those read from the database
    cached under the directory's and places' versions)."""
    return {"kind": list(Organisation.Kind.choices)} | cached_options(
        (Version.ORGANISATIONS, Version.PLACES), "directory", _directory_options
    )


def _directory_options() -> dict[str, list]:
    networks = (
        Organisation.objects.filter(is_published=True)
        .annotate(n=Count("member_links"))
        .filter(n__gt=0)
        .order_by("sort_name")
    )
    return {
        "theme": option_list(Theme.objects.all(), "slug"),
        "region": option_list(Region.objects.all(), "slug"),
        "province": option_list(Province.objects.all(), "slug"),
        "network": option_list(networks, "slug"),
        "language": option_list(Language.objects.all(), "code"),
    }


def get_profile(slug: str, *, with_private_contacts: bool = False) -> Organisation:
    """Return a published organisation with everything its profile page shows."""
    contacts = Contact.objects.all()
    if not with_private_contacts:
        contacts = contacts.filter(is_public=True)
    return (
        Organisation.objects.filter(is_published=True)
        .select_related("municipality__province__region")
        .prefetch_related(
            "themes",
            "languages",
            Prefetch("contacts", queryset=contacts, to_attr="visible_contacts"),
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(network__is_published=True)
                .select_related("network")
                .order_by("network__sort_name"),
                to_attr="network_links",
            ),
        )
        .get(slug=slug)
    )


def members_of(network: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(network=network, member__is_published=True)
        .select_related("member__municipality")
        .order_by("member__sort_name")
    )


def _name_fields(prefix: str = "", field: str = "name") -> list[str]:
    return [f"{prefix}{field}"] + [
        f"{prefix}{field}_{code}" for code, _n in settings.LANGUAGES
    ]


def shown_members(network: Organisation, limit: int) -> list[Organisation]:
    """Return the first ``limit`` published members of ``network`` by name, with
    only what a profile's list of members shows: the name in every language (for
    the fallback), the slug and the municipality's name."""
    return list(
        Organisation.objects.filter(is_published=True, memberships__network=network)
        .select_related("municipality")
        .only("slug", *_name_fields(), *_name_fields("municipality__"))
        .order_by("sort_name", "id")[:limit]
    )


def member_total(network: Organisation) -> int:
    return Membership.objects.filter(network=network, member__is_published=True).count()


def organisations_of_user(user) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(staff__user=user).select_related("municipality")


def directory_count() -> int:
    return Organisation.objects.filter(is_published=True).count()


def networks_with_counts() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(is_published=True)
        .annotate(
            n_members=Count(
                "member_links", filter=Q(member_links__member__is_published=True)
            )
        )
        .filter(n_members__gt=0)
        .order_by("-n_members")
    )


def search_organisations(terms: list[str]) -> QuerySet[Organisation]:
    from plaidoyer.core.search import filter_blob

    qs = Organisation.objects.filter(is_published=True).select_related("municipality")
    return filter_blob(qs, terms).order_by("sort_name")


def member_count() -> int:
    """How many published organisations are members of a network: what "member
    organisations" counts (authorities, schools and partners in the directory
    are not)."""
    return (
        Organisation.objects.filter(
            is_published=True,
            memberships__role__in=MEMBER_ROLES,
        )
        .distinct()
        .count()
    )


def is_staff_of_trusted(user, organisation_ids) -> bool:
    """Whether ``user`` is staff of one of ``organisation_ids`` that coordinators
    marked trusted (its proposals need no approval)."""
    return Staff.objects.filter(
        user=user,
        organisation_id__in=list(organisation_ids),
        organisation__trusted=True,
    ).exists()
