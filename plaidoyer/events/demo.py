"""Demo agenda: the 2022 networks' webinar (moved to an upcoming Wednesday), the CAI's
yearly training, the Roma platform's thematic meetings and ~30 other events, some
full with a waiting list. Dates are relative to today; rows are matched on slug.
"""

import datetime
import random
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.text import slugify

from plaidoyer.organisations.demo import demo_organisation
from plaidoyer.organisations.models import Language, Organisation, Theme
from plaidoyer.places.models import Municipality

from . import services
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
    description="",
    themes=(),
    languages=("fr",),
    online_url="",
    waitlist=True,
    questions=(),
    title_nl="",
    title_en="",
    sessions=(),
) -> Event:
    event = Event.objects.filter(slug=slug).first()
    if event is not None:
        event.just_created = False
        return event
    event = Event(
        slug=slug,
        title=title,
        title_fr=title,
        title_nl=title_nl or None,
        title_en=title_en or None,
        description_fr=description,
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
    for label, start, length in sessions:
        Session.objects.create(
            event=event,
            label=label,
            label_fr=label,
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
    anvita = demo_organisation(
        "anvita",
        "ANVITA — Association nationale des villes et territoires accueillants",
    )
    egm = demo_organisation(
        "etats-generaux-des-migrations", "États Généraux des Migrations"
    )
    marche = demo_organisation(
        "marche-des-solidarites", "Marche des Solidarités", kind="collective"
    )
    tous = demo_organisation("tous-migrants", "Tous Migrants", kind="association")
    roma = demo_organisation(
        "plateforme-nationale-roms", "Plateforme nationale des Roms", town="21004"
    )
    today = timezone.localdate()

    wednesday = _next_weekday(2, weeks=2)
    webinar = _event(
        "webinaire-anvita-egm-marche-des-solidarites",
        title="Mettre en commun nos actions pour l'accueil, avant les élections",
        title_en="Pooling our actions for a welcoming society, before the elections",
        organisers=[anvita, egm, marche, tous],
        starts=_at(wednesday, 19),
        hours=1.5,
        kind=Event.Kind.WEBINAR,
        mode=Event.Mode.ONLINE,
        capacity=300,
        online_url="https://visio.example.org/anvita-egm-marche",
        themes=["migrations", "citoyennete"],
        languages=["fr"],
        description=(
            "Un échange en ligne entre l'ANVITA (réseau de villes et d'élus "
            "accueillants), les États Généraux des Migrations et la Marche des "
            "Solidarités, avec Tous Migrants, pour mettre en commun nos actions avant "
            "les élections présidentielle et législatives. Inscription ouverte à "
            "toutes et tous ; le lien de connexion est envoyé aux inscrit·es."
        ),
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
        title="Formation : stéréotypes, préjugés, discriminations et racisme",
        title_nl="Vorming: stereotypen, vooroordelen, discriminatie en racisme",
        organisers=[cai],
        starts=_at(training_day, 9, 30),
        hours=6.5,
        kind=Event.Kind.TRAINING,
        capacity=16,
        town="92094",
        venue="CAI — Rue Docteur Haibe 2, 5002 Saint-Servais",
        themes=["lutte-contre-le-racisme", "interculturalite"],
        description=(
            "La formation annuelle du CAI en trois journées : comprendre les "
            "mécanismes des stéréotypes et des préjugés, reconnaître les "
            "discriminations et agir contre le racisme au quotidien."
        ),
        sessions=[
            (
                f"Journée {i + 1}",
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

    themes = [
        ("sante", "Santé"),
        ("emploi", "Emploi"),
        ("enseignement", "Enseignement"),
        ("logement", "Logement"),
    ]
    for i, (slug, label) in enumerate(themes):
        event = _event(
            f"rencontre-thematique-roms-{slug}",
            title=f"Plateforme nationale des Roms : rencontre thématique « {label} »",
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
            description=(
                f"Rencontre du dialogue participatif sur l'inclusion des Roms : "
                f"{label.lower()}. Les participant·es formulent des recommandations."
            ),
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
    topics = [
        "Racisme et logement",
        "Discriminations à l'embauche",
        "Contrôles au faciès",
        "Accueil des primo-arrivants",
        "Histoire coloniale à l'école",
        "Santé des personnes sans papiers",
        "Médias et stéréotypes",
        "Droits des MENA",
        "Participation citoyenne",
        "Données d'égalité",
    ]
    for i in range(30):
        organiser = members[i % len(members)]
        kind = kinds[i % len(kinds)]
        online = kind == Event.Kind.WEBINAR
        days = rng.randint(-120, 90)
        topic = topics[i % len(topics)]
        event = _event(
            f"{slugify(topic)}-{i + 1}",
            title=f"{topic} — {kind.label}",
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
            description=f"{topic} : échanges entre membres de la coalition et partenaires.",
        )
        if days > 0:
            _fill(event, rng.randint(0, (event.capacity or 40) + 5), rng)
    return (
        f"{Event.objects.count()} events, {Registration.objects.count()} registrations"
    )
