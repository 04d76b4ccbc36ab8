"""Member staff write their organisation's events; coordinators approve them."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from plaidoyer.core.approval import Approval
from plaidoyer.core.models import AuditLog
from plaidoyer.events.models import Event
from plaidoyer.news.tests.sitemaps import sitemap_text
from plaidoyer.organisations.models import Staff

LATER = timezone.now() + datetime.timedelta(days=20)


@pytest.fixture
def other_org(make_organisation):
    return make_organisation("Ligue des familles", municipality="21004")


@pytest.fixture
def other_staff(make_user, other_org):
    user = make_user("other@example.org", language="nl")
    Staff.objects.create(user=user, organisation=other_org)
    return user


def _form(org, **extra):
    data = {
        "title_fr": "Formation accueil",
        "kind": "training",
        "starts_at": LATER.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (LATER + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "in_person",
        "organisation": org.pk,
        "registration_enabled": "on",
        "sessions-TOTAL_FORMS": "2",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "50",
    }
    data.update(extra)
    return data


def test_staff_of_an_untrusted_organisation_propose_and_the_event_waits(
    client, staff_user, organisation, other_org
):
    client.force_login(staff_user)
    response = client.post(
        "/fr/events/create/",
        _form(
            organisation,
            co_organisers=[other_org.pk],
            **{
                "sessions-0-label": "Module 1",
                "sessions-0-starts_at": LATER.strftime("%Y-%m-%dT%H:%M"),
                "sessions-0-ends_at": (LATER + datetime.timedelta(hours=2)).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
            },
        ),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.approval == Approval.PENDING
    assert not event.is_published
    assert event.proposed_by == staff_user
    assert set(event.organisers.all()) == {organisation, other_org}
    assert [s.label for s in event.sessions.all()] == ["Module 1"]
    # Not public anywhere until approved.
    assert client.get(f"/fr/events/{event.slug}/").status_code == 404
    assert event.title not in client.get("/fr/events/").content.decode()
    assert event.slug not in client.get("/api/v1/events").content.decode()
    assert event.slug not in client.get("/fr/events/agenda.ics").content.decode()
    assert event.slug not in sitemap_text(client)
    assert event.slug not in client.get("/fr/search/?q=formation").content.decode()
    assert AuditLog.objects.filter(action="events.save").exists()


def test_a_trusted_organisation_publishes_at_once(client, staff_user, organisation):
    organisation.trusted = True
    organisation.save(update_fields=["trusted"])
    client.force_login(staff_user)
    response = client.post("/fr/events/create/", _form(organisation))
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.approval == Approval.APPROVED
    client.logout()
    assert client.get(f"/fr/events/{event.slug}/").status_code == 200


def test_a_coordinator_approves_and_the_event_is_on_the_agenda(
    client, staff_user, organisation, coordinator
):
    client.force_login(staff_user)
    client.post("/fr/events/create/", _form(organisation))
    event = Event.objects.get()
    anonymous = client.__class__()
    assert event.title not in anonymous.get("/fr/events/").content.decode()
    client.force_login(coordinator)
    response = client.post(f"/fr/events/{event.slug}/approve/")
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.approval, event.is_published) == (Approval.APPROVED, True)
    assert event.title in anonymous.get("/fr/events/").content.decode()
    assert mail.outbox[-1].to == [staff_user.email]
    # Twice is refused with a message, not a crash.
    response = client.post(f"/fr/events/{event.slug}/approve/", follow=True)
    assert "déjà" in response.content.decode() or "already" in response.content.decode()


def test_a_refusal_needs_a_reason_and_is_emailed_in_the_proposers_language(
    client, other_staff, other_org, coordinator
):
    client.force_login(other_staff)
    client.post("/nl/events/create/", _form(other_org))
    event = Event.objects.get()
    client.force_login(coordinator)
    client.post(f"/fr/events/{event.slug}/refuse/", {"reason": "   "})
    event.refresh_from_db()
    assert event.approval == Approval.PENDING
    client.post(f"/fr/events/{event.slug}/refuse/", {"reason": "Hors sujet."})
    event.refresh_from_db()
    assert (event.approval, event.refusal_reason) == (Approval.REFUSED, "Hors sujet.")
    message = mail.outbox[-1]
    assert message.to == ["other@example.org"]
    assert "Hors sujet." in message.body
    assert "niet goedgekeurd" in message.subject.lower()
    # The proposer sees the reason and proposes again by saving.
    client.force_login(other_staff)
    page = client.get(f"/nl/events/{event.slug}/edit/").content.decode()
    assert "Hors sujet." in page
    client.post(f"/nl/events/{event.slug}/update/", _form(other_org))
    event.refresh_from_db()
    assert event.approval == Approval.PENDING


@pytest.mark.parametrize(
    "url", ["edit/", "copy/", "manage/", "attendance/", "manage/registrations.csv"]
)
def test_permission_matrix_on_pages(
    client, make_event, staff_user, other_staff, coordinator, url
):
    event = make_event()
    assert client.get(f"/fr/events/{event.slug}/{url}").status_code == 302  # login
    client.force_login(other_staff)
    assert client.get(f"/fr/events/{event.slug}/{url}").status_code == 403
    client.force_login(staff_user)
    assert client.get(f"/fr/events/{event.slug}/{url}").status_code == 200
    client.force_login(coordinator)
    assert client.get(f"/fr/events/{event.slug}/{url}").status_code == 200


def test_staff_of_another_organisation_can_never_edit_or_review(
    client, make_event, organisation, other_staff, other_org, staff_user
):
    event = make_event()
    client.force_login(other_staff)
    for url in ("update/", "copy/create/", "approve/", "refuse/"):
        response = client.post(
            f"/fr/events/{event.slug}/{url}",
            _form(other_org, title_fr="Piraté", reason="x"),
        )
        assert response.status_code == 403, url
    client.force_login(staff_user)  # an organiser, but no coordinator
    assert client.post(f"/fr/events/{event.slug}/approve/").status_code == 403
    event.refresh_from_db()
    assert event.title_fr != "Piraté"
    assert Event.objects.count() == 1


def test_anonymous_and_people_without_organisation_cannot_create(
    client, make_user, organisation
):
    assert client.get("/fr/events/new/").status_code == 302
    assert client.post("/fr/events/create/", _form(organisation)).status_code == 302
    client.force_login(make_user("nobody@example.org"))
    assert client.get("/fr/events/new/").status_code == 403
    assert client.post("/fr/events/create/", _form(organisation)).status_code == 403
    assert not Event.objects.exists()


def test_co_organisers_staff_manage_the_event(
    client, make_event, other_org, other_staff, organisation
):
    event = make_event()
    event.organisers.add(other_org)
    client.force_login(other_staff)
    assert client.get(f"/fr/events/{event.slug}/manage/").status_code == 200
    assert client.get(f"/fr/events/{event.slug}/attendance/").status_code == 200
    assert client.get(f"/fr/events/{event.slug}/edit/").status_code == 200


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"title_fr": ""}, "au moins une langue"),
        ({"title_fr": "x" * 100_000}, "200"),
        ({"description_fr": "x" * 100_000}, "20"),
        ({"organisation": "999999"}, "une de vos organisations"),
        ({"organisation": "9" * 30}, "une de vos organisations"),
        ({"co_organisers": ["999999"]}, "annuaire"),
        ({"co_organisers": ["9" * 30]}, "annuaire"),
        ({"municipality": "abc"}, "commune"),
        (
            {"ends_at": LATER.replace(year=LATER.year - 1).strftime("%Y-%m-%dT%H:%M")},
            "avant",
        ),
        ({"starts_at": ""}, "obligatoire"),
        (
            {
                "sessions-0-starts_at": LATER.strftime("%Y-%m-%dT%H:%M"),
                "sessions-0-ends_at": "2000-01-01T10:00",
            },
            "avant",
        ),
        ({"sessions-TOTAL_FORMS": "100000"}, "50"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    client, staff_user, organisation, extra, message
):
    client.force_login(staff_user)
    response = client.post("/fr/events/create/", _form(organisation, **extra))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_staff_cannot_organise_for_another_organisation(
    client, staff_user, organisation, other_org
):
    client.force_login(staff_user)
    response = client.post("/fr/events/create/", _form(other_org))
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_markup_is_stored_as_typed_and_shown_escaped(
    client, staff_user, organisation, coordinator
):
    organisation.trusted = True
    organisation.save(update_fields=["trusted"])
    client.force_login(staff_user)
    client.post(
        "/fr/events/create/", _form(organisation, title_fr="<script>x</script>")
    )
    event = Event.objects.get()
    page = client.get(f"/fr/events/{event.slug}/").content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;" in page


def test_a_copy_is_a_draft_on_new_dates_with_the_same_fields(
    client, make_event, staff_user, organisation
):
    event = make_event(description_fr="Un atelier.", capacity=30)
    event.sessions.create(
        label_fr="Module 1",
        starts_at=event.starts_at,
        ends_at=event.starts_at + datetime.timedelta(hours=1),
    )
    event.questions.create(label_fr="Régime ?", kind="short_text")
    client.force_login(staff_user)
    starts = event.starts_at + datetime.timedelta(days=7)
    response = client.post(
        f"/fr/events/{event.slug}/copy/create/",
        {
            "starts_at": timezone.localtime(starts).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(
                starts + datetime.timedelta(hours=2)
            ).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    copy = Event.objects.exclude(pk=event.pk).get()
    assert copy.slug != event.slug
    assert (copy.description_fr, copy.capacity) == (
        "<p>Un atelier.</p>",
        30,
    )  # stored as rich text
    assert not copy.is_published
    assert copy.approval == Approval.PENDING  # an untrusted organisation's copy
    assert list(copy.organisers.all()) == [organisation]
    # The session keeps its place relative to the event's start.
    assert copy.sessions.get().starts_at == copy.starts_at
    assert copy.questions.get().label_fr == "Régime ?"
    assert copy.seats_taken == 0


def test_a_copy_ending_before_it_starts_is_refused(client, make_event, staff_user):
    event = make_event()
    client.force_login(staff_user)
    response = client.post(
        f"/fr/events/{event.slug}/copy/create/",
        {"starts_at": "2030-01-02T10:00", "ends_at": "2030-01-01T10:00"},
    )
    assert response.status_code == 400
    assert Event.objects.count() == 1


def test_coordinators_create_any_event_published_at_once(
    client, coordinator, other_org
):
    client.force_login(coordinator)
    assert client.get("/fr/events/new/").status_code == 200
    response = client.post(
        "/fr/events/create/",
        _form(other_org, is_published="on", title_fr="", title_nl="Vorming"),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.approval, event.is_published) == (Approval.APPROVED, True)
    assert event.title_fr == "Vorming"  # the fallback language is never empty


def test_selectors_for_the_dashboard(
    client, staff_user, organisation, make_event, coordinator
):
    from plaidoyer.events.selectors import event_proposals_of, pending_event_proposals

    make_event()
    client.force_login(staff_user)
    client.post("/fr/events/create/", _form(organisation))
    proposal = Event.objects.get(approval=Approval.PENDING)
    assert list(pending_event_proposals()) == [proposal]
    assert list(event_proposals_of(staff_user)) == [proposal]
    assert list(event_proposals_of(coordinator)) == []
