"""Demo: the Belgian national Roma platform's participatory dialogue (launched May 2016),
its steering committee, four thematic meetings and two round tables, drafts with
endorsements and comments, two of them adopted into the memorandum and tracked on
the barometer. Dates around today keep the consultation open.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.text import slugify

from plaidoyer.accounts.demo import COORDINATOR_EMAIL, demo_user
from plaidoyer.accounts.models import User
from plaidoyer.commitments import services as barometer
from plaidoyer.commitments.models import Authority, Sector
from plaidoyer.commitments.selectors import current_memorandum
from plaidoyer.events.models import Event
from plaidoyer.events.services import refresh_search
from plaidoyer.organisations.demo import demo_organisation
from plaidoyer.organisations.models import Organisation, Staff
from plaidoyer.places.models import Municipality

from . import services
from .models import Draft, Meeting, Phase, Process, ProcessMember

BRUSSELS = ZoneInfo("Europe/Brussels")
AREAS = [
    (
        "sante",
        "Santé",
        [
            (
                "Des médiateurs de santé roms dans chaque grande ville",
                "Financer des médiatrices et médiateurs de santé issus des communautés roms.",
            ),
            (
                "Un accès simplifié à l'aide médicale urgente",
                "Réduire les démarches pour l'AMU des familles en habitat précaire.",
            ),
        ],
    ),
    (
        "emploi",
        "Emploi",
        [
            (
                "Reconnaître les compétences acquises hors diplôme",
                "Valider les compétences professionnelles des travailleurs roms.",
            ),
            (
                "Des parcours d'insertion avec accompagnement individuel",
                "Allier formation, emploi et accompagnement social sur deux ans.",
            ),
        ],
    ),
    (
        "enseignement",
        "Enseignement",
        [
            (
                "Des médiateurs scolaires pour lutter contre le décrochage",
                "Renforcer le lien entre écoles et familles roms.",
            ),
            (
                "Former les enseignants à l'histoire des Roms",
                "Intégrer l'histoire et la culture roms dans la formation initiale.",
            ),
        ],
    ),
    (
        "logement",
        "Logement",
        [
            (
                "Des terrains adaptés pour les gens du voyage",
                "Chaque province met à disposition des terrains équipés.",
            ),
            (
                "Lutter contre les expulsions sans relogement",
                "Aucune expulsion sans solution de relogement proposée.",
            ),
        ],
    ),
]


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BRUSSELS)


def load() -> str:
    if Process.objects.filter(slug="plateforme-nationale-roms").exists():
        return f"{Process.objects.count()} processes (already loaded)"
    today = timezone.localdate()
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    contact_point = demo_organisation(
        "point-de-contact-national-roms",
        "Point de contact national Roms (SPP Intégration sociale)",
        "public_body",
        "21004",
    )
    steering = [
        (
            contact_point,
            "organiser",
            "Point de contact national, SPP Intégration sociale",
        ),
        (Organisation.objects.get(slug="unia"), "steering", "Unia"),
        (
            demo_organisation(
                "brulocalis",
                "Brulocalis — Association Ville et Communes de Bruxelles",
                "public_body",
                "21004",
            ),
            "steering",
            "Association des pouvoirs locaux (Bruxelles)",
        ),
        (
            demo_organisation(
                "uvcw",
                "Union des Villes et Communes de Wallonie",
                "public_body",
                "92094",
            ),
            "steering",
            "Association des pouvoirs locaux (Wallonie)",
        ),
        (
            demo_organisation(
                "vvsg",
                "Vereniging van Vlaamse Steden en Gemeenten",
                "public_body",
                "21004",
            ),
            "steering",
            "Association des pouvoirs locaux (Flandre)",
        ),
    ]
    roma = Organisation.objects.get(slug="plateforme-nationale-roms")
    participants = [
        roma,
        Organisation.objects.get(slug="mrax"),
        Organisation.objects.get(slug="cai-namur"),
        demo_organisation(
            "association-romani-liege",
            "Association romani de Liège",
            "association",
            "62063",
        ),
        demo_organisation(
            "romano-dialogue-gent", "Romano Dialoog Gent", "association", "44021"
        ),
    ]
    process = Process.objects.create(
        slug="plateforme-nationale-roms",
        title_fr="Plateforme nationale des Roms : dialogue participatif",
        title_nl="Nationaal Roma-platform: participatieve dialoog",
        title_en="National Roma platform: participatory dialogue",
        description_fr=(
            "Lancée en mai 2016 par le point de contact national Roms, avec le "
            "soutien de l'Union européenne, la plateforme mène un dialogue avec "
            "tous les acteurs sur l'inclusion socio-économique des Roms, avec la "
            "lutte contre les discriminations comme fil rouge, dans quatre "
            "domaines : emploi, enseignement, logement et soins de santé."
        ),
        started_on=datetime.date(2016, 5, 1),
    )
    for org, role, note in steering:
        ProcessMember.objects.create(
            process=process, organisation=org, role=role, role_note=note
        )
    for org in participants:
        ProcessMember.objects.get_or_create(
            process=process, organisation=org, defaults={"role": "participant"}
        )
    d = datetime.timedelta
    for kind, name, start, end, text in [
        (
            "information",
            "Information",
            today - d(400),
            today - d(301),
            "Présentation du dialogue et des quatre domaines.",
        ),
        (
            "meetings",
            "Rencontres thématiques",
            today - d(300),
            today - d(31),
            "Rencontres santé, emploi, enseignement, logement et tables rondes.",
        ),
        (
            "consultation",
            "Consultation sur les projets",
            today - d(30),
            today + d(14),
            "Les organisations participantes commentent et soutiennent les projets.",
        ),
        (
            "adoption",
            "Adoption",
            today + d(15),
            today + d(45),
            "Le comité d'accompagnement adopte les recommandations.",
        ),
        (
            "follow_up",
            "Suivi",
            today + d(46),
            today + d(400),
            "Suivi des engagements sur le baromètre.",
        ),
    ]:
        Phase.objects.create(
            process=process,
            kind=kind,
            name=name,
            name_fr=name,
            description_fr=text,
            starts_on=start,
            ends_on=end,
        )
    sofie = demo_user(
        "sofie.janssens@integratie.example.org", "Sofie Janssens", language="nl"
    )
    Staff.objects.get_or_create(user=sofie, organisation=contact_point)
    roma_staff = demo_user("dragan.nikolic@roma.example.org", "Dragan Nikolić")
    Staff.objects.get_or_create(user=roma_staff, organisation=roma)
    cai_staff = User.objects.get(email="claire.dubois@cai.example.org")

    meetings = []
    for i, (slug, label, _drafts) in enumerate(AREAS):
        event = _event(
            f"roms-rencontre-{slug}",
            f"Rencontre thématique « {label} »",
            today - d(280 - 60 * i),
            contact_point,
            "thematic_meeting",
        )
        meetings.append(Meeting.objects.create(process=process, event=event))
    for label, days in (("Table ronde locale", -70), ("Table ronde fédérale", 35)):
        event = _event(
            f"roms-{slugify(label)}",
            label,
            today + d(days),
            contact_point,
            "round_table",
        )
        meetings.append(Meeting.objects.create(process=process, event=event))
    for meeting, (slug, label, drafts) in zip(meetings[:4], AREAS, strict=True):
        services.close_meeting(
            by=coordinator,
            meeting=meeting,
            minutes={
                "fr": f"<p>Rencontre « {label} » : constats partagés par les "
                "participant·es, témoignages de familles et pistes d'action.</p>"
                "<ul><li>Constats</li><li>Propositions</li></ul>"
            },
            attendance_count=18 + 3 * meetings.index(meeting),
            attending_organisations=participants[:4],
        )
        sector = Sector.objects.get(slug=slug)
        for title, text in drafts:
            draft = services.propose_draft(
                by=coordinator,
                process=process,
                sector=sector,
                title=title,
                text=text,
                meeting=meeting,
            )
            for org, user in ((roma, roma_staff), (participants[2], cai_staff)):
                services.endorse(
                    by=user,
                    draft=draft,
                    organisation=org,
                    reason="Une priorité pour les familles que nous accompagnons.",
                )
            services.comment(
                by=roma_staff,
                draft=draft,
                organisation=roma,
                body="Il faut associer les familles dès la conception.",
            )
    services.close_meeting(
        by=coordinator,
        meeting=meetings[4],
        minutes={"fr": "<p>Table ronde avec les pouvoirs locaux.</p>"},
        attendance_count=25,
        attending_organisations=[s[0] for s in steering],
    )
    first = Draft.objects.filter(process=process).order_by("id").first()
    services.amend_draft(
        by=coordinator,
        draft=first,
        title=first.title_fr,
        text=first.text_fr + " Les médiateurs sont formés et rémunérés.",
        note="Précision sur le statut des médiateurs",
    )
    spam = services.comment(
        by=cai_staff,
        draft=first,
        organisation=participants[2],
        body="Message publié par erreur, hors sujet.",
    )
    services.hide_comment(
        by=coordinator, comment=spam, reason="Hors sujet (demande de l'auteur)"
    )
    memorandum = current_memorandum()
    adopted = []
    for draft in Draft.objects.filter(process=process).order_by("id")[:2]:
        adopted.append(
            services.adopt_draft(by=coordinator, draft=draft, memorandum=memorandum)
        )
    government = Authority.objects.get(slug="gouvernement-federal")
    barometer.create_commitment(
        by=coordinator,
        authority=government,
        recommendations=[adopted[0]],
        title="Financer un projet pilote de médiation en santé",
        committed_on=today - d(20),
        status="in_progress",
        source_url="https://www.example.org/conseil-des-ministres",
    )
    return (
        f"{Process.objects.count()} processes, {Draft.objects.count()} drafts, "
        f"{len(adopted)} adopted"
    )


def _event(slug, title, day, organiser, kind):
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        event = Event.objects.create(
            slug=slug,
            title=title,
            title_fr=title,
            kind=kind,
            starts_at=_at(day, 13),
            ends_at=_at(day, 16),
            municipality=Municipality.objects.get(nis_code="21004"),
            venue="SPP Intégration sociale, Bruxelles",
            capacity=40,
        )
        event.organisers.set([organiser])
        refresh_search(event)
        Event.objects.filter(pk=event.pk).update(search_text=event.search_text)
    return event
