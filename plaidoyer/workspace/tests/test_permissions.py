"""Every workspace URL for the four roles: anonymous, staff of organisation A,
staff of organisation B, coordinator. Writes are checked to change nothing."""

import pytest
from django.urls import reverse
from django.utils import translation

from plaidoyer.news.models import Page, TeamMember
from plaidoyer.organisations.models import Staff
from plaidoyer.workspace.models import AccountRequest, Invitation

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff_a", "staff_b", "coordinator"]
COORDINATOR_ONLY = {"anonymous": 302, "staff_a": 403, "staff_b": 403}
STAFF_OF_A = {"anonymous": 302, "staff_a": None, "staff_b": 403, "coordinator": None}


@pytest.fixture
def objects(campaign, label_criterion, organisation):
    from plaidoyer.campaigns.models import LabelApplication

    page = Page.objects.create(slug="p", title_fr="P")
    return {
        "page": page,
        "member": TeamMember.objects.create(page=page, name="M"),
        "campaign": campaign,
        "case": campaign.cases.first(),
        "application": LabelApplication.objects.create(
            programme=label_criterion.programme, year=2026, organisation=organisation
        ),
        "request": AccountRequest.objects.create(
            name="R", email="r@example.org", kind="school", organisation_name="S"
        ),
    }


def url(name, **kwargs):
    with translation.override("fr"):
        return reverse(name, kwargs=kwargs or None)


def _coordinator_pages(o):
    return [
        url("workspace:pages"),
        url("workspace:page_create"),
        url("workspace:page_edit", pk=o["page"].pk),
        url("workspace:team"),
        url("workspace:team_create"),
        url("workspace:team_edit", pk=o["member"].pk),
        url("workspace:campaigns"),
        url("workspace:campaign_edit", slug=o["campaign"].slug),
        url("workspace:case_create", slug=o["campaign"].slug),
        url("workspace:case_edit", slug=o["campaign"].slug, pk=o["case"].pk),
        url("workspace:labels"),
        url("workspace:account_requests"),
    ]


def _coordinator_writes(o):
    return [
        (url("workspace:team_delete", pk=o["member"].pk), {}),
        (url("workspace:label_accept", pk=o["application"].pk), {}),
        (url("workspace:label_refuse", pk=o["application"].pk), {"reason": "Non"}),
        (url("workspace:account_request_approve", pk=o["request"].pk), {}),
        (url("workspace:account_request_refuse", pk=o["request"].pk), {"reason": "N"}),
        (url("workspace:page_edit", pk=o["page"].pk), {"title_fr": "Changed"}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_coordinator_pages_and_writes(as_role, role, objects):
    client = as_role(role)
    expected = COORDINATOR_ONLY.get(role, 200)
    for address in _coordinator_pages(objects):
        assert client.get(address).status_code == expected, address
    if role == "coordinator":
        return
    for address, data in _coordinator_writes(objects):
        assert client.post(address, data).status_code == expected, address
    assert TeamMember.objects.exists()
    assert Page.objects.get().title_fr == "P"
    assert AccountRequest.objects.get().status == "pending"
    objects["application"].refresh_from_db()
    assert objects["application"].status == "candidate"


@pytest.mark.parametrize("role", ROLES)
def test_colleagues_of_organisation_a(as_role, role, organisation, make_user):
    client = as_role(role)
    expected = STAFF_OF_A[role]
    colleague = Staff.objects.create(
        user=make_user("col@example.org"), organisation=organisation
    )
    slug = organisation.slug
    page = client.get(url("workspace:colleagues", slug=slug))
    assert page.status_code == (expected or 200)
    invite = client.post(
        url("workspace:colleague_invite", slug=slug),
        {"email": "x@example.org", "language": "fr", "role": "editor"},
    )
    assert invite.status_code == (expected or 302)
    assert Invitation.objects.exists() == (expected is None)
    invitation = Invitation.objects.first()
    if invitation:
        revoke = client.post(
            url("workspace:invitation_revoke", slug=slug),
            {"invitation": invitation.pk},
        )
        assert revoke.status_code == 302
    remove = client.post(
        url("workspace:colleague_remove", slug=slug), {"staff": colleague.pk}
    )
    assert remove.status_code == (expected or 302)
    assert Staff.objects.filter(pk=colleague.pk).exists() == (expected is not None)


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_and_public_pages(as_role, role):
    client = as_role(role)
    dashboard = client.get(url("workspace:dashboard"))
    assert dashboard.status_code == (302 if role == "anonymous" else 200)
    assert client.get(url("workspace:account_request")).status_code == 200
    assert client.get(url("workspace:invitation", token="x" * 43)).status_code == 404
