"""Pages, team members, campaigns, cases and label decisions without /admin/."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from plaidoyer.campaigns.models import Campaign, Case, Evidence, LabelApplication
from plaidoyer.core.models import AuditLog
from plaidoyer.news.models import Page, TeamMember

pytestmark = pytest.mark.django_db

BAD_TEXTS = ["", "x" * 100_000]


def url(name, lang="fr", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def test_coordinator_creates_and_edits_a_page(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        url("workspace:page_create"),
        {
            "title_fr": "Qui sommes-nous",
            "body_fr": "<p>Un</p><p>Deux</p><script>alert(1)</script>",
            "in_menu": "on",
            "position": 0,
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    page = Page.objects.get()
    assert page.slug == "qui-sommes-nous"
    assert "<script>" not in page.body_fr and "<p>Deux</p>" in page.body_fr
    client.post(
        url("workspace:page_edit", pk=page.pk),
        {"title_fr": "Qui nous sommes", "slug": page.slug, "position": 1},
    )
    page.refresh_from_db()
    assert page.title_fr == "Qui nous sommes" and not page.is_published
    assert AuditLog.objects.filter(action__startswith="workspace.").count() == 2
    assert client.get("/fr/pages/qui-sommes-nous/").status_code == 404


@pytest.mark.parametrize("title", BAD_TEXTS)
def test_bad_page_titles_save_nothing(client, coordinator, title):
    client.force_login(coordinator)
    response = client.post(
        url("workspace:page_create"), {"title_fr": title, "position": 0}
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not Page.objects.exists()


def test_a_page_cannot_be_its_own_parent(client, coordinator):
    page = Page.objects.create(slug="a", title_fr="A")
    client.force_login(coordinator)
    response = client.post(
        url("workspace:page_edit", pk=page.pk),
        {"title_fr": "A", "slug": "a", "parent": page.pk, "position": 0},
    )
    assert response.status_code == 400
    page.refresh_from_db()
    assert page.parent_id is None


def test_coordinator_manages_team_members(client, coordinator):
    page = Page.objects.create(slug="equipe", title_fr="Équipe")
    client.force_login(coordinator)
    client.post(
        url("workspace:team_create"),
        {"page": page.pk, "name": "Awa", "role_fr": "Coordinatrice", "position": 0},
    )
    member = TeamMember.objects.get()
    assert member.role_fr == "Coordinatrice"
    assert "Awa" in client.get(url("workspace:team")).content.decode()
    client.post(url("workspace:team_delete", pk=member.pk))
    assert not TeamMember.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "position": 0},
        {"name": "x" * 100_000, "position": 0},
        {"name": "<b>A</b>", "position": 0, "page": "999999"},
        {"name": "A", "position": "abc", "page": "1"},
    ],
)
def test_bad_team_members_save_nothing(client, coordinator, data):
    client.force_login(coordinator)
    response = client.post(url("workspace:team_create"), data)
    assert response.status_code == 400
    assert not TeamMember.objects.exists()


def _campaign_data(campaign, **changes):
    return {
        "title_fr": campaign.title_fr,
        "opens_at": campaign.opens_at.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": campaign.closes_at.strftime("%Y-%m-%dT%H:%M"),
        "collects_letters": "on",
        "goal": 500,
        "is_published": "on",
        **changes,
    }


def test_coordinator_changes_campaign_settings(client, coordinator, campaign):
    client.force_login(coordinator)
    response = client.post(
        url("workspace:campaign_edit", slug=campaign.slug),
        _campaign_data(campaign),
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.goal == 500 and not campaign.collects_signatures


def test_a_campaign_that_closes_before_it_opens_is_refused(
    client, coordinator, campaign
):
    client.force_login(coordinator)
    data = _campaign_data(
        campaign,
        closes_at=campaign.opens_at.replace(year=2000).strftime("%Y-%m-%dT%H:%M"),
    )
    response = client.post(url("workspace:campaign_edit", slug=campaign.slug), data)
    assert response.status_code == 400
    campaign.refresh_from_db()
    assert campaign.goal == 100


def test_coordinator_adds_and_edits_a_case(client, coordinator, campaign):
    client.force_login(coordinator)
    client.post(
        url("workspace:case_create", slug=campaign.slug),
        {
            "name": "Ana María",
            "country": "Chile",
            "story_fr": "<p>Histoire</p>",
            "position": 3,
        },
    )
    case = Case.objects.get(campaign=campaign, name="Ana María")
    assert case.slug == "ana-maria"
    client.post(
        url("workspace:case_edit", slug=campaign.slug, pk=case.pk),
        {"name": "Ana María", "slug": "ana-maria", "country": "Perú", "position": 3},
    )
    case.refresh_from_db()
    assert case.country == "Perú"


def test_a_case_of_another_campaign_is_not_found(client, coordinator, campaign):
    other = Campaign.objects.create(
        slug="autre",
        title_fr="Autre",
        opens_at=campaign.opens_at,
        closes_at=campaign.closes_at,
    )
    case = campaign.cases.first()
    client.force_login(coordinator)
    response = client.get(url("workspace:case_edit", slug=other.slug, pk=case.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("name", BAD_TEXTS)
def test_bad_cases_save_nothing(client, coordinator, campaign, name):
    client.force_login(coordinator)
    count = Case.objects.count()
    response = client.post(
        url("workspace:case_create", slug=campaign.slug),
        {"name": name, "position": 0},
    )
    assert response.status_code == 400
    assert Case.objects.count() == count


@pytest.fixture
def application(label_criterion, make_organisation, make_user):
    from plaidoyer.organisations.models import Staff

    school = make_organisation("Haute École", kind="school")
    Staff.objects.create(
        user=make_user("school@example.org", language="nl"), organisation=school
    )
    application = LabelApplication.objects.create(
        programme=label_criterion.programme, year=2026, organisation=school
    )
    Evidence.objects.create(
        application=application, criterion=label_criterion, text="Nous le faisons."
    )
    return application


def test_coordinator_awards_a_label_from_the_list(client, coordinator, application):
    client.force_login(coordinator)
    body = client.get(url("workspace:labels")).content.decode()
    assert "Nous le faisons." in body
    client.post(url("workspace:label_accept", pk=application.pk))
    application.refresh_from_db()
    assert application.status == "awarded"


def test_a_label_without_evidence_cannot_be_awarded(client, coordinator, application):
    application.evidence.all().delete()
    client.force_login(coordinator)
    response = client.post(
        url("workspace:label_accept", pk=application.pk), follow=True
    )
    assert "criterion" in response.content.decode() or "critère" in (
        response.content.decode()
    )
    application.refresh_from_db()
    assert application.status == "candidate"


def test_refusing_a_label_needs_a_reason_which_is_emailed(
    client, coordinator, application, capture
):
    client.force_login(coordinator)
    refuse = url("workspace:label_refuse", pk=application.pk)
    client.post(refuse, {"reason": ""})
    client.post(refuse, {"reason": "x" * 100_000})
    application.refresh_from_db()
    assert application.status == "candidate"
    with capture(execute=True):
        client.post(refuse, {"reason": "Pas de preuve vérifiable."})
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert mail.outbox[-1].to == ["school@example.org"]
    assert "Pas de preuve vérifiable." in mail.outbox[-1].body


def test_forged_application_ids_are_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.post("/fr/workspace/labels/99999999/accept/").status_code == 404
