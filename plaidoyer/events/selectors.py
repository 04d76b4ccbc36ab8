from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaidoyer.core import versions
from plaidoyer.core.approval import Approval
from plaidoyer.core.filters import (
    QueryFilters,
    cached_options,
    choice_filter,
    option_list,
    text_filter,
)
from plaidoyer.core.translated import columns
from plaidoyer.core.versions import Version
from plaidoyer.organisations.models import Language, Organisation, Theme

from .models import Event, Question, Registration


@dataclass(frozen=True)
class AgendaFilters(QueryFilters):
    q: str = text_filter(_("Search"))
    when: str = choice_filter(_("When"), every=False)  # applied by events()
    kind: str = choice_filter(_("Kind"), lookup="kind")
    theme: str = choice_filter(_("Theme"), lookup="themes__slug")
    organiser: str = choice_filter(_("Organiser"), lookup="organisers__slug")
    mode: str = choice_filter(_("Format"), lookup="mode")
    language: str = choice_filter(_("Language"), lookup="languages__code")

    @property
    def active(self) -> bool:
        return any(getattr(self, f) for f in self.__dataclass_fields__ if f != "when")

    @classmethod
    def options(cls, **context) -> dict[str, list]:
        return {
            "when": [("upcoming", _("Upcoming")), ("past", _("Past"))],
            "kind": list(Event.Kind.choices),
            "mode": list(Event.Mode.choices),
        } | cached_options(
            (Version.EVENTS, Version.ORGANISATIONS), "agenda", _agenda_options
        )


def _agenda_options() -> dict[str, list]:
    """The agenda's filter choices read from the database: themes, and the
    organisers and languages of events."""
    organising = Event.objects.values("organisers")
    spoken = Event.objects.values("languages")
    return {
        "theme": option_list(Theme.objects.all(), "slug"),
        "organiser": option_list(
            Organisation.objects.filter(pk__in=organising).order_by("sort_name"), "slug"
        ),
        "language": option_list(Language.objects.filter(pk__in=spoken), "code"),
    }


def events(filters: AgendaFilters | None = None) -> QuerySet[Event]:
    """Published events for the agenda: upcoming first (or past, latest first)."""
    f = filters or AgendaFilters()
    now = timezone.now()
    qs = Event.objects.filter(is_published=True)
    if f.when == "past":
        qs = qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    else:
        qs = qs.filter(ends_at__gte=now).order_by("starts_at", "id")
    qs = f.apply(qs)
    if f.theme or f.organiser or f.language:
        qs = qs.distinct()
    return qs


def agenda_items(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.select_related("municipality").prefetch_related(
        "organisers", "themes", "languages", "sessions"
    )


def agenda_cards(qs: QuerySet[Event]) -> QuerySet[Event]:
    """``qs`` with what an event's card shows (events/_event_card.html) and no
    more: its town's and organisers' names, no long texts."""
    return (
        qs.select_related("municipality")
        .defer(
            *columns("description", "accessibility", "consent_text"),
            "search_text",
        )
        .prefetch_related(
            Prefetch(
                "organisers",
                queryset=Organisation.objects.only("slug", *columns("name")),
            )
        )
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
            Version.EVENTS,
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


def search_events(terms: list[str]) -> QuerySet[Event]:
    from plaidoyer.core.search import filter_blob

    qs = Event.objects.filter(is_published=True)
    return filter_blob(qs, terms).order_by("-starts_at")


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


def questions_of(
    event: Event, purpose: str = Question.Purpose.REGISTRATION
) -> list[Question]:
    """The event's questions asked on the registration form, or after the event;
    from the prefetched ``questions`` when the caller prefetched them."""
    return [q for q in event.questions.all() if q.purpose == purpose]


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    # (choice, count, percentage of those who answered), in the question's order.
    choices: list[tuple[str, int, int]] | None = None
    average: float | None = None
    texts: list[str] | None = None


def evaluation_results(event: Event) -> tuple[int, list[QuestionResult]]:
    """The number of responses, and per evaluation question: counts per choice,
    the average rating, or the free texts."""
    from .models import RATINGS, EvaluationResponse

    questions = list(
        event.questions.filter(purpose=Question.Purpose.EVALUATION).order_by(
            "position", "id"
        )
    )
    tallies: dict[int, dict[str, int]] = {q.pk: {} for q in questions}
    texts: dict[int, list[str]] = {q.pk: [] for q in questions}
    answered = dict.fromkeys(tallies, 0)
    responses = 0
    for answers in (
        EvaluationResponse.objects.filter(event=event)
        .values_list("answers", flat=True)
        .iterator(chunk_size=500)
    ):
        responses += 1
        for q in questions:
            value = answers.get(str(q.pk))
            if value is None or value == "" or value == []:
                continue
            answered[q.pk] += 1
            if q.kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
                texts[q.pk].append(value)
                continue
            values = value if isinstance(value, list) else [value]
            for v in values:
                label = str(v) if not isinstance(v, bool) else ("yes" if v else "no")
                tallies[q.pk][label] = tallies[q.pk].get(label, 0) + 1
    results = []
    for q in questions:
        result = QuestionResult(question=q, answered=answered[q.pk])
        if q.kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
            result.texts = texts[q.pk]
        else:
            if q.kind == Question.Kind.RATING:
                order = list(RATINGS)
            elif q.kind == Question.Kind.CHECKBOX:
                order = ["yes", "no"]
            else:
                order = q.choice_list()
            counts = tallies[q.pk]
            base = result.answered or 1
            result.choices = [
                (c, counts.get(c, 0), round(100 * counts.get(c, 0) / base))
                for c in order
            ]
            if q.kind == Question.Kind.RATING and result.answered:
                total = sum(int(c) * n for c, n in counts.items() if c in RATINGS)
                result.average = round(total / result.answered, 1)
        results.append(result)
    return responses, results


def after_event_counts(event: Event) -> dict[str, int]:
    """Attendees, certificates issued, evaluation invitations and answers."""
    from .models import Certificate

    attended = Registration.objects.filter(
        event=event, status=Registration.Status.ATTENDED, anonymised_at__isnull=True
    )
    counts = attended.aggregate(
        attendees=Count("id"),
        invited=Count("id", filter=Q(evaluation_sent_at__isnull=False)),
        answered=Count("id", filter=Q(evaluated=True)),
    )
    counts["certificates"] = Certificate.objects.filter(
        registration__event=event
    ).count()
    return counts


def pending_event_proposals() -> QuerySet[Event]:
    """Events member staff proposed that wait for a coordinator, oldest first."""
    return (
        Event.objects.filter(approval=Approval.PENDING)
        .select_related("proposed_by")
        .prefetch_related("organisers")
        .order_by("created_at", "id")
    )


def event_proposals_of(user) -> QuerySet[Event]:
    """Events ``user`` proposed for review, and those of their organisations
    still waiting or refused, latest first, with their state."""
    if not (user and user.is_authenticated):
        return Event.objects.none()
    unsettled = Q(approval__in=[Approval.PENDING, Approval.REFUSED])
    ids = Event.objects.filter(
        Q(proposed_by=user) & (unsettled | Q(reviewed_at__isnull=False))
        | Q(organisers__staff__user=user) & unsettled
    ).values("pk")
    return (
        Event.objects.filter(pk__in=ids)
        .prefetch_related("organisers")
        .order_by("-created_at", "-id")
    )
