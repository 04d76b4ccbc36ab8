"""The dashboards are cached per language and user (workspace.views.dashboard):
each kind of write that changes what a panel shows must show right after it.

Every test renders the dashboard first (so the panel is cached), writes through
the service, and renders again.
"""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plaidoyer.accounts.services import update_own_profile
from plaidoyer.campaigns import services as campaigns
from plaidoyer.campaigns.models import LabelApplication
from plaidoyer.commitments.models import Commitment
from plaidoyer.commitments.services import record_status_update
from plaidoyer.events.services import register_participant
from plaidoyer.news import services as news
from plaidoyer.news.models import Article, Newsletter
from plaidoyer.organisations.models import Staff
from plaidoyer.organisations.services import add_staff, save_organisation
from plaidoyer.processes.services import propose_draft
from plaidoyer.workspace import services
from plaidoyer.workspace.models import AccountRequest, Invitation, token_digest

pytestmark = pytest.mark.django_db

DASHBOARD = "/fr/workspace/"


def page(client) -> str:
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def count(client, key: str) -> int:
    """The count of the coordinator's task ``key`` (0 when not listed)."""
    found = re.search(
        rf'data-task="{re.escape(key)}"><strong class="count">(\d+)</strong>',
        page(client),
    )
    return int(found.group(1)) if found else 0


@pytest.fixture
def boss(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


# --- The coordinator's tasks ------------------------------------------------------


def test_a_submitted_then_reviewed_batch_shows_at_once(
    boss, coordinator, staff_user, make_batch
):
    assert count(boss, "batches") == 0
    batch = make_batch(by=staff_user, letters=3)
    assert count(boss, "batches") == 1
    campaigns.review_batch(by=coordinator, batch=batch, validate=True)
    assert count(boss, "batches") == 0


def test_a_decided_label_application_leaves_at_once(
    boss, coordinator, label_criterion, organisation
):
    application = LabelApplication.objects.create(
        programme=label_criterion.programme, year=2026, organisation=organisation
    )
    assert count(boss, "labels") == 1
    campaigns.decide_application(
        by=coordinator, application=application, status="withdrawn"
    )
    assert count(boss, "labels") == 0


def test_account_requests_show_and_leave_at_once(boss, coordinator):
    assert count(boss, "requests") == 0
    request = services.request_account(
        name="Anke",
        email="anke@gemeente.example",
        kind="municipality",
        organisation_name="Gemeente X",
        municipality=None,
        role="Schepen",
        message="",
        language="nl",
        ip=None,
    )
    assert count(boss, "requests") == 1
    services.refuse_account_request(
        by=coordinator, account_request=request, reason="Geen gemeente."
    )
    assert count(boss, "requests") == 0


def test_a_member_proposal_shows_at_once(boss, staff_user, organisation):
    assert count(boss, "proposals") == 0
    news.propose_article(
        by=staff_user,
        article=Article(title_fr="Permanence", summary_fr="Chaque mardi."),
        organisation=organisation,
    )
    assert count(boss, "proposals") == 1


def test_a_newsletter_draft_shows_and_leaves_when_scheduled(boss, coordinator):
    assert count(boss, "newsletters") == 0
    letter = news.save_newsletter(
        by=coordinator, newsletter=Newsletter(subject_fr="Juin")
    )
    assert count(boss, "newsletters") == 1
    news.schedule_newsletter(
        by=coordinator,
        newsletter=letter,
        at=timezone.now() + datetime.timedelta(days=1),
    )
    assert count(boss, "newsletters") == 0


def test_session_requests_show_and_leave_at_once(boss, coordinator, campaign):
    assert count(boss, "session_requests") == 0
    request = campaigns.request_session(
        campaign=campaign,
        kind="school",
        name="Anke",
        email="anke@school.example",
        organisation_name="Sint-Jozefschool",
        town="Namur",
        participants=25,
        date_wish=timezone.localdate() + datetime.timedelta(days=10),
        message="",
        language="nl",
    )
    assert count(boss, "session_requests") == 1
    campaigns.refuse_session_request(
        by=coordinator, session_request=request, reason="Geen begeleider vrij"
    )
    assert count(boss, "session_requests") == 0


def test_a_held_action_shows_then_leaves_when_cleared(boss, coordinator, campaign):
    assert count(boss, "held") == 0
    submission = campaigns.submit_action(
        case=campaign.cases.get(slug="ana"),
        kind="signature",
        name="An",
        email="an@example.org",
        postcode="9000",
        seconds_on_form=0.1,  # too fast for a person: held for review
    )
    assert submission.action.flagged
    assert count(boss, "held") == 1
    campaigns.clear_flagged(by=coordinator, actions=[submission.action])
    assert count(boss, "held") == 0


def test_a_status_update_takes_a_commitment_off_the_stale_list(
    boss, coordinator, barometer
):
    commitment = Commitment.objects.first()
    Commitment.objects.filter(pk=commitment.pk).update(
        last_update_on=datetime.date(2020, 1, 1)
    )
    before = count(boss, "stale")
    assert before >= 1
    record_status_update(
        by=coordinator,
        commitment=commitment,
        date=timezone.localdate(),
        status="in_progress",
    )
    assert count(boss, "stale") == before - 1


def test_a_draft_to_adopt_shows_at_once(boss, process):
    assert count(boss, "drafts") == 0
    propose_draft(
        by=process["steering_user"],
        process=process["process"],
        sector=process["sector"],
        title="Des médiateurs de santé",
    )
    assert count(boss, "drafts") == 1


# --- The staff panel ----------------------------------------------------------------


def test_invitations_show_then_leave_when_revoked(staff, staff_user, organisation):
    assert "new@example.org" not in page(staff)
    invitation = services.invite_colleague(
        by=staff_user, organisation=organisation, email="new@example.org", language="fr"
    )
    assert "new@example.org" in page(staff)
    services.revoke_invitation(by=staff_user, invitation=invitation)
    assert "new@example.org" not in page(staff)


def test_an_accepted_invitation_shows_the_new_colleague(staff, organisation):
    Invitation.objects.create(
        organisation=organisation,
        email="zoe@example.org",
        token_hash=token_digest("t" * 40),
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    assert "Zoé Nouvelle" not in page(staff)
    services.accept_invitation(
        token="t" * 40,
        full_name="Zoé Nouvelle",
        password="correct horse battery staple",
        language="fr",
    )
    assert "Zoé Nouvelle" in page(staff)


def test_a_removed_colleague_and_a_new_name_show_at_once(
    staff, staff_user, organisation, make_user
):
    colleague = make_user("zoe@example.org", full_name="Zoé Collègue")
    Staff.objects.create(user=colleague, organisation=organisation)
    assert "Zoé Collègue" in page(staff)
    update_own_profile(by=colleague, full_name="Zoé Renommée", language="fr")
    assert "Zoé Renommée" in page(staff)
    services.remove_colleague(
        by=staff_user,
        staff=Staff.objects.get(user=colleague, organisation=organisation),
    )
    assert "Zoé Renommée" not in page(staff)


def test_being_added_to_an_organisation_shows_it(
    client, coordinator, make_user, organisation
):
    user = make_user("new-staff@example.org")
    client.force_login(user)
    link = f'href="{organisation.get_absolute_url()}"'
    assert link not in page(client)
    add_staff(by=coordinator, organisation=organisation, user=user)
    assert link in page(client)


def test_a_profile_edit_changes_its_completeness(staff, staff_user, organisation):
    before = re.search(r"(\d+)\s*%", page(staff)).group(1)
    organisation.website = "https://example.org"
    save_organisation(by=staff_user, organisation=organisation)
    assert re.search(r"(\d+)\s*%", page(staff)).group(1) != before


def test_a_new_event_and_its_registrations_show_at_once(staff, make_event):
    assert "Table ronde" not in page(staff)
    event = make_event(title="Table ronde du jeudi", capacity=10)
    body = page(staff)
    assert "Table ronde du jeudi" in body
    assert "<td>0</td><td>0</td><td>0</td>" in body
    register_participant(event=event, name="Lotte", email="lotte@example.org")
    # Confirmed by email later: unconfirmed for now.
    assert "<td>0</td><td>0</td><td>1</td>" in page(staff)


def test_a_submitted_batch_shows_in_the_staff_panel_at_once(
    staff, staff_user, make_batch
):
    assert ": 17 / 4" not in page(staff)
    make_batch(by=staff_user, letters=17, drawings=4)
    assert ": 17 / 4" in page(staff)


# --- Queries ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "staff_user"])
def test_building_the_panels_takes_the_same_queries_whatever_the_data(
    client, role, request, organisation, staff_user, make_batch, make_event
):
    """The cold path (nothing cached) is constant too, not only the cached one."""
    client.force_login(request.getfixturevalue(role))
    counts = []
    for n in (1, 6):
        for i in range(n):
            make_batch(by=staff_user, letters=i + 1)
            event = make_event()
            register_participant(event=event, name="A", email=f"a{n}{i}@example.org")
            AccountRequest.objects.create(
                name="X", email=f"x{n}{i}@example.org", kind="school"
            )
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            page(client)
        counts.append(len(queries))
    assert counts[0] == counts[1]
