"""A coordinator's day, from the dashboard, with the test client: every daily task of
the workspace is done without requesting or even seeing an /admin/ address."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from plaidoyer.campaigns.models import Evidence, LabelApplication, PaperBatch
from plaidoyer.news.models import Page, TeamMember
from plaidoyer.organisations.models import Organisation
from plaidoyer.workspace.models import AccountRequest, Invitation

pytestmark = pytest.mark.django_db


class Walker:
    """A client that records every address it requests and every page it reads."""

    def __init__(self, client: Client):
        self.client = client
        self.requested: list[str] = []
        self.page = ""

    def _keep(self, response):
        self.requested += [address for address, _ in response.redirect_chain]
        body = response.content.decode()
        assert "/admin/" not in body, response.request["PATH_INFO"]
        self.page = body
        return response

    def get(self, path):
        self.requested.append(path)
        response = self.client.get(path, follow=True)
        assert response.status_code == 200, path
        return self._keep(response)

    def post(self, path, data=None):
        self.requested.append(path)
        return self._keep(self.client.post(path, data or {}, follow=True))

    def link(self, pattern: str) -> str:
        """The first link of the page whose address matches ``pattern``."""
        for href in re.findall(r'(?:href|action)="([^"]+)"', self.page):
            if re.search(pattern, href):
                return href
        raise AssertionError(f"no link matching {pattern}")


def test_every_daily_task_without_admin(
    client,
    coordinator,
    staff_user,
    make_batch,
    campaign,
    label_criterion,
    make_organisation,
    capture,
):
    batch = make_batch(by=staff_user, letters=12)
    school = make_organisation("École des Ponts", kind="school")
    application = LabelApplication.objects.create(
        programme=label_criterion.programme, year=2026, organisation=school
    )
    Evidence.objects.create(
        application=application, criterion=label_criterion, text="Oui."
    )
    request = AccountRequest.objects.create(
        name="R", email="r@example.org", kind="municipality", organisation_name="Namur"
    )
    empty = make_organisation("Sans personne")
    Page.objects.create(slug="equipe", title_fr="Équipe")

    client.force_login(coordinator)
    walk = Walker(client)
    dashboard = "/fr/workspace/"

    # Paper batches: from the dashboard's count to the review page.
    walk.get(dashboard)
    walk.get(walk.link(r"/campaigns/marathon/review/"))
    walk.post(walk.link(r"/review/validate/"), {"batch": batch.pk})
    assert PaperBatch.objects.get(pk=batch.pk).status == "validated"

    # A label decision.
    walk.get(dashboard)
    walk.get(walk.link(r"/workspace/labels/$"))
    walk.post(walk.link(rf"/labels/{application.pk}/accept/"))
    application.refresh_from_db()
    assert application.status == "awarded"

    # A new page and a new team member.
    walk.get(dashboard)
    walk.get(walk.link(r"/workspace/pages/new/"))
    walk.post("/fr/workspace/pages/new/", {"title_fr": "Charte", "position": 0})
    assert Page.objects.filter(slug="charte").exists()
    walk.get(dashboard)
    walk.get(walk.link(r"/workspace/team/new/"))
    page = Page.objects.get(slug="equipe")
    walk.post(
        "/fr/workspace/team/new/", {"page": page.pk, "name": "Awa", "position": 0}
    )
    assert TeamMember.objects.filter(name="Awa").exists()

    # A campaign case and the campaign's settings.
    walk.get(dashboard)
    walk.get(walk.link(r"/workspace/campaigns/$"))
    case_form = walk.link(r"/cases/new/")
    settings_form = walk.link(r"/workspace/campaigns/marathon/$")
    walk.get(case_form)
    walk.post(case_form, {"name": "Nasrin", "position": 5})
    assert campaign.cases.filter(name="Nasrin").exists()
    walk.get(settings_form)
    walk.post(
        settings_form,
        {
            "title_fr": "Marathon 2026",
            "opens_at": campaign.opens_at.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": campaign.closes_at.strftime("%Y-%m-%dT%H:%M"),
            "collects_letters": "on",
            "is_published": "on",
        },
    )
    campaign.refresh_from_db()
    assert campaign.title_fr == "Marathon 2026"

    # An account request approved; an organisation's first staff invited.
    walk.get(dashboard)
    walk.get(walk.link(r"/workspace/account-requests/$"))
    with capture(execute=True):
        walk.post(walk.link(rf"/account-requests/{request.pk}/approve/"))
    assert Invitation.objects.filter(email="r@example.org").exists()
    walk.get(f"/fr/workspace/organisations/{empty.slug}/colleagues/")
    with capture(execute=True):
        walk.post(
            walk.link(r"/colleagues/invite/"),
            {"email": "first@example.org", "language": "fr", "role": "manager"},
        )
    assert Invitation.objects.filter(organisation=empty).exists()

    # Organisations from a CSV file; the other management pages.
    walk.get(dashboard)
    walk.get(walk.link(r"/workspace/organisations/import/"))
    csv = b"name_fr,kind\nNouvelle ASBL,association\n"
    walk.post(
        "/fr/workspace/organisations/import/",
        {"file": SimpleUploadedFile("o.csv", csv, content_type="text/csv")},
    )
    assert Organisation.objects.filter(name_fr="Nouvelle ASBL").exists()
    walk.get(dashboard)
    for pattern in (
        r"/events/mine/",
        r"/personal-data/lookup/",
        r"/status-updates/new/",
    ):
        walk.get(dashboard)
        walk.get(walk.link(pattern))

    assert walk.requested and not [p for p in walk.requested if "/admin/" in p]
