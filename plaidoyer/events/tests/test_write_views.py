"""Each organiser write has its own URL: who may post there, and what junk gets."""

import re

import pytest
from django.utils import translation

from plaidoyer.events import services
from plaidoyer.events.models import Registration
from plaidoyer.organisations.models import Staff

pytestmark = pytest.mark.django_db

ROW_ACTIONS = ["promote", "cancel", "check-in"]
FORM_ACTIONS = {
    "add": {"add-name": "Jan", "add-email": "jan@example.org", "add-language": "nl"},
    "message": {"msg-subject": "Info", "msg-body": "Salle B"},
    "settings": {"set-capacity": "5"},
}
JUNK_IDS = ["abc", "²", "99999999999999999999", "-1", ""]


@pytest.fixture
def event(make_event):
    return make_event(slug="table-ronde", capacity=1, requires_confirmation=False)


@pytest.fixture
def waiting(event):
    services.register_participant(event=event, name="Ana", email="ana@example.org")
    registration, _ = services.register_participant(
        event=event, name="Bo", email="bo@example.org"
    )
    assert registration.status == "waitlisted"
    return registration


@pytest.fixture
def outsider(make_user, make_organisation):
    user = make_user("outsider@example.org")
    Staff.objects.create(user=user, organisation=make_organisation("Autre asbl"))
    return user


def _url(event, action):
    return f"/fr/events/{event.slug}/manage/{action}/"


@pytest.mark.parametrize("action", [*ROW_ACTIONS, *FORM_ACTIONS])
def test_anonymous_posts_go_to_the_login_page(client, event, waiting, action):
    data = {"registration": waiting.pk, **FORM_ACTIONS.get(action, {})}
    response = client.post(_url(event, action), data)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"


@pytest.mark.parametrize("action", [*ROW_ACTIONS, *FORM_ACTIONS])
def test_other_organisations_get_403_and_change_nothing(
    client, event, waiting, outsider, action
):
    client.force_login(outsider)
    data = {"registration": waiting.pk, **FORM_ACTIONS.get(action, {})}
    assert client.post(_url(event, action), data).status_code == 403
    waiting.refresh_from_db()
    event.refresh_from_db()
    assert waiting.status == "waitlisted" and event.capacity == 1
    assert Registration.objects.count() == 2


@pytest.mark.parametrize("action", [*ROW_ACTIONS, *FORM_ACTIONS])
def test_the_actions_take_posts_only(client, event, staff_user, action):
    client.force_login(staff_user)
    assert client.get(_url(event, action)).status_code == 405


@pytest.mark.parametrize(
    "action, email, status",
    [
        ("promote", "bo@example.org", "confirmed"),
        ("cancel", "bo@example.org", "cancelled"),
        ("check-in", "ana@example.org", "attended"),
    ],
)
def test_organisers_act_on_a_row(
    client, event, waiting, staff_user, action, email, status
):
    registration = Registration.objects.get(email=email)
    client.force_login(staff_user)
    response = client.post(
        _url(event, action), {"registration": registration.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/fr/events/{event.slug}/manage/"
    said = re.search(
        r'class="message message-success">([^<]*)<', response.content.decode()
    )
    assert registration.name in said[1]
    registration.refresh_from_db()
    assert registration.status == status


def test_a_refused_row_action_says_why_and_changes_nothing(
    client, event, waiting, staff_user
):
    services.cancel_registration(registration=waiting)
    client.force_login(staff_user)
    response = client.post(
        _url(event, "check-in"), {"registration": waiting.pk}, follow=True
    )
    assert response.status_code == 200
    assert 'class="message message-error"' in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "cancelled"


@pytest.mark.parametrize("action", ROW_ACTIONS)
@pytest.mark.parametrize("junk", JUNK_IDS)
def test_junk_registration_ids_are_404_in_the_visitors_language(
    client, event, waiting, staff_user, action, junk
):
    client.force_login(staff_user)
    response = client.post(f"/nl{_url(event, action)[3:]}", {"registration": junk})
    assert response.status_code == 404
    with translation.override("nl"):
        title = translation.gettext("Page not found")
    assert title != "Page not found" and title in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"


def test_a_registration_of_another_event_is_404(client, event, make_event, staff_user):
    other = make_event(slug="autre", requires_confirmation=False)
    registration, _ = services.register_participant(
        event=other, name="Cy", email="cy@example.org"
    )
    client.force_login(staff_user)
    response = client.post(_url(event, "cancel"), {"registration": registration.pk})
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"


@pytest.mark.parametrize(
    "action, data, error",
    [
        ("add", {"add-name": "Jan", "add-email": "nope"}, "Saisissez une adresse"),
        ("message", {"msg-subject": "", "msg-body": ""}, "Ce champ est obligatoire"),
        ("settings", {"set-capacity": "-3"}, "supérieure ou égale à"),
    ],
)
def test_invalid_forms_show_their_errors_and_save_nothing(
    client, event, staff_user, action, data, error, mailoutbox
):
    client.force_login(staff_user)
    response = client.post(_url(event, action), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 1
    assert not Registration.objects.exists()
    assert not mailoutbox


def test_the_check_in_page_takes_junk_as_404(client, event, waiting, staff_user):
    client.force_login(staff_user)
    for junk in JUNK_IDS:
        response = client.post(
            f"/fr/events/{event.slug}/check-in/", {"registration": junk}
        )
        assert response.status_code == 404, junk
        assert "Page introuvable" in response.content.decode()


def test_participants_cancel_at_their_own_url_only_by_post(client, event, waiting):
    url = f"/fr/events/registration/{waiting.token}/cancel/"
    assert client.get(url).status_code == 405
    assert client.post("/fr/events/registration/forged/cancel/").status_code == 404
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == waiting.get_absolute_url()
    waiting.refresh_from_db()
    assert waiting.status == "cancelled"


def test_saving_in_the_admin_refreshes_the_search_text_with_the_organisers(
    make_event, make_organisation, save_in_admin
):
    from plaidoyer.events.models import Event

    event = make_event(slug="atelier", title="Atelier")
    partner = make_organisation("Ligue Zéphyr")
    save_in_admin(
        event,
        organisers=[*(o.pk for o in event.organisers.all()), partner.pk],
        is_published="on",
        registration_enabled="on",
    )
    assert "zephyr" in Event.objects.get(pk=event.pk).search_text
