"""Writing-session pages: who may open each, and what bad input gets."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from plaidoyer.campaigns import services
from plaidoyer.campaigns.models import PaperBatch, SessionRequest, WritingSession
from plaidoyer.events.models import Event
from plaidoyer.organisations.models import Staff

pytestmark = pytest.mark.django_db

BASE = "/fr/campaigns/marathon"


@pytest.fixture(autouse=True)
def trusted_host(organisation):
    """The hosting member is trusted: its sessions are public at once (an
    untrusted host's wait for a coordinator, as any member's event does)."""
    from plaidoyer.organisations.models import Organisation

    Organisation.objects.filter(pk=organisation.pk).update(trusted=True)
    organisation.trusted = True
    return organisation


@pytest.fixture
def other_staff(make_user, make_organisation):
    user = make_user("other@example.org")
    Staff.objects.create(user=user, organisation=make_organisation("Autre groupe"))
    return user


@pytest.fixture
def session(staff_user, campaign, organisation):
    starts = timezone.now() - datetime.timedelta(days=1)
    session = services.create_writing_session(
        by=staff_user,
        campaign=campaign,
        host=organisation,
        title="Atelier d'écriture",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        ends_at=timezone.now() + datetime.timedelta(days=1, hours=2),
        mode="in_person",
        municipality=organisation.municipality,
    )
    Event.objects.filter(pk=session.event_id).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    return WritingSession.objects.get(pk=session.pk)


@pytest.fixture
def pending(campaign):
    return services.request_session(
        campaign=campaign,
        kind="school",
        name="Anke",
        email="anke@school.example",
        organisation_name="Sint-Jozefschool",
        town="Namur",
        participants=25,
        date_wish=timezone.localdate() + datetime.timedelta(days=7),
        language="nl",
    )


def _as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def _status(client, user, method, url, data=None):
    _as(client, user)
    response = getattr(client, method)(url, data or {})
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


def test_public_pages_open_to_everyone(client, session):
    for url in [
        f"{BASE}/",
        f"{BASE}/sessions.json",
        f"{BASE}/kit.pdf",
        f"{BASE}/host-a-session/",
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(f"{BASE}/").content.decode()
    assert "Atelier d&#x27;écriture" in page and 'id="campaign-map"' in page
    points = client.get(f"{BASE}/sessions.json").json()["points"]
    assert points[0][2] == "Atelier d'écriture, Namur"
    assert client.get("/fr/campaigns/nope/kit.pdf").status_code == 404


def test_agenda_filters_writing_sessions(client, session, make_event):
    make_event(title="Débat sur le logement")
    page = client.get("/fr/events/?when=past&kind=writing_session").content.decode()
    assert "Atelier d&#x27;écriture" in page
    page = client.get("/fr/events/?kind=writing_session").content.decode()
    assert "Débat sur le logement" not in page
    assert "Débat sur le logement" in client.get("/fr/events/").content.decode()


def test_permission_matrix(
    client, session, pending, staff_user, other_staff, coordinator
):
    report = f"/fr/campaigns/sessions/{session.pk}/report/"
    cases = [
        ("get", "/fr/campaigns/sessions/", {}, ["login", 200, 200, 200]),
        ("get", f"{BASE}/sessions/new/", {}, ["login", 200, 200, 200]),
        ("get", report, {}, ["login", 200, 403, 200]),
        ("get", f"{BASE}/sessions/requests/", {}, ["login", 403, 403, 200]),
        (
            "post",
            f"/fr/campaigns/sessions/requests/{pending.pk}/refuse/",
            {f"r{pending.pk}-reason": ""},
            ["login", 403, 403, 302],
        ),
        (
            "post",
            f"/fr/campaigns/sessions/requests/{pending.pk}/accept/",
            {},
            ["login", 403, 403, 302],
        ),
    ]
    for method, url, data, expected in cases:
        got = [
            _status(client, user, method, url, data)
            for user in (None, staff_user, other_staff, coordinator)
        ]
        assert got == expected, url
    assert SessionRequest.objects.get().status == "pending"
    assert not PaperBatch.objects.exists()


def test_writes_need_post(client, pending, coordinator):
    _as(client, coordinator)
    url = f"/fr/campaigns/sessions/requests/{pending.pk}/accept/"
    assert client.get(url).status_code == 405


def test_forged_ids_are_404(client, coordinator, staff_user):
    _as(client, coordinator)
    for url in [
        "/fr/campaigns/sessions/999999/report/",
        "/fr/campaigns/sessions/requests/999999/accept/",
        "/fr/campaigns/sessions/requests/99999999999999999999/refuse/",
    ]:
        assert client.post(url, {}).status_code == 404, url
    assert client.get("/fr/campaigns/nope/sessions/new/").status_code == 404


def test_staff_creates_a_session_from_the_workspace(
    client, staff_user, organisation, campaign
):
    _as(client, staff_user)
    starts = timezone.localtime() + datetime.timedelta(days=3)
    response = client.post(
        f"{BASE}/sessions/new/",
        {
            "host": organisation.pk,
            "title": "Lettres à la bibliothèque",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + datetime.timedelta(hours=2)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "mode": "in_person",
            "municipality": organisation.municipality_id,
            "audience": "public",
        },
    )
    assert response.status_code == 302
    session = WritingSession.objects.get()
    assert session.host == organisation and session.created_by == staff_user
    assert (
        "Lettres à la bibliothèque"
        in client.get("/fr/campaigns/sessions/").content.decode()
    )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": "x" * 100_000, "host": "1"},
        {"host": "999999", "title": "Ok"},
        {"host": "<script>", "title": "<script>alert(1)</script>"},
    ],
)
def test_bad_session_forms_say_why_and_save_nothing(
    client, staff_user, organisation, campaign, data
):
    _as(client, staff_user)
    response = client.post(f"{BASE}/sessions/new/", data)
    assert response.status_code == 400
    assert "Please correct the errors below." in response.content.decode() or (
        "Veuillez corriger" in response.content.decode()
    )
    assert not WritingSession.objects.exists()


def test_staff_of_another_group_cannot_create_for_this_host(
    client, other_staff, organisation, campaign
):
    _as(client, other_staff)
    response = client.post(f"{BASE}/sessions/new/", {"host": organisation.pk})
    assert response.status_code == 400  # not among the choices
    assert not WritingSession.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"case": "1", "letters": "-5", "drawings": "0"},
        {"case": "1", "letters": str(10**12), "drawings": "0"},
        {"case": "999999", "letters": "5", "drawings": "0"},
        {"case": "<b>", "letters": "x" * 100_000, "drawings": "0"},
        {"case": "1", "letters": "0", "drawings": "0"},
    ],
)
def test_bad_reports_say_why_and_save_nothing(client, session, staff_user, data):
    _as(client, staff_user)
    if data.get("case") == "1":
        data = {**data, "case": session.campaign.cases.first().pk}
    response = client.post(f"/fr/campaigns/sessions/{session.pk}/report/", data)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not PaperBatch.objects.exists()


def test_host_reports_and_the_batch_waits_in_review(
    client, session, staff_user, coordinator, campaign
):
    _as(client, staff_user)
    response = client.post(
        f"/fr/campaigns/sessions/{session.pk}/report/",
        {"case": campaign.cases.first().pk, "letters": "120", "drawings": "30"},
    )
    assert response.status_code == 302
    batch = PaperBatch.objects.get()
    assert (batch.letters, batch.drawings) == (120, 30)
    _as(client, coordinator)
    review = client.get(f"{BASE}/review/").content.decode()
    assert "Atelier d&#x27;écriture" in review


@pytest.mark.parametrize(
    "changes",
    [
        {"name": ""},
        {"name": "x" * 100_000},
        {"participants": "-1"},
        {"participants": str(10**12)},
        {"email": "<script>"},
        {"date_wish": "2000-01-01"},
    ],
)
def test_bad_public_requests_say_why_and_save_nothing(client, campaign, changes):
    page = client.get(f"{BASE}/host-a-session/")
    data = {
        "kind": "school",
        "organisation_name": "École 3",
        "town": "Namur",
        "name": "Anne",
        "email": "anne@example.org",
        "participants": "20",
        "date_wish": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        "started": page.context["form"]["started"].initial,
        **changes,
    }
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        response = client.post(f"{BASE}/host-a-session/", data)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not SessionRequest.objects.exists()


def test_a_bot_gets_the_thank_you_page_and_nothing_is_saved(client, campaign):
    response = client.post(
        f"{BASE}/host-a-session/",
        {
            "kind": "school",
            "organisation_name": "Spam",
            "town": "Namur",
            "name": "Bot",
            "email": "bot@example.org",
            "participants": "20",
            "date_wish": (
                timezone.localdate() + datetime.timedelta(days=5)
            ).isoformat(),
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 200
    assert not SessionRequest.objects.exists()


def test_refusing_without_a_reason_is_refused(client, pending, coordinator):
    _as(client, coordinator)
    response = client.post(
        f"/fr/campaigns/sessions/requests/{pending.pk}/refuse/",
        {f"r{pending.pk}-reason": ""},
        follow=True,
    )
    assert "Dites pourquoi" in response.content.decode() or "Say why" in (
        response.content.decode()
    )
    assert SessionRequest.objects.get().status == "pending"


def test_accept_with_bad_dates_is_refused(client, pending, coordinator):
    _as(client, coordinator)
    response = client.post(
        f"/fr/campaigns/sessions/requests/{pending.pk}/accept/",
        {
            f"a{pending.pk}-starts_at": "2030-01-01T10:00",
            f"a{pending.pk}-ends_at": "2029-01-01T10:00",
            f"a{pending.pk}-municipality": "92094",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert SessionRequest.objects.get().status == "pending"
    assert not WritingSession.objects.exists()


def test_more_sessions_cost_no_more_queries_on_the_campaign_page(
    client, session, staff_user, campaign, organisation, django_assert_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(f"{BASE}/")  # sessions, languages: what a first visit loads once
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        client.get(f"{BASE}/")
    for day in (2, 3, 4):
        services.create_writing_session(
            by=staff_user,
            campaign=campaign,
            host=organisation,
            title=f"Atelier {day}",
            starts_at=timezone.now() + datetime.timedelta(days=day),
            ends_at=timezone.now() + datetime.timedelta(days=day, hours=1),
            mode="in_person",
            municipality=organisation.municipality,
        )
    cache.clear()
    with django_assert_num_queries(len(one)):
        page = client.get(f"{BASE}/").content.decode()
    assert "Atelier 4" in page


def test_coordinators_look_sessions_and_requests_up_in_the_admin(
    client, session, pending, coordinator, staff_user
):
    for url in [
        "/admin/campaigns/writingsession/",
        f"/admin/campaigns/writingsession/{session.pk}/change/",
        "/admin/campaigns/sessionrequest/",
        f"/admin/campaigns/sessionrequest/{pending.pk}/change/",
    ]:
        _as(client, coordinator)
        assert client.get(url).status_code == 200, url
        _as(client, staff_user)
        assert client.get(url).status_code in (302, 403), url
