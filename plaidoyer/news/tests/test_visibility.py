"""Members-only resources: every channel shows each person only what they may see."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plaidoyer.news import services
from plaidoyer.news.models import Resource
from plaidoyer.news.tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "outsider", "member", "steering", "coordinator"]
# Which visibilities each person sees.
SEES = {
    "anonymous": {"public"},
    "outsider": {"public"},
    "member": {"public", "members"},
    "steering": {"public", "members", "steering"},
    "coordinator": {"public", "members", "steering"},
}


@pytest.fixture
def resources(coordinator, theme):
    made = {}
    for visibility in ("public", "members", "steering"):
        made[visibility] = services.save_resource(
            by=coordinator,
            resource=Resource(
                title_fr=f"Dossier zébré {visibility}",
                kind="publication",
                year=2025,
                visibility=visibility,
                file=SimpleUploadedFile(
                    f"{visibility}.pdf", b"%PDF-1.4 " + visibility.encode()
                ),
            ),
            themes=[theme],
        )
    return made


def _as(client, audience_users, who):
    if who != "anonymous":
        client.force_login(audience_users[who])
    return client


@pytest.mark.parametrize("who", WHO)
def test_resource_list_shows_what_each_person_may_see(
    client, audience_users, resources, who
):
    _as(client, audience_users, who)
    response = client.get("/fr/resources/")
    shown = {r.visibility for r in response.context["page"].object_list}
    assert shown == SEES[who]


@pytest.mark.parametrize("who", WHO)
def test_resource_detail_and_download_answer_404_to_those_not_allowed(
    client, audience_users, resources, who
):
    _as(client, audience_users, who)
    for visibility, resource in resources.items():
        expected = 200 if visibility in SEES[who] else 404
        assert client.get(resource.get_absolute_url()).status_code == expected
        download = client.get(f"/fr/resources/{resource.slug}/download/")
        assert download.status_code == expected
        if expected == 200:
            assert b"".join(download.streaming_content).endswith(visibility.encode())
    resources["steering"].refresh_from_db()
    assert resources["steering"].downloads == (1 if "steering" in SEES[who] else 0)


@pytest.mark.parametrize("who", ["anonymous", "member", "coordinator"])
def test_site_search_and_theme_page_show_public_resources_only(
    client, audience_users, resources, theme, who
):
    _as(client, audience_users, who)
    body = client.get("/fr/search/", {"q": "zebre"}).content.decode()
    assert "Dossier zébré public" in body
    assert "Dossier zébré members" not in body
    assert "Dossier zébré steering" not in body
    body = client.get(f"/fr/themes/{theme.slug}/").content.decode()
    assert "Dossier zébré public" in body
    assert "members" not in {
        r.visibility
        for r in client.get(f"/fr/themes/{theme.slug}/").context["resources"]
    }


def test_sitemap_lists_public_resources_only(client, resources):
    body = sitemap_text(client)
    assert resources["public"].slug in body
    assert resources["members"].slug not in body
    assert resources["steering"].slug not in body


def test_page_cache_never_serves_restricted_resources_to_visitors(
    client, audience_users, resources, settings
):
    from django.test import Client

    settings.PAGE_CACHE = True
    member = Client()
    member.force_login(audience_users["member"])
    body = member.get("/fr/resources/").content.decode()
    assert "Dossier zébré members" in body  # rendered for the member...
    for _ in range(2):
        response = client.get("/fr/resources/")
        assert "Dossier zébré members" not in response.content.decode()
    assert response["X-Page-Cache"] == "hit"  # ...the visitors' page is another
    again = member.get("/fr/resources/")
    assert "X-Page-Cache" not in again  # a member's page never comes from the cache
    assert "Dossier zébré members" in again.content.decode()
    anonymous_detail = client.get(resources["members"].get_absolute_url())
    assert anonymous_detail.status_code == 404
    assert member.get(resources["members"].get_absolute_url()).status_code == 200
    assert client.get(resources["members"].get_absolute_url()).status_code == 404


def test_visibility_is_set_in_the_admin(client, coordinator, resources):
    client.force_login(coordinator)
    url = f"/admin/news/resource/{resources['public'].pk}/change/"
    assert 'name="visibility"' in client.get(url).content.decode()
