import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from plaidoyer.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db

ODD_QUERIES = [
    "",
    "x" * 10_000,
    "' OR 1=1; DROP TABLE organisations_organisation; --",
    "<script>alert('x')</script>",
    "%_%\\",
    "😀 🏳️‍🌈",
    "مركز العمل",
    "\u202eevil\u202c",
    "\x00",
]


def url(name, lang="fr", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def directory(make_organisation, theme):
    network = make_organisation("Coalition NAPAR", kind="network", municipality="21004")
    liege = make_organisation(
        "Collectif Liégeois", municipality="62063", themes=[theme]
    )
    gent = make_organisation(
        "Buurtwerk Gent", municipality="44021", name_nl="Buurtwerk Gent"
    )
    Membership.objects.create(member=liege, network=network)
    return {"network": network, "liege": liege, "gent": gent}


def test_directory_lists_published_organisations(client, directory):
    hidden = Organisation.objects.get(slug="buurtwerk-gent")
    hidden.is_published = False
    hidden.save()
    response = client.get(url("organisations:directory"))
    assert response.status_code == 200
    names = [o.name for o in response.context["page"].object_list]
    assert names == ["Coalition NAPAR", "Collectif Liégeois"]


@pytest.mark.parametrize("query", ["liegeois", "LIÉGEOIS", "lieg", "Liège"])
def test_directory_search_ignores_accents_and_case(client, directory, query):
    response = client.get(url("organisations:directory"), {"q": query})
    names = [o.name for o in response.context["page"].object_list]
    assert "Collectif Liégeois" in names
    assert "Buurtwerk Gent" not in names


def test_directory_search_finds_by_municipality_name_in_dutch(client, directory):
    response = client.get(url("organisations:directory", "nl"), {"q": "Luik"})
    assert [o.name for o in response.context["page"].object_list] == [
        "Collectif Liégeois"
    ]


def test_directory_filters_combine(client, directory):
    response = client.get(
        url("organisations:directory"),
        {
            "theme": "logement",
            "province": directory["liege"].municipality.province.slug,
            "network": "coalition-napar",
        },
    )
    assert [o.slug for o in response.context["page"].object_list] == [
        "collectif-liegeois"
    ]
    response = client.get(url("organisations:directory"), {"region": "region-flamande"})
    assert all(
        o.municipality.province.region.slug == "region-flamande"
        for o in response.context["page"].object_list
    )


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_directory_never_fails_on_odd_input(client, directory, query):
    response = client.get(
        url("organisations:directory"),
        {
            "q": query,
            "theme": query,
            "province": query,
            "page": query,
            "kind": query,
            "network": query,
            "language": query,
        },
    )
    assert response.status_code == 200
    for name in ("organisations:map_data", "organisations:export_csv"):
        assert client.get(url(name), {"q": query, "region": query}).status_code == 200


def test_directory_shows_an_empty_state(client, directory):
    response = client.get(url("organisations:directory"), {"q": "zzzzzz"})
    assert response.status_code == 200
    assert "Aucune organisation" in response.content.decode()


def test_directory_query_count_is_constant(
    client, make_organisation, theme, django_assert_max_num_queries
):
    for i in range(30):
        make_organisation(f"Association {i}", themes=[theme])
    client.get(url("organisations:directory"))  # warm the filter-options cache
    # Count, page, themes, the data versions twice (the page cache's and the
    # filter options': tests read them every time, a process once a half-second),
    # and one for what other apps add (help).
    with django_assert_max_num_queries(6):
        response = client.get(url("organisations:directory"))
    assert len(response.context["page"].object_list) == 24


def test_htmx_request_gets_only_the_results(client, directory):
    response = client.get(
        url("organisations:directory"),
        {"q": "gent"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<html" not in body


def test_map_data_returns_points_of_filtered_organisations(client, directory):
    data = client.get(url("organisations:map_data"), {"q": "gent"}).json()
    assert len(data["points"]) == 1
    lat, lon, name, slug, notes = data["points"][0]
    assert notes == ""  # what other apps add (organisations.extensions)
    assert (name, slug) == ("Buurtwerk Gent", "buurtwerk-gent")
    assert 50.9 < lat < 51.2 and 3.5 < lon < 3.9


def test_csv_export_follows_filter_and_neutralises_formulas(client, make_organisation):
    make_organisation('=HYPERLINK("http://evil")', municipality="62063")
    make_organisation("Autre", municipality="44021")
    response = client.get(url("organisations:export_csv"), {"province": "liege"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))
        )
    )
    assert rows[0][0] == "Nom"
    assert len(rows) == 2
    assert rows[1][0].startswith("'=")


def test_profile_shows_networks_members_and_only_public_contacts(client, directory):
    network = directory["network"]
    network.contacts.create(name="Public Person", is_public=True)
    network.contacts.create(name="Secret Person", is_public=False, email="secret@x.be")
    body = client.get(network.get_absolute_url()).content.decode()
    assert "Collectif Liégeois" in body
    assert "Public Person" in body
    assert "Secret Person" not in body and "secret@x.be" not in body
    body = client.get(directory["liege"].get_absolute_url()).content.decode()
    assert "Coalition NAPAR" in body


def test_unknown_profile_is_a_translated_404(client, db):
    response = client.get("/nl/organisations/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    response = client.get("/de/organisations/gibt-es-nicht/")
    assert "Seite nicht gefunden" in response.content.decode()


def test_staff_edits_own_profile(client, staff_user, organisation, theme):
    client.force_login(staff_user)
    edit = url("organisations:edit", slug=organisation.slug)
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "name_fr": organisation.name_fr,
            "kind": "association",
            "description_fr": "Nouvelle description",
            "description_nl": "Nieuwe beschrijving",
            "postcode": "5002",
            "municipality": "",
            "themes": [theme.pk],
            "website": "https://cai.example.org",
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "0",
            "contacts-0-name": "Claire Dubois",
            "contacts-0-email": "claire@cai.example.org",
            "contacts-0-is_public": "on",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description_nl == "<p>Nieuwe beschrijving</p>"
    assert organisation.municipality.nis_code == "92094"  # from postcode 5002
    assert list(organisation.themes.all()) == [theme]
    assert organisation.contacts.get().name == "Claire Dubois"


def test_profile_errors_are_all_in_the_summary(client, staff_user, organisation):
    client.force_login(staff_user)
    response = client.post(
        url("organisations:edit", "nl", slug=organisation.slug),
        {
            "name_fr": organisation.name_fr,
            "kind": "association",
            "description_fr": "x" * 10_001,
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "0",
            "contacts-0-name": "Claire",
            "contacts-0-email": "bad@",
        },
    )
    assert response.status_code == 200
    summary = response.content.decode().split('id="error-summary"')[1].split("</ul>")[0]
    assert 'href="#id_contacts-0-email"' in summary  # a contact's error is listed
    assert 'href="#id_description_fr"' in summary  # and the too long description
    organisation.refresh_from_db()
    assert organisation.description_fr != "x" * 10_001


def test_staff_of_another_organisation_gets_403_and_nothing_changes(
    client, staff_user, make_organisation
):
    other = make_organisation("Autre association")
    client.force_login(staff_user)
    edit = url("organisations:edit", slug=other.slug)
    assert client.get(edit).status_code == 403
    response = client.post(
        edit,
        {
            "name_fr": "Pirate",
            "kind": "association",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.name_fr == "Autre association"


def test_anonymous_edit_redirects_to_login(client, organisation):
    response = client.get(url("organisations:edit", slug=organisation.slug))
    assert response.status_code == 302
    assert "/fr/accounts/login/" in response["Location"]


def _post_logo(client, organisation, upload):
    return client.post(
        url("organisations:edit", "nl", slug=organisation.slug),
        {
            "name_fr": organisation.name_fr,
            "kind": "association",
            "logo": upload,
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )


def test_logo_must_be_an_image(client, staff_user, organisation):
    client.force_login(staff_user)
    response = _post_logo(
        client,
        organisation,
        SimpleUploadedFile("logo.png", b"not an image", "image/png"),
    )
    assert response.status_code == 200
    assert "afbeelding" in response.content.decode()  # Dutch form error
    organisation.refresh_from_db()
    assert not organisation.logo


def test_oversized_logo_is_refused(client, staff_user, organisation, settings):
    settings.MAX_LOGO_BYTES = 1000
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 100).convert("RGB").save(buffer, "PNG")
    client.force_login(staff_user)
    response = _post_logo(
        client,
        organisation,
        SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png"),
    )
    assert response.status_code == 200
    assert "te groot" in response.content.decode()
    organisation.refresh_from_db()
    assert not organisation.logo


def test_valid_logo_is_saved(client, staff_user, organisation):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "navy").save(buffer, "PNG")
    client.force_login(staff_user)
    response = _post_logo(
        client,
        organisation,
        SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png"),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name.endswith(".png")


def test_postcode_must_match_municipality(client, staff_user, organisation):
    from plaidoyer.places.models import Municipality

    client.force_login(staff_user)
    response = client.post(
        url("organisations:edit", slug=organisation.slug),
        {
            "name_fr": organisation.name_fr,
            "kind": "association",
            "postcode": "1000",
            "municipality": Municipality.objects.get(nis_code="92094").pk,
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "1000" in response.content.decode()


def test_language_switcher_keeps_the_current_page(client, directory):
    body = client.get(directory["liege"].get_absolute_url()).content.decode()
    assert f'href="/nl/organisations/{directory["liege"].slug}/"' in body
    assert f'href="/de/organisations/{directory["liege"].slug}/"' in body


def test_root_redirects_to_a_language(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/nl/"


def test_home_page_renders_in_every_language(client, directory):
    for lang in ("fr", "nl", "en", "de"):
        response = client.get(f"/{lang}/")
        assert response.status_code == 200
        assert f'<html lang="{lang}">' in response.content.decode()


def test_old_dashboard_address_leads_to_the_workspace(client, staff_user):
    client.force_login(staff_user)
    response = client.get(url("organisations:dashboard"))
    assert response.status_code == 301
    assert response["Location"] == url("workspace:dashboard")


def test_logo_is_reencoded_and_the_replaced_one_deleted(
    client, staff_user, organisation, django_capture_on_commit_callbacks
):
    exif = Image.Exif()
    exif[0x8825] = {2: (50.0, 51.0, 0.0)}  # where the photo was taken
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "navy").save(buffer, "JPEG", exif=exif)
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        _post_logo(client, organisation, SimpleUploadedFile("a.jpg", buffer.getvalue()))
    organisation.refresh_from_db()
    first = organisation.logo.name
    assert not Image.open(organisation.logo.path).getexif()

    gif = io.BytesIO()
    Image.new("P", (32, 32)).save(gif, "GIF")
    payload = gif.getvalue() + b"<script>alert(1)</script>"
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_logo(
            client, organisation, SimpleUploadedFile("b.gif", payload)
        )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name.endswith(".png")
    assert b"<script>" not in organisation.logo.read()
    assert not organisation.logo.storage.exists(first)


def _post_kind(client, organisation, kind):
    return client.post(
        url("organisations:edit", "de", slug=organisation.slug),
        {
            "name_fr": organisation.name_fr,
            "kind": kind,
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )


def test_staff_cannot_change_their_organisations_kind(client, staff_user, organisation):
    # A staff member turned theirs into a municipality and could apply for a label.
    client.force_login(staff_user)
    page = client.get(url("organisations:edit", "de", slug=organisation.slug))
    assert (
        'name="kind"' in page.content.decode() and "disabled" in page.content.decode()
    )
    _post_kind(client, organisation, "municipality")
    organisation.refresh_from_db()
    assert organisation.kind == "association"


def test_the_service_refuses_a_kind_change_by_staff(staff_user, organisation):
    from django.core.exceptions import ValidationError

    from plaidoyer.organisations.services import update_profile

    with pytest.raises(ValidationError) as exc:
        update_profile(
            by=staff_user,
            organisation=organisation,
            changes={"kind": "municipality"},
            themes=[],
            languages=[],
            contacts=[],
        )
    assert "kind" in exc.value.message_dict
    organisation.refresh_from_db()
    assert organisation.kind == "association"


def test_a_coordinator_can_change_an_organisations_kind(
    client, coordinator, organisation
):
    client.force_login(coordinator)
    assert _post_kind(client, organisation, "municipality").status_code == 302
    organisation.refresh_from_db()
    assert organisation.kind == "municipality"


def _without_layout(html: str) -> str:
    import re

    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", [None, "", "liege", "nope", "<b>"])
def test_directory_selects_are_djangos_html_written_faster(value):
    from django import forms

    from plaidoyer.core.forms import PlainSelect

    choices = [("", "Toutes"), ("liege", "Liège & <Luik>"), ("gent", "Gent")]
    attrs = {"id": "id_province"}
    django_html = forms.Select(choices=choices).render("province", value, attrs)
    plain = PlainSelect(choices=choices).render("province", value, attrs)
    assert _without_layout(plain) == _without_layout(django_html)
    assert ("selected" in plain) == (value in ("", None, "liege"))


def test_directory_keeps_the_chosen_filter_selected(client, directory):
    body = client.get(url("organisations:directory"), {"province": "liege"}).content
    assert '<option value="liege" selected>' in body.decode()


def test_network_profile_lists_members_in_a_fixed_number_of_queries(
    client, make_organisation, django_assert_max_num_queries, settings
):
    from plaidoyer.organisations.views import MEMBERS_SHOWN

    network = make_organisation("Réseau Large", kind="network")
    for i in range(MEMBERS_SHOWN + 2):
        member = make_organisation(f"Membre {i:03d}", municipality="62063")
        Membership.objects.create(member=member, network=network)
    client.get(network.get_absolute_url())  # warm the per-process caches
    # Data versions, profile, themes, languages, contacts, networks, members,
    # their total, the help services.
    with django_assert_max_num_queries(9):
        body = client.get(network.get_absolute_url()).content.decode()
    assert f"{MEMBERS_SHOWN + 2} membres" in body
    assert 'href="/fr/organisations/membre-000/">Membre 000</a>' in body
    assert "Liège" in body
    assert "Membre 101" not in body  # beyond the first hundred: in the directory
