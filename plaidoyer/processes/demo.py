"""Demo: the Belgian national Roma platform's participatory dialogue (launched May 2016),
its steering committee, four thematic meetings and two round tables, drafts with
endorsements and comments, two of them adopted into the memorandum and tracked on
the barometer. Dates around today keep the consultation open.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from plaidoyer.accounts.demo import COORDINATOR_EMAIL, demo_user
from plaidoyer.accounts.models import User
from plaidoyer.commitments import services as barometer
from plaidoyer.commitments.models import (
    Authority,
    Commitment,
    MemorandumItem,
    Sector,
)
from plaidoyer.commitments.selectors import current_memorandum
from plaidoyer.core.demo_tools import fill_translations
from plaidoyer.core.text import in_each_language
from plaidoyer.events.models import Event
from plaidoyer.events.services import refresh_search
from plaidoyer.organisations.demo import demo_organisation
from plaidoyer.organisations.models import Organisation, Staff
from plaidoyer.places.models import Municipality

from . import services
from .demo_texts import (
    AMENDMENT,
    AREAS,
    COMMITMENT_TITLE,
    MEETING_MINUTES,
    MEETING_TITLE,
    ORGANISATIONS,
    PHASES,
    PROCESS,
    ROUND_TABLE_MINUTES,
    ROUND_TABLES,
)
from .models import Draft, Meeting, Phase, Process, ProcessMember

BRUSSELS = ZoneInfo("Europe/Brussels")
LANGUAGES = ("fr", "nl", "en", "de")


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BRUSSELS)


def load() -> str:
    existing = Process.objects.filter(slug="plateforme-nationale-roms").first()
    if existing is not None:
        _complete_translations(existing)
        return f"{Process.objects.count()} processes (already loaded)"
    today = timezone.localdate()
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    orgs = {
        slug: demo_organisation(slug, names, kind, town)
        for slug, (names, kind, town) in ORGANISATIONS.items()
    }
    contact_point = orgs["point-de-contact-national-roms"]
    steering = [
        (
            contact_point,
            "organiser",
            "Point de contact national, SPP Intégration sociale",
        ),
        (Organisation.objects.get(slug="unia"), "steering", "Unia"),
        (
            orgs["brulocalis"],
            "steering",
            "Association des pouvoirs locaux (Bruxelles)",
        ),
        (orgs["uvcw"], "steering", "Association des pouvoirs locaux (Wallonie)"),
        (orgs["vvsg"], "steering", "Association des pouvoirs locaux (Flandre)"),
    ]
    roma = Organisation.objects.get(slug="plateforme-nationale-roms")
    participants = [
        roma,
        Organisation.objects.get(slug="mrax"),
        Organisation.objects.get(slug="cai-namur"),
        orgs["association-romani-liege"],
        orgs["romano-dialogue-gent"],
    ]
    process = Process.objects.create(
        slug="plateforme-nationale-roms",
        **in_each_language("title", *PROCESS["title"]),
        **in_each_language("description", *PROCESS["description"]),
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
    for kind, names, (start, end), texts in PHASES:
        Phase.objects.create(
            process=process,
            kind=kind,
            **in_each_language("name", *names),
            **in_each_language("description", *texts),
            starts_on=today + d(start),
            ends_on=today + d(end),
        )
    sofie = demo_user(
        "sofie.janssens@integratie.example.org", "Sofie Janssens", language="nl"
    )
    Staff.objects.get_or_create(user=sofie, organisation=contact_point)
    roma_staff = demo_user("dragan.nikolic@roma.example.org", "Dragan Nikolić")
    Staff.objects.get_or_create(user=roma_staff, organisation=roma)
    cai_staff = User.objects.get(email="claire.dubois@cai.example.org")

    meetings = []
    for i, (slug, areas, _drafts) in enumerate(AREAS):
        event = _event(
            f"roms-rencontre-{slug}",
            _with_area(MEETING_TITLE, areas),
            today - d(280 - 60 * i),
            contact_point,
            "thematic_meeting",
        )
        meetings.append(Meeting.objects.create(process=process, event=event))
    for slug, titles, days in ROUND_TABLES:
        event = _event(
            f"roms-{slug}", titles, today + d(days), contact_point, "round_table"
        )
        meetings.append(Meeting.objects.create(process=process, event=event))
    for meeting, (slug, areas, drafts) in zip(meetings[:4], AREAS, strict=True):
        services.close_meeting(
            by=coordinator,
            meeting=meeting,
            minutes=dict(
                zip(LANGUAGES, _with_area(MEETING_MINUTES, areas), strict=True)
            ),
            attendance_count=18 + 3 * meetings.index(meeting),
            attending_organisations=participants[:4],
        )
        sector = Sector.objects.get(slug=slug)
        for titles, texts in drafts:
            draft = services.propose_draft(
                by=coordinator,
                process=process,
                sector=sector,
                title=titles[0],
                text=texts[0],
                meeting=meeting,
            )
            # Drafts are proposed in French; the other languages come as a
            # translator would add them.
            fill_translations(draft, title=titles, text=texts)
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
        minutes=dict(zip(LANGUAGES, ROUND_TABLE_MINUTES, strict=True)),
        attendance_count=25,
        attending_organisations=[s[0] for s in steering],
    )
    first = Draft.objects.filter(process=process).order_by("id").first()
    services.amend_draft(
        by=coordinator,
        draft=first,
        title=first.title_fr,
        text=first.text_fr + AMENDMENT[0],
        note="Précision sur le statut des médiateurs",
    )
    first.refresh_from_db()
    Draft.objects.filter(pk=first.pk).update(
        **{
            f"text_{code}": getattr(first, f"text_{code}") + extra
            for code, extra in zip(LANGUAGES[1:], AMENDMENT[1:], strict=True)
        }
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
        title=COMMITMENT_TITLE[0],
        translations={
            f"title_{code}": text
            for code, text in zip(LANGUAGES, COMMITMENT_TITLE, strict=True)
        },
        committed_on=today - d(20),
        status="in_progress",
        source_url="https://www.example.org/conseil-des-ministres",
    )
    return (
        f"{Process.objects.count()} processes, {Draft.objects.count()} drafts, "
        f"{len(adopted)} adopted"
    )


def _with_area(templates: tuple, areas: tuple) -> tuple:
    return tuple(
        template.format(area=area, area_lower=area.lower())
        for template, area in zip(templates, areas, strict=True)
    )


def _event(slug, titles, day, organiser, kind):
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        event = Event.objects.create(
            slug=slug,
            **in_each_language("title", *titles),
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
    return fill_translations(event, title=titles)


def _complete_translations(process: Process) -> None:
    """Give an older demo's dialogue, found by its French texts, the languages it
    lacked."""
    fill_translations(process, **PROCESS)
    for slug, (names, kind, town) in ORGANISATIONS.items():
        demo_organisation(slug, names, kind, town)
    for kind, names, _days, texts in PHASES:
        for phase in process.phases.filter(kind=kind):
            fill_translations(phase, name=names, description=texts)
    drafts = {
        titles[0]: (titles, texts)
        for _slug, _areas, pairs in AREAS
        for titles, texts in pairs
    }
    for draft in Draft.objects.filter(process=process):
        if draft.title_fr in drafts:
            titles, texts = drafts[draft.title_fr]
            if draft.text_fr != texts[0]:  # amended
                texts = tuple(
                    text + extra for text, extra in zip(texts, AMENDMENT, strict=True)
                )
            fill_translations(draft, title=titles, text=texts)
            if draft.adopted_as_id:
                fill_translations(draft.adopted_as, title=titles, text=texts)
                for item in MemorandumItem.objects.filter(
                    recommendation=draft.adopted_as
                ):
                    fill_translations(item, title=titles, text=texts)
    for slug, areas, _drafts in AREAS:
        meeting = process.meetings.filter(event__slug=f"roms-rencontre-{slug}").first()
        if meeting is not None:
            fill_translations(meeting.event, title=_with_area(MEETING_TITLE, areas))
            fill_translations(meeting, minutes=_with_area(MEETING_MINUTES, areas))
    for slug, titles, _days in ROUND_TABLES:
        meeting = process.meetings.filter(event__slug=f"roms-{slug}").first()
        if meeting is not None:
            fill_translations(meeting.event, title=titles)
            if meeting.minutes_fr == ROUND_TABLE_MINUTES[0]:
                fill_translations(meeting, minutes=ROUND_TABLE_MINUTES)
    for commitment in Commitment.objects.filter(title_fr=COMMITMENT_TITLE[0]):
        fill_translations(commitment, title=COMMITMENT_TITLE)
