"""Demo agenda: the 2022 networks' webinar (moved to an upcoming Wednesday), the CAI's
yearly training, the Roma platform's thematic meetings and ~30 other events, some
full with a waiting list. Dates are relative to today; rows are matched on slug.
"""

import datetime
import random
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.text import slugify

from plaidoyer.core.demo_tools import fill_translations
from plaidoyer.core.text import in_each_language
from plaidoyer.organisations.demo import demo_organisation
from plaidoyer.organisations.models import Language, Organisation, Theme
from plaidoyer.places.models import Municipality

from . import services
from .demo_texts import (
    KINDS,
    MEMBER_EVENT,
    ORGANISERS,
    ROMA_AREAS,
    ROMA_MEETING,
    TOPICS,
    TRAINING,
    TRAINING_DAY,
    WEBINAR,
)
from .models import Event, Question, Registration, Session

BRUSSELS = ZoneInfo("Europe/Brussels")


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BRUSSELS)


def _next_weekday(weekday: int, weeks: int = 1) -> datetime.date:
    today = timezone.localdate()
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


# The texts every demo event shares, in the four languages of the interface.
CONSENT = {
    "fr": "J'accepte que mes données servent uniquement à l'organisation de cet "
    "événement.",
    "nl": "Ik ga ermee akkoord dat mijn gegevens alleen voor de organisatie van deze "
    "activiteit worden gebruikt.",
    "en": "I agree that my data is used only to organise this event.",
    "de": "Ich bin damit einverstanden, dass meine Daten nur zur Organisation dieser "
    "Veranstaltung verwendet werden.",
}
ACCESSIBILITY = {
    "venue": {
        "fr": "Salle accessible en fauteuil roulant ; boucle magnétique sur demande.",
        "nl": "Rolstoeltoegankelijke zaal; ringleiding op aanvraag.",
        "en": "Wheelchair-accessible room; hearing loop on request.",
        "de": "Rollstuhlgerechter Saal; Induktionsschleife auf Anfrage.",
    },
    "online": {
        "fr": "Sous-titrage automatique.",
        "nl": "Automatische ondertiteling.",
        "en": "Automatic captions.",
        "de": "Automatische Untertitel.",
    },
}
QUESTION_TEXTS = {
    "Votre collectif ou organisation": {
        "fr": "Votre collectif ou organisation",
        "nl": "Uw collectief of organisatie",
        "en": "Your collective or organisation",
        "de": "Ihr Kollektiv oder Ihre Organisation",
    },
    "Vous participez en tant que": {
        "fr": "Vous participez en tant que",
        "nl": "U neemt deel als",
        "en": "You take part as",
        "de": "Sie nehmen teil als",
    },
    "Élu·e\nMembre d'un collectif\nCitoyen·ne": {
        "fr": "Élu·e\nMembre d'un collectif\nCitoyen·ne",
        "nl": "Verkozene\nLid van een collectief\nBurger",
        "en": "Elected representative\nMember of a collective\nCitizen",
        "de": "Mandatsträger·in\nMitglied eines Kollektivs\nBürger·in",
    },
    "Votre secteur d'activité": {
        "fr": "Votre secteur d'activité",
        "nl": "Uw sector",
        "en": "Your field of work",
        "de": "Ihr Tätigkeitsbereich",
    },
    "Régime alimentaire": {
        "fr": "Régime alimentaire",
        "nl": "Dieet",
        "en": "Diet",
        "de": "Ernährung",
    },
    "Sans restriction\nVégétarien\nSans porc\nAutre": {
        "fr": "Sans restriction\nVégétarien\nSans porc\nAutre",
        "nl": "Geen beperking\nVegetarisch\nZonder varkensvlees\nAnders",
        "en": "No restriction\nVegetarian\nNo pork\nOther",
        "de": "Keine Einschränkung\nVegetarisch\nOhne Schweinefleisch\nAndere",
    },
}


def _in_languages(field: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{code}": text for code, text in texts.items()}


def _event(
    slug,
    *,
    title,
    organisers,
    starts,
    hours,
    kind,
    mode="in_person",
    capacity=None,
    town="",
    venue="",
    description=("", "", "", ""),
    themes=(),
    languages=("fr",),
    online_url="",
    waitlist=True,
    questions=(),
    sessions=(),
) -> Event:
    """Return the event ``slug``, first created if missing. ``title`` and
    ``description``: (fr, nl, en, de); ``sessions``: (labels, start, hours)."""
    event = Event.objects.filter(slug=slug).first()
    if event is not None:
        fill_translations(event, title=title, description=description)
        for session, (labels, _start, _length) in zip(
            event.sessions.order_by("starts_at"), sessions, strict=False
        ):
            fill_translations(session, label=labels)
        event.just_created = False
        return event
    event = Event(
        slug=slug,
        **in_each_language("title", *title),
        **in_each_language("description", *description),
        kind=kind,
        mode=mode,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        venue=venue,
        municipality=Municipality.objects.filter(nis_code=town).first()
        if town
        else None,
        capacity=capacity,
        online_url=online_url,
        waitlist_enabled=waitlist,
        **_in_languages(
            "accessibility", ACCESSIBILITY["venue" if mode != "online" else "online"]
        ),
        **_in_languages("consent_text", CONSENT),
    )
    event.full_clean(exclude=["image"])
    event.save()
    event.organisers.set(organisers)
    event.themes.set(Theme.objects.filter(slug__in=themes))
    event.languages.set(Language.objects.filter(code__in=languages))
    for position, (label, kind_q, required, choices) in enumerate(questions):
        Question.objects.create(
            event=event,
            kind=kind_q,
            required=required,
            position=position,
            **_in_languages("label", QUESTION_TEXTS.get(label, {"fr": label})),
            **_in_languages("choices", QUESTION_TEXTS.get(choices, {"fr": choices})),
        )
    for labels, start, length in sessions:
        Session.objects.create(
            event=event,
            **in_each_language("label", *labels),
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=length),
        )
    services.refresh_search(event)
    Event.objects.filter(pk=event.pk).update(search_text=event.search_text)
    event.just_created = True
    return event


def _fill(event: Event, count: int, rng: random.Random) -> None:
    # Only events created by this run get registrants: a second run adds nothing.
    if not event.just_created or services.registration_problem(event, timezone.now()):
        return
    first = [
        "Amina",
        "Luc",
        "Sofia",
        "Jan",
        "Fatou",
        "Pieter",
        "Elif",
        "Marc",
        "Ines",
        "Kwame",
        "Lotte",
        "Yassine",
        "Anne",
        "Dragan",
        "Mira",
        "Thomas",
    ]
    last = [
        "Diallo",
        "Peeters",
        "Rossi",
        "Janssens",
        "Yilmaz",
        "Dupont",
        "Mertens",
        "Benali",
        "Nowak",
        "Lambert",
        "Ndiaye",
        "Claes",
    ]
    for i in range(count):
        name = f"{rng.choice(first)} {rng.choice(last)}"
        registration, _ = services.register_participant(
            event=event,
            name=name,
            email=f"{slugify(name)}.{i}@example.org",
            language=rng.choice(["fr", "fr", "nl", "en"]),
            answers={
                str(q.pk): (q.choice_list()[0] if q.choice_list() else "Oui")
                for q in event.questions.all()
                if q.required
            },
        )
        if registration.status == Registration.Status.PENDING and rng.random() < 0.85:
            services.confirm_registration(token=registration.token)


def load() -> str:
    rng = random.Random(2022)
    cai = Organisation.objects.get(slug="cai-namur")
    coalition = Organisation.objects.get(slug="coalition-napar")
    anvita, egm, marche, tous, roma = (
        demo_organisation(slug, names, kind, town)
        for slug, (names, kind, town) in ORGANISERS.items()
    )
    today = timezone.localdate()

    wednesday = _next_weekday(2, weeks=2)
    webinar = _event(
        "webinaire-anvita-egm-marche-des-solidarites",
        title=WEBINAR["title"],
        organisers=[anvita, egm, marche, tous],
        starts=_at(wednesday, 19),
        hours=1.5,
        kind=Event.Kind.WEBINAR,
        mode=Event.Mode.ONLINE,
        capacity=300,
        online_url="https://visio.example.org/anvita-egm-marche",
        themes=["migrations", "citoyennete"],
        languages=["fr"],
        description=WEBINAR["description"],
        questions=[
            ("Votre collectif ou organisation", "short_text", False, ""),
            (
                "Vous participez en tant que",
                "single_choice",
                True,
                "Élu·e\nMembre d'un collectif\nCitoyen·ne",
            ),
        ],
    )
    _fill(webinar, 140, rng)

    training_day = _next_weekday(1, weeks=3)
    training = _event(
        "formation-stereotypes-prejuges-discriminations-racisme",
        title=TRAINING["title"],
        organisers=[cai],
        starts=_at(training_day, 9, 30),
        hours=6.5,
        kind=Event.Kind.TRAINING,
        capacity=16,
        town="92094",
        venue="CAI — Rue Docteur Haibe 2, 5002 Saint-Servais",
        themes=["lutte-contre-le-racisme", "interculturalite"],
        description=TRAINING["description"],
        sessions=[
            (
                tuple(label.format(n=i + 1) for label in TRAINING_DAY),
                _at(training_day + datetime.timedelta(weeks=i), 9, 30),
                6.5,
            )
            for i in range(3)
        ],
        questions=[
            ("Votre secteur d'activité", "short_text", True, ""),
            (
                "Régime alimentaire",
                "single_choice",
                False,
                "Sans restriction\nVégétarien\nSans porc\nAutre",
            ),
        ],
    )
    _fill(training, 22, rng)  # full, with a waiting list

    for i, (slug, areas) in enumerate(ROMA_AREAS):
        texts = {
            field: tuple(
                text.format(area=area, area_lower=area.lower())
                for text, area in zip(templates, areas, strict=True)
            )
            for field, templates in ROMA_MEETING.items()
        }
        event = _event(
            f"rencontre-thematique-roms-{slug}",
            title=texts["title"],
            organisers=[roma],
            starts=_at(today + datetime.timedelta(days=20 + 14 * i), 13),
            hours=3.5,
            kind=Event.Kind.THEMATIC_MEETING,
            capacity=40,
            town="21004",
            venue="SPP Intégration sociale, Bruxelles",
            languages=["fr", "nl", "rom"],
            themes=[
                "lutte-contre-le-racisme",
                "sante" if slug == "sante" else "citoyennete",
            ],
            description=texts["description"],
        )
        _fill(event, rng.randint(15, 38), rng)

    kinds = [
        Event.Kind.ROUND_TABLE,
        Event.Kind.MEETING,
        Event.Kind.WEBINAR,
        Event.Kind.CONFERENCE,
        Event.Kind.TRAINING,
    ]
    members = list(
        Organisation.objects.filter(
            member_links__isnull=True, memberships__network=coalition
        )[:30]
    )
    for i in range(30):
        organiser = members[i % len(members)]
        kind = kinds[i % len(kinds)]
        online = kind == Event.Kind.WEBINAR
        days = rng.randint(-120, 90)
        topics = TOPICS[i % len(TOPICS)]
        topic = topics[0]
        event = _event(
            f"{slugify(topic)}-{i + 1}",
            title=tuple(f"{t} — {k}" for t, k in zip(topics, KINDS[kind], strict=True)),
            organisers=[organiser],
            starts=_at(
                today + datetime.timedelta(days=days), rng.choice([10, 14, 18, 19])
            ),
            hours=2,
            kind=kind,
            mode=Event.Mode.ONLINE if online else Event.Mode.IN_PERSON,
            capacity=rng.choice([None, 20, 30, 60, 100]),
            town=""
            if online
            else (organiser.municipality.nis_code if organiser.municipality else ""),
            venue="" if online else f"Salle polyvalente, {organiser.name}",
            online_url="https://visio.example.org/" + slugify(topic) if online else "",
            themes=[t.slug for t in organiser.themes.all()[:2]],
            languages=[lang.code for lang in organiser.languages.all()[:2]] or ["fr"],
            description=tuple(
                text.format(topic=t)
                for text, t in zip(MEMBER_EVENT, topics, strict=True)
            ),
        )
        if days > 0:
            _fill(event, rng.randint(0, (event.capacity or 40) + 5), rng)
    return (
        f"{Event.objects.count()} events, {Registration.objects.count()} registrations"
    )
