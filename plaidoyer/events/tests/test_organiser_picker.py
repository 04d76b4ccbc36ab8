"""The event form's co-organiser picker (issue 15): a search among the directory's
organisations, never a list of all of them; without JavaScript, save to see the
matches."""

import datetime

import pytest
from django.utils import timezone

from plaidoyer.events.models import Event
from plaidoyer.organisations.models import Organisation, Staff

pytestmark = pytest.mark.django_db

LATER = timezone.now() + datetime.timedelta(days=20)
SEARCH = "/fr/events/organisers/"


@pytest.fixture
def leagues(make_organisation):
    """Two organisations whose names share a word, and one apart."""
    return [
        make_organisation("Ligue des familles", municipality="21004"),
        make_organisation("Ligue des droits humains", municipality="21004"),
        make_organisation("Maison de la paix", municipality="21004"),
    ]


def _form(org, **extra):
    data = {
        "title_fr": "Formation accueil",
        "kind": "training",
        "starts_at": LATER.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (LATER + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "in_person",
        "organisation": org.pk,
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "50",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    "role, status",
    [("anonymous", 302), ("staff_a", 200), ("staff_b", 200), ("coordinator", 200)],
)
def test_permission_matrix_of_the_search(
    client, role, status, staff_user, coordinator, make_user, make_organisation, leagues
):
    other = make_user("b@example.org")
    Staff.objects.create(user=other, organisation=make_organisation("Autre asbl"))
    user = {"anonymous": None, "staff_a": staff_user, "staff_b": other}.get(
        role, coordinator
    )
    if user:
        client.force_login(user)
    response = client.get(SEARCH, {"co_organiser_q": "ligue"})
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert f'value="{leagues[0].pk}"' in body
        assert f'value="{leagues[1].pk}"' in body
        assert f'value="{leagues[2].pk}"' not in body


def test_people_without_an_organisation_cannot_search(client, make_user):
    client.force_login(make_user("nobody@example.org"))
    assert client.get(SEARCH, {"co_organiser_q": "ligue"}).status_code == 403


def test_the_search_leaves_out_the_organisations_already_chosen(
    client, staff_user, leagues
):
    client.force_login(staff_user)
    body = client.get(
        SEARCH, {"co_organiser_q": "ligue", "co_organisers": [leagues[0].pk, "x"]}
    ).content.decode()
    assert f'value="{leagues[0].pk}"' not in body
    assert f'value="{leagues[1].pk}"' in body


@pytest.mark.parametrize(
    "query", ["", "   ", "x" * 100_000, "<script>alert(1)</script>", "' OR 1=1 --"]
)
def test_odd_searches_answer_plainly(client, staff_user, leagues, query):
    client.force_login(staff_user)
    response = client.get(
        SEARCH, {"co_organiser_q": query, "co_organisers": ["9" * 30, "abc"]}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>" not in body
    assert 'type="checkbox"' not in body


def test_the_form_lists_only_the_chosen_co_organisers(
    client, staff_user, organisation, make_event, leagues
):
    event = make_event()
    event.organisers.add(leagues[0])
    client.force_login(staff_user)
    body = client.get(f"/fr/events/{event.slug}/edit/").content.decode()
    assert f'name="co_organisers" value="{leagues[0].pk}"' in body
    assert "checked" in body.split(f'value="{leagues[0].pk}"')[1][:40]
    assert f'name="co_organisers" value="{leagues[1].pk}"' not in body  # not all
    assert 'data-hx-get="/fr/events/organisers/"' in body


def test_a_ticked_match_is_saved_as_co_organiser(
    client, staff_user, organisation, leagues
):
    client.force_login(staff_user)
    response = client.post(
        "/fr/events/create/",
        _form(organisation, co_organisers=[leagues[1].pk], co_organiser_q="ligue"),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert set(event.organisers.all()) == {organisation, leagues[1]}


def test_without_javascript_a_name_with_one_match_is_added(
    client, staff_user, organisation, leagues
):
    client.force_login(staff_user)
    response = client.post(
        "/fr/events/create/", _form(organisation, co_organiser_q="paix")
    )
    assert response.status_code == 302
    assert set(Event.objects.get().organisers.all()) == {organisation, leagues[2]}


def test_without_javascript_several_matches_are_shown_to_tick_and_nothing_saved(
    client, staff_user, organisation, leagues
):
    client.force_login(staff_user)
    response = client.post(
        "/fr/events/create/", _form(organisation, co_organiser_q="ligue")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Plusieurs organisations" in body or "Several organisations" in body
    assert f'name="co_organisers" value="{leagues[0].pk}"' in body
    assert f'name="co_organisers" value="{leagues[1].pk}"' in body
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"co_organiser_q": "zzzz introuvable"},
        {"co_organiser_q": "x" * 100_000},
        {"co_organiser_q": "<b>ligue</b> <script>"},
        {"co_organisers": ["999999"]},
        {"co_organisers": ["<script>"]},
    ],
)
def test_bad_picker_input_is_refused_and_nothing_saved(
    client, staff_user, organisation, leagues, extra
):
    client.force_login(staff_user)
    response = client.post("/fr/events/create/", _form(organisation, **extra))
    assert response.status_code == 400
    body = response.content.decode()
    assert "<script>" not in body.split("<main")[1]
    assert 'class="error"' in body
    assert not Event.objects.exists()


# --- The organisation ("Organised by") for a coordinator: the same picker, one choice


def _many_organisations(count: int) -> None:
    Organisation.objects.bulk_create(
        Organisation(
            name_fr=f"Bulk org {n:05}",
            slug=f"bulk-org-{n:05}",
            kind=Organisation.Kind.ASSOCIATION,
            sort_name=f"bulk org {n:05}",
            search_text=f"bulk org {n:05}",
        )
        for n in range(count)
    )


@pytest.mark.parametrize("page", ["new", "edit"])
def test_the_coordinator_form_does_not_grow_with_the_directory(
    client, coordinator, make_event, page
):
    url = (
        "/fr/events/new/" if page == "new" else f"/fr/events/{make_event().slug}/edit/"
    )
    client.force_login(coordinator)
    before = client.get(url).content.decode()
    _many_organisations(2000)
    body = client.get(url).content.decode()
    assert "Bulk org" not in body
    assert body.count("<option") == before.count("<option")
    assert abs(len(body) - len(before)) < 500
    assert 'name="organisation_q"' in body


def test_the_coordinator_edits_with_the_current_organiser_chosen(
    client, coordinator, organisation, make_event, leagues
):
    event = make_event()
    client.force_login(coordinator)
    body = client.get(f"/fr/events/{event.slug}/edit/").content.decode()
    radio = f'type="radio" name="organisation" value="{organisation.pk}"'
    assert radio in body
    assert "checked" in body.split(radio)[1][:40]
    assert body.count('name="organisation"') == 1  # the current one alone
    assert "data-hx-include=\"[name='organisation']:checked\"" in body


def test_staff_still_choose_among_their_own_organisations(
    client, staff_user, organisation, leagues
):
    client.force_login(staff_user)
    body = client.get("/fr/events/new/").content.decode()
    assert f'<option value="{organisation.pk}" selected>' in body
    assert 'name="organisation_q"' not in body
    assert "Ligue des familles" not in body


@pytest.mark.parametrize(
    "role, status",
    [("anonymous", 302), ("staff_a", 403), ("staff_b", 403), ("coordinator", 200)],
)
def test_permission_matrix_of_the_organisation_search(
    client, role, status, staff_user, coordinator, make_user, make_organisation, leagues
):
    other = make_user("b@example.org")
    Staff.objects.create(user=other, organisation=make_organisation("Autre asbl"))
    user = {"anonymous": None, "staff_a": staff_user, "staff_b": other}.get(
        role, coordinator
    )
    if user:
        client.force_login(user)
    response = client.get(
        SEARCH, {"organisation_q": "ligue", "organisation": leagues[0].pk}
    )
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert f'type="radio" name="organisation" value="{leagues[1].pk}"' in body
        assert f'value="{leagues[0].pk}"' not in body  # chosen already
        assert 'type="checkbox"' not in body


def test_the_coordinator_saves_the_organisation_chosen_among_the_matches(
    client, coordinator, organisation, leagues
):
    client.force_login(coordinator)
    response = client.post(
        "/fr/events/create/", _form(leagues[1], organisation_q="ligue")
    )
    assert response.status_code == 302
    assert list(Event.objects.get().organisers.all()) == [leagues[1]]


def test_without_javascript_a_name_with_one_match_becomes_the_organisation(
    client, coordinator, organisation, make_event, leagues
):
    event = make_event()
    client.force_login(coordinator)
    response = client.post(
        f"/fr/events/{event.slug}/update/",
        _form(organisation, organisation_q="paix", title_fr=event.title_fr),
    )
    assert response.status_code == 302
    assert list(event.organisers.all()) == [leagues[2]]


def test_without_javascript_several_organisations_are_shown_and_nothing_saved(
    client, coordinator, leagues
):
    client.force_login(coordinator)
    data = _form(leagues[0], organisation_q="ligue")
    del data["organisation"]
    response = client.post("/fr/events/create/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "choisissez celle" in body or "choose the one" in body
    assert f'type="radio" name="organisation" value="{leagues[0].pk}"' in body
    assert f'type="radio" name="organisation" value="{leagues[1].pk}"' in body
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "organisation_value, query",
    [
        ("", ""),  # nothing chosen
        ("999999", ""),  # no such organisation
        ("9" * 30, ""),  # beyond any id
        ("<script>", ""),
        ("", "zzzz introuvable"),
        ("", "x" * 100_000),
        ("unpublished", ""),
    ],
)
def test_bad_organisation_input_from_a_coordinator_is_refused(
    client, coordinator, make_organisation, leagues, organisation_value, query
):
    if organisation_value == "unpublished":
        hidden = make_organisation("Asbl cachée", is_published=False)
        organisation_value = str(hidden.pk)
    client.force_login(coordinator)
    data = _form(leagues[0], organisation_q=query)
    data["organisation"] = organisation_value
    response = client.post("/fr/events/create/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "<script>" not in body.split("<main")[1]
    assert 'class="error"' in body
    assert not Event.objects.exists()


def test_staff_cannot_pass_another_organisation_through_the_search_box(
    client, staff_user, organisation, leagues
):
    client.force_login(staff_user)
    response = client.post(
        "/fr/events/create/", _form(leagues[2], organisation_q="paix")
    )
    assert response.status_code == 400
    assert not Event.objects.exists()
