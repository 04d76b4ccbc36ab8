"""Fixtures shared by every app's tests."""

import pytest


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Give each test an empty cache, its own media directory, and the default
    language back (a request activates its page's language in this thread)."""
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def make_user(db):
    from plaidoyer.accounts.models import User

    def make(email="person@example.org", **extra):
        extra.setdefault("password", "correct horse battery staple")
        return User.objects.create_user(email=email, **extra)

    return make


@pytest.fixture
def coordinator(make_user):
    return make_user(
        "coordinator@example.org",
        is_coordinator=True,
        is_staff=True,
        full_name="Coordinator",
    )


@pytest.fixture
def platform_admin(make_user):
    return make_user(
        "admin@example.org", is_superuser=True, is_staff=True, is_coordinator=True
    )


@pytest.fixture
def theme(db):
    from plaidoyer.organisations.models import Theme

    theme, _ = Theme.objects.update_or_create(
        slug="logement",
        defaults={
            "name_fr": "Logement",
            "name_nl": "Huisvesting",
            "name_en": "Housing",
            "name_de": "Wohnen",
        },
    )
    return theme


@pytest.fixture
def make_organisation(db, coordinator):
    from plaidoyer.organisations.models import Organisation
    from plaidoyer.organisations.services import save_organisation
    from plaidoyer.places.models import Municipality

    def make(name="Maison de quartier", *, municipality="92094", themes=(), **fields):
        organisation = Organisation(
            name_fr=name,
            kind=fields.pop("kind", Organisation.Kind.ASSOCIATION),
            municipality=Municipality.objects.get(nis_code=municipality)
            if municipality
            else None,
            **fields,
        )
        return save_organisation(
            by=coordinator, organisation=organisation, themes=list(themes)
        )

    return make


@pytest.fixture
def organisation(make_organisation):
    return make_organisation(
        "Centre d'Action Interculturelle",
        acronym="CAI",
        description_fr="Centre régional d'intégration.",
    )


@pytest.fixture
def staff_user(make_user, organisation):
    from plaidoyer.organisations.models import Staff

    user = make_user("staff@example.org", full_name="Staff Member")
    Staff.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def barometer(db, coordinator):
    """A published memorandum of three recommendations, two authorities, one commitment."""
    import datetime

    from plaidoyer.commitments import services
    from plaidoyer.commitments.models import (
        Authority,
        Level,
        Memorandum,
        MemorandumItem,
        Recommendation,
        Sector,
    )

    federal = Level.objects.create(
        slug="federal",
        tier="federal",
        name_fr="Fédéral",
        name_nl="Federaal",
        position=0,
    )
    communes = Level.objects.create(
        slug="communes",
        tier="municipality",
        name_fr="Communes",
        name_nl="Gemeenten",
        position=8,
    )
    employment = Sector.objects.create(
        slug="emploi", code="EMP", name_fr="Emploi", name_nl="Werk"
    )
    housing = Sector.objects.create(
        slug="logement",
        code="LOG",
        name_fr="Logement",
        name_nl="Huisvesting",
        position=1,
    )
    memorandum = Memorandum.objects.create(
        title_fr="Mémorandum", slug="memorandum-2023", edition=1, year=2023
    )
    recs = {}
    for code, sector, title_fr, title_nl, levels in [
        (
            "EMP-01",
            employment,
            "Généraliser les tests de situation",
            "Praktijktests veralgemenen",
            [federal],
        ),
        (
            "EMP-02",
            employment,
            "Plans de diversité obligatoires",
            "Verplichte diversiteitsplannen",
            [federal],
        ),
        (
            "LOG-01",
            housing,
            "Contrôler les discriminations au logement",
            "Discriminatie op de huurmarkt controleren",
            [communes],
        ),
    ]:
        rec = services.save_recommendation(
            by=coordinator,
            recommendation=Recommendation(
                code=code, sector=sector, title_fr=title_fr, title_nl=title_nl
            ),
            levels=levels,
        )
        MemorandumItem.objects.create(
            memorandum=memorandum,
            recommendation=rec,
            title_fr=title_fr,
            title_nl=title_nl,
        )
        recs[code] = rec
    services.publish_memorandum(by=coordinator, memorandum=memorandum)
    government = Authority.objects.create(
        slug="gouvernement-federal",
        kind="government",
        level=federal,
        name_fr="Gouvernement fédéral",
        name_nl="Federale regering",
    )
    namur = Authority.objects.create(
        slug="ville-de-namur",
        kind="municipality",
        level=communes,
        name_fr="Ville de Namur",
    )
    commitment = services.create_commitment(
        by=coordinator,
        authority=government,
        recommendations=[recs["EMP-01"]],
        title="Tests de situation dans le secteur public",
        committed_on=datetime.date(2024, 3, 1),
        status="announced",
        source_url="https://www.example.org/accord",
    )
    return {
        "memorandum": memorandum,
        "recs": recs,
        "government": government,
        "namur": namur,
        "commitment": commitment,
        "federal": federal,
        "communes": communes,
        "employment": employment,
        "housing": housing,
    }


@pytest.fixture
def make_event(db, organisation, coordinator):
    """Build a published event organised by ``organisation`` through the service."""
    import datetime

    from django.utils import timezone

    from plaidoyer.events.models import Event
    from plaidoyer.events.services import save_event

    counter = {"n": 0}

    def make(**fields):
        counter["n"] += 1
        starts = fields.pop("starts_at", timezone.now() + datetime.timedelta(days=10))
        event = Event(
            slug=fields.pop("slug", f"event-{counter['n']}"),
            title_fr=fields.pop("title", f"Table ronde {counter['n']}"),
            kind=fields.pop("kind", Event.Kind.ROUND_TABLE),
            starts_at=starts,
            ends_at=fields.pop("ends_at", starts + datetime.timedelta(hours=2)),
            **fields,
        )
        return save_event(by=coordinator, event=event, organisers=[organisation])

    return make


@pytest.fixture
def save_in_admin(coordinator):
    """Save ``obj`` through its admin change form, as a coordinator: the values the
    form shows, ``changes`` on top (date-times as aware datetimes), inlines left
    as they are."""
    import datetime

    from django.db.models.fields.files import FieldFile
    from django.test import Client
    from django.utils import timezone

    def save(obj, **changes):
        admin = Client()
        admin.force_login(coordinator)
        url = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"
        page = admin.get(url)
        data = {}
        initial = page.context["adminform"].form.initial
        for name, value in {**initial, **changes}.items():
            if isinstance(value, datetime.datetime):  # a SplitDateTimeWidget
                value = timezone.localtime(value)
                data[f"{name}_0"] = value.strftime("%d/%m/%Y")
                data[f"{name}_1"] = value.strftime("%H:%M:%S")
            elif (
                value is not None
                and not isinstance(value, FieldFile)
                and (name in changes or not isinstance(value, list))
            ):
                data[name] = value
        for formset in page.context["inline_admin_formsets"]:
            data[f"{formset.formset.prefix}-TOTAL_FORMS"] = "0"
            data[f"{formset.formset.prefix}-INITIAL_FORMS"] = "0"
        response = admin.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors

    return save


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (emails, tasks) inside a test transaction."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def campaign(db):
    """An open letter campaign with two cases."""
    import datetime

    from django.utils import timezone

    from plaidoyer.campaigns.models import Campaign, Case

    now = timezone.now()
    campaign = Campaign.objects.create(
        slug="marathon",
        title_fr="Marathon des lettres",
        title_nl="Schrijfmarathon",
        opens_at=now - datetime.timedelta(days=5),
        closes_at=now + datetime.timedelta(days=20),
        goal=100,
        collects_signatures=True,
    )
    Case.objects.create(
        campaign=campaign,
        slug="ana",
        name="Ana",
        country="Honduras",
        letter_template_fr="Libérez Ana.",
        position=0,
    )
    Case.objects.create(
        campaign=campaign, slug="karim", name="Karim", country="", position=1
    )
    return campaign


@pytest.fixture
def process(db, barometer, organisation, make_organisation, make_user, coordinator):
    """A process in its consultation phase with a steering member and two participants."""
    import datetime

    from django.utils import timezone

    from plaidoyer.events.models import Event
    from plaidoyer.organisations.models import Staff
    from plaidoyer.processes.models import Meeting, Phase, Process, ProcessMember

    today = timezone.localdate()
    process = Process.objects.create(slug="roms", title_fr="Plateforme Roms")
    steering_org = make_organisation("Point de contact", kind="public_body")
    outsider_org = make_organisation("Hors processus")
    ProcessMember.objects.create(
        process=process, organisation=steering_org, role="steering"
    )
    ProcessMember.objects.create(
        process=process, organisation=organisation, role="participant"
    )
    Phase.objects.create(
        process=process,
        kind="consultation",
        name_fr="Consultation",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=10),
    )
    steering_user = make_user("steering@example.org")
    Staff.objects.create(user=steering_user, organisation=steering_org)
    outsider = make_user("outsider@example.org")
    Staff.objects.create(user=outsider, organisation=outsider_org)
    starts = timezone.now() - datetime.timedelta(days=20)
    event = Event.objects.create(
        slug="rencontre-sante",
        title_fr="Rencontre santé",
        kind="thematic_meeting",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    event.organisers.set([steering_org])
    meeting = Meeting.objects.create(process=process, event=event)
    return {
        "process": process,
        "steering_user": steering_user,
        "outsider": outsider,
        "outsider_org": outsider_org,
        "steering_org": steering_org,
        "meeting": meeting,
        "sector": barometer["employment"],
        "memorandum": barometer["memorandum"],
    }


@pytest.fixture
def draft(process):
    """A draft proposed by the steering committee of ``process``."""
    from plaidoyer.processes.services import propose_draft

    return propose_draft(
        by=process["steering_user"],
        process=process["process"],
        sector=process["sector"],
        meeting=process["meeting"],
        title="Des médiateurs de santé",
        text="Dans chaque ville.",
    )


@pytest.fixture
def make_batch(campaign, organisation):
    """Submit a paper batch for ``campaign``'s first case, collected today by
    ``organisation`` in its municipality; keyword arguments change any of that."""
    from django.utils import timezone

    from plaidoyer.campaigns.services import submit_batch

    def make(*, by, letters, drawings=0, **changes):
        fields = {
            "campaign": campaign,
            "case": campaign.cases.first(),
            "organisation": organisation,
            "municipality": organisation.municipality,
            "collected_on": timezone.localdate(),
            **changes,
        }
        return submit_batch(by=by, letters=letters, drawings=drawings, **fields)

    return make


@pytest.fixture
def label_criterion(db):
    """The one criterion of the "Ville lumières" label programme."""
    from plaidoyer.campaigns.models import Criterion, LabelProgramme

    programme = LabelProgramme.objects.create(
        slug="ville-lumieres", name_fr="Ville lumières"
    )
    return Criterion.objects.create(programme=programme, text_fr="Adopter une personne")


@pytest.fixture
def audience_users(db, make_user, make_organisation, coordinator):
    """Someone of each audience of members-only content (core.visibility): the
    staff of a member organisation, of a steering committee member, of an
    organisation that is no member, and a coordinator."""
    from plaidoyer.organisations.models import Membership, Staff

    coalition = make_organisation("La Coalition", kind="network")
    users = {"coordinator": coordinator}
    for key, role in (("member", "member"), ("steering", "steering"), ("outsider", "")):
        organisation = make_organisation(f"Organisation {key}")
        if role:
            Membership.objects.create(member=organisation, network=coalition, role=role)
        users[key] = make_user(f"{key}@example.org")
        Staff.objects.create(user=users[key], organisation=organisation)
    return users
