import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from plaidoyer.campaigns.models import LabelApplication
from plaidoyer.events.models import Event, Registration
from plaidoyer.organisations.models import Staff
from plaidoyer.workspace import selectors
from plaidoyer.workspace.models import AccountRequest

pytestmark = pytest.mark.django_db


def url(name, lang="fr", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def test_login_leads_to_the_workspace(client, staff_user):
    response = client.post(
        url("accounts:login"),
        {"username": "staff@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("workspace:dashboard")


def test_header_links_to_the_workspace(client, staff_user):
    client.force_login(staff_user)
    body = client.get("/fr/").content.decode()
    assert f'href="{url("workspace:dashboard")}"' in body


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(url("workspace:dashboard"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_coordinator_sees_batches_to_review_with_a_link_to_the_review_page(
    client, coordinator, staff_user, make_batch, campaign
):
    make_batch(by=staff_user, letters=10)
    make_batch(by=staff_user, letters=5)
    client.force_login(coordinator)
    body = client.get(url("workspace:dashboard")).content.decode()
    review = url("campaigns:review", slug=campaign.slug)
    assert f'<strong class="count">2</strong> <a href="{review}">' in body


def test_coordinator_counts_every_waiting_task(
    client, coordinator, label_criterion, organisation
):
    LabelApplication.objects.create(
        programme=label_criterion.programme, year=2026, organisation=organisation
    )
    AccountRequest.objects.create(
        name="Ana", email="ana@example.org", kind="municipality", organisation_name="X"
    )
    tasks = {t.key: t for t in selectors.coordinator_tasks()}
    assert tasks["labels"].count == 1
    assert tasks["requests"].count == 1
    assert tasks["labels"].url == url("workspace:labels")
    assert tasks["newsletters"].url == "/fr/newsletters/"


def test_staff_dashboard_shows_missing_profile_fields_and_colleagues(
    client, staff_user, organisation, make_user
):
    colleague = make_user("colleague@example.org", full_name="Zoé Collègue")
    Staff.objects.create(user=colleague, organisation=organisation)
    client.force_login(staff_user)
    body = client.get(url("workspace:dashboard", "en")).content.decode()
    assert "Zoé Collègue" in body
    assert "missing website, public email" in body
    assert url("organisations:edit", "en", slug=organisation.slug) in body
    assert "What needs me now" not in body


def test_staff_dashboard_counts_registrations_of_upcoming_events(
    client, staff_user, make_event
):
    event = make_event()
    for n, status in enumerate(["confirmed", "confirmed", "waitlisted", "pending"]):
        Registration.objects.create(
            event=event, name=f"P{n}", email=f"p{n}@example.org", status=status
        )
    events = selectors.with_registration_counts(
        selectors.staff_panel(staff_user).events
    )
    assert [(e.registered, e.waiting, e.unconfirmed) for e in events] == [(2, 1, 1)]


def _grow(n, organisation, staff_user, make_batch, make_organisation, make_user):
    """Add n of everything the dashboards read."""
    start = timezone.now() + datetime.timedelta(days=3)
    for i in range(n):
        event = Event.objects.create(
            slug=f"e-{n}-{i}",
            title_fr=f"Événement {i}",
            kind=Event.Kind.choices[0][0],
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
        )
        event.organisers.add(organisation)
        Registration.objects.create(
            event=event, name="A", email=f"a{n}{i}@example.org", status="confirmed"
        )
        make_batch(by=staff_user, letters=i + 1)
        user = make_user(f"c{n}-{i}@example.org")
        Staff.objects.create(user=user, organisation=organisation)
        AccountRequest.objects.create(
            name="X", email=f"x{n}{i}@example.org", kind="school", organisation_name="S"
        )


@pytest.mark.parametrize("role", ["coordinator", "staff_user"])
def test_dashboard_queries_do_not_grow_with_the_data(
    client,
    role,
    request,
    organisation,
    staff_user,
    make_batch,
    make_organisation,
    make_user,
    campaign,
    process,
):
    user = request.getfixturevalue(role)
    if role == "coordinator":
        Staff.objects.get_or_create(user=user, organisation=organisation)
    client.force_login(user)
    counts = []
    for n in (1, 8):
        _grow(n, organisation, staff_user, make_batch, make_organisation, make_user)
        client.get(url("workspace:dashboard"))  # warm: session, data versions
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("workspace:dashboard")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 32  # one count per kind of waiting task
