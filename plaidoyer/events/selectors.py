from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from plaidoyer.core import versions
from plaidoyer.core.filters import QueryFilters
from plaidoyer.core.text import search_terms

from .models import Event, Registration


@dataclass(frozen=True)
class AgendaFilters(QueryFilters):
    q: str = ""
    when: str = ""
    kind: str = ""
    theme: str = ""
    organiser: str = ""
    mode: str = ""
    language: str = ""

    @property
    def active(self) -> bool:
        return any(getattr(self, f) for f in self.__dataclass_fields__ if f != "when")


def events(filters: AgendaFilters | None = None) -> QuerySet[Event]:
    """Published events for the agenda: upcoming first (or past, latest first)."""
    f = filters or AgendaFilters()
    now = timezone.now()
    qs = Event.objects.filter(is_published=True)
    if f.when == "past":
        qs = qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    else:
        qs = qs.filter(ends_at__gte=now).order_by("starts_at", "id")
    for term in search_terms(f.q):
        qs = qs.filter(search_text__contains=" " + term)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.theme:
        qs = qs.filter(themes__slug=f.theme)
    if f.organiser:
        qs = qs.filter(organisers__slug=f.organiser)
    if f.mode:
        qs = qs.filter(mode=f.mode)
    if f.language:
        qs = qs.filter(languages__code=f.language)
    if f.theme or f.organiser or f.language:
        qs = qs.distinct()
    return qs


def agenda_items(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.select_related("municipality").prefetch_related(
        "organisers", "themes", "languages", "sessions"
    )


def get_event(slug: str) -> Event:
    return (
        Event.objects.filter(is_published=True)
        .select_related("municipality__province")
        .prefetch_related("organisers", "themes", "languages", "sessions", "questions")
        .get(slug=slug)
    )


REGISTRATION_EVENT_TTL = 30


def get_event_for_registration(slug: str, *, cached: bool = False) -> Event:
    """The event with only what registering needs: its questions, no page extras.

    ``cached``: from the cache, per "events" data version (every edit of an event
    bumps it), for a registration POST when an event opens: its seat counts are
    then only a hint, the seat itself is claimed in the database.
    """
    if cached:
        return versions.cached(
            "events",
            f"event-registration:{slug[:200]}",
            lambda: get_event_for_registration(slug),
            REGISTRATION_EVENT_TTL,
        )
    return (
        Event.objects.filter(is_published=True)
        .defer("description", "accessibility", "search_text")
        .prefetch_related("questions")
        .get(slug=slug)
    )


def registrations_of(event: Event, *, q: str = "") -> QuerySet[Registration]:
    qs = Registration.objects.filter(event=event)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(email__icontains=q.lower()))
    return qs.order_by("status", "created_at", "id")


def counts(event: Event) -> dict:
    rows = (
        Registration.objects.filter(event=event)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["status"]: r["n"] for r in rows}


def events_managed_by(user) -> QuerySet[Event]:
    from plaidoyer.accounts.permissions import is_coordinator

    qs = Event.objects.all()
    if not is_coordinator(user):
        qs = qs.filter(organisers__staff__user=user).distinct()
    return qs.prefetch_related(Prefetch("organisers")).order_by("-starts_at")


def search_events(terms: list[str], limit: int) -> list[Event]:
    from plaidoyer.core.search import filter_blob

    qs = Event.objects.filter(is_published=True)
    return list(filter_blob(qs, terms).order_by("-starts_at")[:limit])


def waitlist_position(registration: Registration) -> int | None:
    """The registration's place in its event's waiting list (1 first), or None when
    it is not waiting."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return Registration.objects.filter(
        event_id=registration.event_id,
        status=Registration.Status.WAITLISTED,
        created_at__lte=registration.created_at,
    ).count()
