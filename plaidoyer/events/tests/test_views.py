import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation
from icalendar import Calendar

from plaidoyer.events import services
from plaidoyer.events.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(make_event):
    return make_event(
        slug="table-ronde",
        title="Table ronde logement",
        capacity=2,
        venue="Maison des associations",
        municipality_id=None,
    )


def test_agenda_lists_upcoming_events_with_filters(
    client, make_event, theme, django_assert_max_num_queries
):
    make_event(slug="a", title="Webinaire santé", kind="webinar", mode="online")
    past = make_event(
        slug="b",
        title="Ancienne rencontre",
        starts_at=timezone.now() - datetime.timedelta(days=30),
    )
    client.get("/fr/events/")
    with django_assert_max_num_queries(12):
        response = client.get("/fr/events/")
    assert [e.slug for e in response.context["page"].object_list] == ["a"]
    response = client.get("/nl/events/", {"when": "past"})
    assert [e.slug for e in response.context["page"].object_list] == [past.slug]
    response = client.get("/fr/events/", {"kind": "round_table"})
    assert list(response.context["page"].object_list) == []
    response = client.get("/fr/events/", {"q": "SANTE"})
    assert [e.slug for e in response.context["page"].object_list] == ["a"]


def test_agenda_cards_cost_the_same_queries_whatever_the_events(
    client, make_event, organisation, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_event(slug="e-0", title="Rencontre 0", capacity=30)
    client.get("/fr/events/")
    with CaptureQueriesContext(connection) as one:
        client.get("/fr/events/")
    queries = len(one)
    for n in range(1, 25):
        make_event(slug=f"e-{n}", title=f"Rencontre {n}", capacity=30)
    client.get("/fr/events/")  # the filter options, cached again after the change
    with django_assert_num_queries(queries):
        body = client.get("/fr/events/").content.decode()
    assert "25 événements" in body
    assert body.count('class="event-tile"') == 20 and 'rel="next"' in body
    # Each card names its organisers and its seats left.
    assert body.count("Centre d&#x27;Action Interculturelle") >= 20
    assert "30 places restantes" in body


@pytest.mark.parametrize(
    "query", ["x" * 10_000, "'; DROP TABLE x; --", "<script>", "😀", "\x00"]
)
def test_agenda_survives_odd_input(client, event, query):
    params = dict.fromkeys(
        ("q", "kind", "theme", "organiser", "mode", "language", "when", "page"), query
    )
    assert client.get("/fr/events/", params).status_code == 200
    assert client.get("/fr/events/agenda.ics", params).status_code == 200
    api = client.get("/api/v1/events", params)
    # A malformed page number is a clear validation error (422 with details).
    assert api.status_code in (200, 422) and api.json()
    assert client.get("/api/v1/events", {"q": query}).status_code == 200


def test_event_page_shows_seats_and_form_but_never_the_link(client, make_event):
    event = make_event(
        slug="webinaire",
        mode="online",
        capacity=10,
        online_url="https://visio.example.org/secret",
    )
    body = client.get(event.get_absolute_url()).content.decode()
    assert "10" in body and 'hx-get="/fr/events/webinaire/register/"' in body
    form = client.get(
        "/fr/events/webinaire/register/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'action="/fr/events/webinaire/register/"' in form and "<html" not in form
    assert "visio.example.org/secret" not in body + form
    assert (
        "visio.example.org"
        not in client.get("/api/v1/events/webinaire").content.decode()
    )


def test_register_in_dutch_then_confirm_then_personal_page(client, event, capture):
    with capture(execute=True):
        response = client.post(
            f"/nl/events/{event.slug}/register/",
            {
                "name": "An Peeters",
                "email": "an@example.org",
                "organisation_name": "Buurtwerk",
            },
        )
    assert response.status_code == 200
    registration = Registration.objects.get()
    assert registration.language == "nl" and registration.status == "pending"
    confirm_path = f"/nl/events/registration/{registration.token}/confirm/"
    assert confirm_path in mail.outbox[0].body
    with capture(execute=True):
        assert client.post(confirm_path).status_code == 200
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    page = client.get(registration.get_absolute_url())
    assert 'id="registration-status"' in page.content.decode()


def test_htmx_gets_the_thank_you_alone_and_without_js_a_whole_page(client, event):
    data = {"name": "An Peeters", "email": "an@example.org"}
    path = f"/nl/events/{event.slug}/register/"
    fragment = client.post(path, data, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="registration">') and "<html" not in fragment
    assert '<h2 tabindex="-1" data-focus-after-swap>' in fragment
    assert "<h1" not in fragment
    with translation.override("nl"):
        thanks = translation.gettext("Thank you")
    assert thanks in fragment and thanks != "Thank you"
    # The same address again, without JavaScript: the whole page, one h1.
    page = client.post(path, data).content.decode()
    assert "<html" in page and page.count("<h1") == 1
    assert Registration.objects.count() == 1


def test_cancel_from_the_personal_page_promotes_the_next(client, event):
    event.requires_confirmation = False
    event.save()
    first, _ = services.register_participant(
        event=event, name="A", email="a@example.org"
    )
    services.register_participant(event=event, name="B", email="b@example.org")
    third, _ = services.register_participant(
        event=event, name="C", email="c@example.org"
    )
    assert third.status == "waitlisted"
    response = client.post(f"{first.get_absolute_url()}cancel/")
    assert response.status_code == 302
    third.refresh_from_db()
    assert third.status == "confirmed"


def test_bad_registration_input_is_a_400_with_messages_and_nothing_saved(client, event):
    response = client.post(
        f"/nl/events/{event.slug}/register/", {"name": "x" * 100_000, "email": "nope"}
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_when_full_without_waitlist(client, make_event):
    event = make_event(
        slug="complet", capacity=1, waitlist_enabled=False, requires_confirmation=False
    )
    services.register_participant(event=event, name="A", email="a@example.org")
    response = client.post(
        "/fr/events/complet/register/", {"name": "B", "email": "b@example.org"}
    )
    assert response.status_code == 400
    assert Registration.objects.count() == 1


def test_forged_tokens_are_404(client, db):
    assert client.get("/fr/events/registration/forged/").status_code == 404
    assert client.get("/fr/events/registration/forged/confirm/").status_code == 404


def test_ical_files_are_valid(client, make_event):
    from plaidoyer.events.models import Session

    event = make_event(slug="formation", title="Formation stéréotypes", kind="training")
    Session.objects.create(
        event=event, label_fr="Jour 1", starts_at=event.starts_at, ends_at=event.ends_at
    )
    Session.objects.create(
        event=event,
        label_fr="Jour 2",
        starts_at=event.starts_at + datetime.timedelta(days=7),
        ends_at=event.ends_at + datetime.timedelta(days=7),
    )
    make_event(slug="autre", title="Autre")
    cal = Calendar.from_ical(client.get("/fr/events/formation/event.ics").content)
    vevents = cal.walk("VEVENT")
    assert len(vevents) == 2
    assert str(vevents[0]["summary"]).startswith("Formation stéréotypes")
    assert vevents[0]["dtstart"].dt == event.starts_at.replace(microsecond=0)
    agenda = Calendar.from_ical(
        client.get("/fr/events/agenda.ics", {"kind": "training"}).content
    )
    assert len(agenda.walk("VEVENT")) == 2


ORGANISER_PAGES = [
    "manage/",
    "manage/registrations.csv",
    "manage/registrations.xlsx",
    "check-in/",
    "attendance/",
]


def test_organiser_pages_for_own_events(client, event, staff_user):
    services.register_participant(
        event=event, name="Ana", email="ana@example.org", answers={}
    )
    client.force_login(staff_user)
    for page in ORGANISER_PAGES:
        response = client.get(f"/fr/events/{event.slug}/{page}")
        assert response.status_code == 200, page
    body = b"".join(
        client.get(
            f"/fr/events/{event.slug}/manage/registrations.csv"
        ).streaming_content
    )
    assert b"ana@example.org" in body
    pdf = client.get(f"/fr/events/{event.slug}/manage/registrations.pdf")
    assert pdf.status_code == 404  # not a CSV under another name


def test_other_organisations_get_403_everywhere(
    client, event, make_user, make_organisation
):
    from plaidoyer.organisations.models import Staff

    registration, _ = services.register_participant(
        event=event, name="Ana", email="ana@example.org"
    )
    outsider = make_user("outsider@example.org")
    Staff.objects.create(user=outsider, organisation=make_organisation("Autre asbl"))
    client.force_login(outsider)
    for page in [*ORGANISER_PAGES, f"check-in/{registration.token}/"]:
        assert client.get(f"/fr/events/{event.slug}/{page}").status_code == 403, page
    response = client.post(
        f"/fr/events/{event.slug}/manage/cancel/", {"registration": registration.pk}
    )
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status != "cancelled"


def test_organiser_actions(client, event, staff_user, capture):
    client.force_login(staff_user)
    url = f"/fr/events/{event.slug}/manage/"
    response = client.post(
        f"{url}add/",
        {
            "add-name": "Jan",
            "add-email": "jan@example.org",
            "add-language": "nl",
        },
    )
    assert response.status_code == 302
    jan = Registration.objects.get(email="jan@example.org")
    assert jan.status == "confirmed" and jan.added_by_organiser
    # The same address again: said, not reported as a new registration, and Jan
    # gets no email about it.
    outbox = len(mail.outbox)
    response = client.post(
        f"{url}add/",
        {
            "add-name": "Jan",
            "add-email": "JAN@example.org",
            "add-language": "nl",
        },
        follow=True,
    )
    assert "jan@example.org est déjà inscrit·e" in response.content.decode()
    assert Registration.objects.filter(event=event).count() == 1
    assert len(mail.outbox) == outbox
    client.post(f"{url}check-in/", {"registration": jan.pk})
    jan.refresh_from_db()
    assert jan.status == "attended"
    with capture(execute=True):
        client.post(f"{url}message/", {"msg-subject": "Info", "msg-body": "Salle B"})
    assert any(m.subject == "Info" for m in mail.outbox)
    response = client.post(f"{url}settings/", {"set-capacity": "0"})
    assert response.status_code == 200  # form error, nothing changed
    response = client.post(
        f"{url}settings/",
        {"set-capacity": "2", "set-online_url": "ftp://x.org/"},
    )
    assert response.status_code == 200
    assert "Saisissez une URL valide." in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 2 and not event.online_url.startswith("ftp")


def test_qr_check_in_page(client, event, staff_user):
    registration, _ = services.register_participant(
        event=event, name="Ana", email="ana@example.org"
    )
    client.force_login(staff_user)
    url = f"/fr/events/{event.slug}/check-in/{registration.token}/"
    assert "Ana" in client.get(url).content.decode()
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == "attended"


def test_check_in_search(client, event, staff_user):
    services.register_participant(
        event=event, name="Ana Diallo", email="ana@example.org"
    )
    client.force_login(staff_user)
    body = client.get(f"/fr/events/{event.slug}/check-in/", {"q": "diallo"}).content
    assert b"Ana Diallo" in body
    site_search = re.search(rb'<input type="search" id="site-q"[^>]*>', body)[0]
    assert b"diallo" not in site_search  # the site's search box is not filled in
    registration = Registration.objects.get(email="ana@example.org")
    response = client.post(
        f"/fr/events/{event.slug}/check-in/?q=Diallo+%26+co",
        {"registration": registration.pk},
    )
    assert response["Location"].endswith("/check-in/?q=Diallo+%26+co")  # kept whole


def test_api_lists_public_data_only(client, event):
    services.register_participant(event=event, name="Ana", email="ana@example.org")
    data = client.get("/api/v1/events").json()
    assert data["items"][0]["slug"] == "table-ronde"
    assert "ana@example.org" not in client.get("/api/v1/events").content.decode()
    assert client.get("/api/v1/events/nope").status_code == 404


def test_closing_registration_in_the_admin_stops_the_next_post(
    client, make_event, save_in_admin
):
    """Registration POSTs read the event from the cache, per data version: an edit
    in the admin bumps it, so the very next POST sees registration closed."""
    event = make_event(slug="atelier", capacity=20)
    url = "/fr/events/atelier/register/"
    assert (
        client.post(url, {"name": "Ana", "email": "ana@example.org"}).status_code == 200
    )
    save_in_admin(
        event,
        organisers=[o.pk for o in event.organisers.all()],
        registration_enabled="",
        is_published="on",
    )
    refused = client.post(url, {"name": "Bert", "email": "bert@example.org"})
    assert refused.status_code == 400
    assert "Les inscriptions ne sont pas ouvertes" in refused.content.decode()
    assert Registration.objects.filter(email="bert@example.org").count() == 0


def test_choice_questions_are_fieldsets_with_a_legend(client, make_event):
    from plaidoyer.events.models import Question

    event = make_event(capacity=5)
    Question.objects.create(
        event=event,
        label_fr="Vous participez en tant que",
        kind="single_choice",
        required=True,
        choices_fr="Élu\nCitoyen",
    )
    body = client.get(f"/fr/events/{event.slug}/register/").content.decode()
    assert '<legend>Vous participez en tant que <span class="required"' in body
    assert '<label for="">' not in body
