"""Demo letter marathon around 10 December: three cases, 36 places (34 municipalities
and 2 universities) with paper batches above 3,700 letters and drawings, online
letters on top, and last year's "Ville lumières" labels for the 22 municipalities and
2 universities of demo-facts.md. Dates follow today so the campaign is open.
"""

import datetime
import random

from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from plaidoyer.accounts.demo import COORDINATOR_EMAIL
from plaidoyer.accounts.models import User
from plaidoyer.core.demo_tools import fill_translations
from plaidoyer.core.text import fold, in_each_language
from plaidoyer.events.models import Event
from plaidoyer.events.services import save_search_text
from plaidoyer.organisations.models import Organisation, Staff
from plaidoyer.organisations.services import refresh_search_fields
from plaidoyer.places.models import Municipality

from .models import (
    Action,
    Campaign,
    Case,
    Criterion,
    Evidence,
    LabelApplication,
    LabelProgramme,
    PaperBatch,
    SessionRequest,
    WritingSession,
)
from .services import email_key

LABELLED = [
    "Ath",
    "Auderghem",
    "Bastogne",
    "Bruxelles",
    "Châtelet",
    "Chimay",
    "Huy",
    "Ixelles",
    "La Louvière",
    "Liège",
    "Manhay",
    "Mouscron",
    "Namur",
    "Walhain",
    "Ottignies-Louvain-la-Neuve",
    "Pont-à-Celles",
    "Rixensart",
    "Schaerbeek",
    "Sainte-Ode",
    "Uccle",
    "Walcourt",
    "Woluwe-Saint-Pierre",
]
OTHERS = [
    "Charleroi",
    "Mons",
    "Tournai",
    "Nivelles",
    "Wavre",
    "Verviers",
    "Arlon",
    "Dinant",
    "Gembloux",
    "Etterbeek",
    "Forest",
    "Anderlecht",
]
CASES = [
    (
        "defenseuse-foret",
        "Ana Lucía",
        "Honduras",
        "Défenseuse de la forêt et des droits des peuples autochtones, menacée pour avoir "
        "dénoncé l'abattage illégal.",
        "Monsieur le Procureur général, je vous demande de "
        "protéger Ana Lucía et d'enquêter sur les menaces qu'elle reçoit.",
    ),
    (
        "etudiant-emprisonne",
        "Karim",
        "",
        "Étudiant emprisonné après avoir manifesté pacifiquement pour la liberté d'expression.",
        "Monsieur le Ministre de la Justice, je vous demande de libérer Karim immédiatement "
        "et sans condition.",
    ),
    (
        "journaliste-menacee",
        "Mariam",
        "",
        "Journaliste menacée pour ses enquêtes sur la corruption ; ses proches sont harcelés.",
        "Madame la Ministre de l'Intérieur, je vous demande de garantir la sécurité de Mariam "
        "et de sa famille.",
    ),
]

CAMPAIGN_TITLE = (
    "Marathon des lettres",
    "Schrijfmarathon",
    "Write for Rights marathon",
    "Briefmarathon",
)
CAMPAIGN_DESCRIPTION = (
    "Autour du 10 décembre, Journée des droits humains, écrivez pour des personnes en "
    "danger. Des séances d'écriture ont lieu dans les communes et les universités de "
    "Bruxelles et de Wallonie ; chaque lettre compte, en ligne comme sur papier.",
    "Rond 10 december, de Dag van de Mensenrechten, schrijft u voor mensen in gevaar. "
    "In gemeenten en universiteiten in Brussel en Wallonië vinden schrijfsessies "
    "plaats; elke brief telt, online en op papier.",
    "Around 10 December, Human Rights Day, write for people at risk. Letter-writing "
    "sessions take place in municipalities and universities in Brussels and Wallonia; "
    "every letter counts, online or on paper.",
    "Rund um den 10. Dezember, den Tag der Menschenrechte, schreiben Sie für Menschen "
    "in Gefahr. In Gemeinden und Universitäten in Brüssel und der Wallonie finden "
    "Schreibwerkstätten statt; jeder Brief zählt, online wie auf Papier.",
)
LABEL_NAME = ("Ville lumières", "Lichtstad", "City of lights", "Stadt der Lichter")
LABEL_DESCRIPTION = (
    "Le label récompense les communes et universités qui s'engagent concrètement pour "
    "les droits humains, chaque année.",
    "Het label beloont gemeenten en universiteiten die zich elk jaar concreet inzetten "
    "voor de mensenrechten.",
    "The label rewards municipalities and universities that make concrete commitments "
    "to human rights, every year.",
    "Das Label zeichnet Gemeinden und Universitäten aus, die sich jedes Jahr konkret "
    "für die Menschenrechte einsetzen.",
)
CRITERIA = [
    (
        "Adopter officiellement une personne en danger",
        "Officieel een persoon in gevaar adopteren",
        "Officially adopt an individual at risk",
        "Offiziell eine gefährdete Person adoptieren",
    ),
    (
        "Organiser une séance publique d'écriture de lettres",
        "Een openbare schrijfsessie organiseren",
        "Hold a public letter-writing session",
        "Eine öffentliche Schreibwerkstatt veranstalten",
    ),
    (
        "Communiquer sur les droits humains auprès des habitant·es",
        "Over mensenrechten communiceren met de inwoners",
        "Communicate on human rights with residents",
        "Die Einwohnerinnen und Einwohner über Menschenrechte informieren",
    ),
]
WALCOURT_COMMITMENT = (
    "S'engage aussi à mieux intégrer les demandeurs d'asile dans la commune.",
    "Engageert zich ook om asielzoekers beter te integreren in de gemeente.",
    "Also commits to better integrating asylum seekers in the municipality.",
    "Verpflichtet sich außerdem, Asylsuchende besser in die Gemeinde zu integrieren.",
)

# The cases' stories and letters in the other languages of the interface.
CASE_TEXTS = {
    "defenseuse-foret": {
        "nl": (
            "Verdedigster van het bos en van de rechten van inheemse volken, bedreigd "
            "omdat ze illegale houtkap aanklaagde.",
            "Meneer de procureur-generaal, ik vraag u Ana Lucía te beschermen en de "
            "bedreigingen tegen haar te onderzoeken.",
        ),
        "en": (
            "A defender of the forest and of indigenous peoples' rights, threatened for "
            "exposing illegal logging.",
            "Dear Attorney General, I ask you to protect Ana Lucía and to investigate "
            "the threats she receives.",
        ),
        "de": (
            "Verteidigerin des Waldes und der Rechte indigener Völker, bedroht, weil sie "
            "illegalen Holzeinschlag anprangerte.",
            "Sehr geehrter Herr Generalstaatsanwalt, ich bitte Sie, Ana Lucía zu schützen "
            "und die Drohungen gegen sie zu untersuchen.",
        ),
    },
    "etudiant-emprisonne": {
        "nl": (
            "Student, gevangengezet nadat hij vreedzaam betoogde voor de vrijheid van "
            "meningsuiting.",
            "Meneer de minister van Justitie, ik vraag u Karim onmiddellijk en "
            "onvoorwaardelijk vrij te laten.",
        ),
        "en": (
            "A student imprisoned after demonstrating peacefully for freedom of "
            "expression.",
            "Dear Minister of Justice, I ask you to release Karim immediately and "
            "unconditionally.",
        ),
        "de": (
            "Student, inhaftiert, nachdem er friedlich für die Meinungsfreiheit "
            "demonstriert hatte.",
            "Sehr geehrter Herr Justizminister, ich bitte Sie, Karim sofort und "
            "bedingungslos freizulassen.",
        ),
    },
    "journaliste-menacee": {
        "nl": (
            "Journaliste, bedreigd om haar onderzoek naar corruptie; haar naasten "
            "worden lastiggevallen.",
            "Mevrouw de minister van Binnenlandse Zaken, ik vraag u de veiligheid van "
            "Mariam en haar familie te waarborgen.",
        ),
        "en": (
            "A journalist threatened for her investigations into corruption; her "
            "relatives are harassed.",
            "Dear Minister of the Interior, I ask you to guarantee the safety of Mariam "
            "and her family.",
        ),
        "de": (
            "Journalistin, bedroht wegen ihrer Recherchen zu Korruption; ihre "
            "Angehörigen werden schikaniert.",
            "Sehr geehrte Frau Innenministerin, ich bitte Sie, die Sicherheit von Mariam "
            "und ihrer Familie zu gewährleisten.",
        ),
    },
}


def _municipality(name: str) -> Municipality | None:
    key = fold(name)
    for m in Municipality.objects.filter(name_fr__iexact=name):
        return m
    for m in Municipality.objects.all():
        if fold(m.name_fr) == key:
            return m
    return None


def _org(name: str, kind: str, municipality) -> Organisation:
    slug = slugify(name)[:180]
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        # A proper name: the same in every language.
        org = Organisation(
            slug=slug,
            **in_each_language("name", *(name,) * 4),
            kind=kind,
            municipality=municipality,
        )
        refresh_search_fields(org)
        org.save()
    return org


def load() -> str:
    rng = random.Random(1210)
    today = timezone.localdate()
    year = today.year if today <= datetime.date(today.year, 12, 17) else today.year + 1
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    tz = timezone.get_current_timezone()
    opens = datetime.datetime.combine(
        min(today - datetime.timedelta(days=14), datetime.date(year, 11, 25)),
        datetime.time(8),
        tz,
    )
    closes = datetime.datetime.combine(
        max(datetime.date(year, 12, 17), today + datetime.timedelta(days=25)),
        datetime.time(23, 59),
        tz,
    )
    campaign, created = Campaign.objects.get_or_create(
        slug="marathon-des-lettres",
        defaults={
            **in_each_language("title", *CAMPAIGN_TITLE),
            **in_each_language("description", *CAMPAIGN_DESCRIPTION),
            "opens_at": opens,
            "closes_at": closes,
            "goal": 5000,
            "collects_letters": True,
            "collects_signatures": True,
            "collects_drawings": True,
        },
    )
    if not created:
        _complete_translations(campaign)
        return f"{Campaign.objects.count()} campaigns (already loaded)"
    cases = []
    for position, (slug, name, country, story, template) in enumerate(CASES):
        cases.append(
            Case.objects.create(
                campaign=campaign,
                slug=slug,
                name=name,
                country=country,
                story_fr=story,
                letter_template_fr=template,
                **{
                    f"{field}_{code}": text
                    for code, (story_x, template_x) in CASE_TEXTS[slug].items()
                    for field, text in (
                        ("story", story_x),
                        ("letter_template", template_x),
                    )
                },
                position=position,
                addressee="Ambassade — Avenue Louise 1, 1050 Bruxelles",
            )
        )

    places = []
    for name in LABELLED + OTHERS:
        m = _municipality(name)
        if m is not None:
            places.append((m, None))
    universities = [
        _org("UCLouvain", "university", _municipality("Ottignies-Louvain-la-Neuve")),
        _org("Université libre de Bruxelles", "university", _municipality("Bruxelles")),
    ]
    places += [(None, u) for u in universities]
    total = 0
    for m, university in places:
        where = m.name_fr if m else university.name
        group = university or _org(
            f"Groupe local droits humains — {where}", "collective", m
        )
        for _ in range(rng.randint(1, 3)):
            letters = rng.randint(20, 90)
            drawings = rng.randint(0, 25)
            batch = PaperBatch.objects.create(
                campaign=campaign,
                case=rng.choice(cases),
                organisation=group,
                municipality=m,
                place_organisation=university,
                collected_on=opens.date()
                + datetime.timedelta(
                    days=rng.randint(0, max(0, (today - opens.date()).days))
                ),
                letters=letters,
                drawings=drawings,
                submitted_by=coordinator,
            )
            if rng.random() < 0.9:
                batch.status = PaperBatch.Status.VALIDATED
                batch.reviewed_by = coordinator
                batch.reviewed_at = timezone.now()
                batch.save()
                total += letters + drawings
    # Keep the promise of demo-facts: more than 3,700 validated letters and drawings.
    while total < 3750:
        m, university = rng.choice(places)
        where = m.name_fr if m else university.name
        group = university or _org(
            f"Groupe local droits humains — {where}", "collective", m
        )
        PaperBatch.objects.create(
            campaign=campaign,
            case=rng.choice(cases),
            organisation=group,
            municipality=m,
            place_organisation=university,
            collected_on=today,
            letters=80,
            drawings=10,
            submitted_by=coordinator,
            status=PaperBatch.Status.VALIDATED,
            reviewed_by=coordinator,
            reviewed_at=timezone.now(),
        )
        total += 90
    # A few waiting for validation, so the review queue is not empty.
    for m, _u in places[:3]:
        if m:
            PaperBatch.objects.create(
                campaign=campaign,
                case=cases[0],
                organisation=_org(
                    f"Groupe local droits humains — {m.name_fr}", "collective", m
                ),
                municipality=m,
                collected_on=today,
                letters=rng.randint(10, 40),
                drawings=3,
                submitted_by=coordinator,
            )
    local = Organisation.objects.get(
        slug=slugify("Groupe local droits humains — Namur")
    )
    from plaidoyer.accounts.demo import demo_user

    Staff.objects.get_or_create(
        user=demo_user("lea.renard@droits.example.org", "Léa Renard"),
        organisation=local,
    )

    towns = list(Municipality.objects.order_by("nis_code"))
    actions = []
    for i in range(400):
        m = rng.choice(towns[:300])
        email = f"signataire{i}@example.org"
        actions.append(
            Action(
                campaign=campaign,
                case=rng.choice(cases),
                kind=rng.choice(["letter", "signature"]),
                name=f"Signataire {i}",
                email=email,
                email_key=email_key(email),
                postcode=m.postal_codes.values_list("code", flat=True).first() or "",
                municipality=m,
                confirmed_at=timezone.now() if rng.random() < 0.85 else None,
                language=rng.choice(["fr", "nl", "en"]),
            )
        )
    Action.objects.bulk_create(actions)

    programme, _ = LabelProgramme.objects.get_or_create(
        slug="ville-lumieres",
        defaults={
            **in_each_language("name", *LABEL_NAME),
            **in_each_language("description", *LABEL_DESCRIPTION),
        },
    )
    criteria = []
    for position, texts in enumerate(CRITERIA):
        criteria.append(
            Criterion.objects.create(
                programme=programme,
                **in_each_language("text", *texts),
                position=position,
            )
        )
    awarded_year = year - 1
    holders = [
        (m, None)
        for m, u in places
        if m
        and m.name_fr in LABELLED
        or (m and fold(m.name_fr) in {fold(n) for n in LABELLED})
    ] + [(None, u) for u in universities]
    for m, university in holders:
        application = LabelApplication.objects.create(
            programme=programme,
            year=awarded_year,
            municipality=m,
            organisation=university,
            status=LabelApplication.Status.AWARDED,
            decided_by=coordinator,
            decided_at=timezone.now(),
            **in_each_language(
                "commitment",
                *(WALCOURT_COMMITMENT if m and m.name_fr == "Walcourt" else ("",) * 4),
            ),
        )
        for criterion in criteria:
            Evidence.objects.create(
                application=application,
                criterion=criterion,
                text="Délibération du collège / séance publique",
                validated=True,
            )
    _writing_sessions(campaign, cases, coordinator, today)
    return (
        f"{Campaign.objects.count()} campaigns, {PaperBatch.objects.count()} batches, "
        f"{Action.objects.count()} online actions, "
        f"{LabelApplication.objects.count()} label applications"
    )


# Writing sessions in several towns, each titled in its town's language (and one in
# English): (town, host kind, host, title, days from today, audience, letters,
# drawings). Letters: None for a session not reported yet.
SESSIONS = [
    (
        "Namur",
        "collective",
        "Groupe local droits humains — Namur",
        "Atelier d'écriture au marché de Namur",
        -6,
        "public",
        64,
        12,
    ),
    (
        "Gand",
        "school",
        "Sint-Barbaracollege Gent",
        "Schrijfsessie in de klas: brieven voor mensenrechten",
        -4,
        "class",
        None,
        None,
    ),
    (
        "Eupen",
        "school",
        "Königliches Athenäum Eupen",
        "Schreibwerkstatt für Menschenrechte",
        3,
        "class",
        None,
        None,
    ),
    (
        "Bruxelles",
        "university",
        "Université libre de Bruxelles",
        "Write for Rights evening on campus",
        5,
        "public",
        None,
        None,
    ),
    (
        "Liège",
        "municipality",
        "Ville de Liège",
        "Séance d'écriture à l'hôtel de ville",
        8,
        "public",
        None,
        None,
    ),
]


def _writing_sessions(campaign, cases, coordinator, today) -> None:
    tz = timezone.get_current_timezone()
    for n, (
        town,
        kind,
        host_name,
        title,
        days,
        audience,
        letters,
        drawings,
    ) in enumerate(SESSIONS):
        m = _municipality(town)
        if m is None:
            continue
        host = _org(host_name, kind, m)
        starts = datetime.datetime.combine(
            today + datetime.timedelta(days=days), datetime.time(14), tz
        )
        event = Event.objects.create(
            slug=f"{slugify(title)[:150]}-{n}",
            kind=Event.Kind.WRITING_SESSION,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2, minutes=30),
            municipality=m,
            venue=host_name,
            registration_enabled=False,
            waitlist_enabled=False,
            **{f"title_{code}": title for code in ("fr", "nl", "en", "de")},
        )
        event.organisers.set([host])
        save_search_text(event)
        batch = None
        if letters is not None:
            batch = PaperBatch.objects.create(
                campaign=campaign,
                case=cases[n % len(cases)],
                organisation=host,
                municipality=m,
                collected_on=starts.date(),
                letters=letters,
                drawings=drawings,
                submitted_by=coordinator,
                status=PaperBatch.Status.VALIDATED,
                reviewed_by=coordinator,
                reviewed_at=timezone.now(),
            )
        WritingSession.objects.create(
            campaign=campaign,
            event=event,
            host=host,
            audience=audience,
            batch=batch,
            reported_at=timezone.now() if batch else None,
            created_by=coordinator,
        )
    SessionRequest.objects.create(
        campaign=campaign,
        kind=SessionRequest.Kind.SCHOOL,
        name="Anke Peeters",
        email="anke.peeters@school.example",
        organisation_name="Basisschool De Regenboog",
        town="Leuven",
        participants=24,
        date_wish=today + datetime.timedelta(days=6),
        message="Onze klas wil graag tekeningen maken voor de gevallen.",
        language="nl",
    )


def _complete_translations(campaign: Campaign) -> None:
    """Give an older demo's campaign texts the languages it lacked."""
    fill_translations(campaign, title=CAMPAIGN_TITLE, description=CAMPAIGN_DESCRIPTION)
    programme = LabelProgramme.objects.filter(slug="ville-lumieres").first()
    if programme is not None:
        fill_translations(programme, name=LABEL_NAME, description=LABEL_DESCRIPTION)
        for criterion, texts in zip(
            programme.criteria.order_by("position"), CRITERIA, strict=False
        ):
            fill_translations(criterion, text=texts)
        for application in LabelApplication.objects.filter(
            programme=programme, commitment_fr=WALCOURT_COMMITMENT[0]
        ):
            fill_translations(application, commitment=WALCOURT_COMMITMENT)
    # The local groups, universities and hosts this demo made: proper names.
    hosts = [slugify(name) for name in ("UCLouvain", "Université libre de Bruxelles")]
    hosts += [slugify(session[2])[:180] for session in SESSIONS]
    for organisation in Organisation.objects.filter(
        Q(slug__startswith="groupe-local-droits-humains") | Q(slug__in=hosts)
    ):
        fill_translations(organisation, name=(organisation.name_fr,) * 4)
