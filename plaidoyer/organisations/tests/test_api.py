import datetime

import pytest

from plaidoyer.organisations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(make_organisation, theme):
    network = make_organisation("Coalition NAPAR", kind="network", municipality="21004")
    member = make_organisation(
        "Collectif Liégeois",
        municipality="62063",
        themes=[theme],
        name_nl="Luikse Collectief",
    )
    Membership.objects.create(member=member, network=network, role="member")
    member.contacts.create(name="Public", is_public=True, email="pub@x.be")
    member.contacts.create(name="Private", is_public=False, email="priv@x.be")
    return network, member


def test_list_filters_and_paginates(client, orgs):
    data = client.get("/api/v1/organisations", {"q": "liegeois"}).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["slug"] == "collectif-liegeois"
    assert item["themes"] == ["logement"]
    assert item["municipality"]["nis_code"] == "62063"
    assert item["url"].endswith("/fr/organisations/collectif-liegeois/")
    data = client.get("/api/v1/organisations", {"network": "coalition-napar"}).json()
    assert [i["slug"] for i in data["items"]] == ["collectif-liegeois"]


def test_names_follow_accept_language(client, orgs):
    data = client.get(
        "/api/v1/organisations", {"q": "liegeois"}, HTTP_ACCEPT_LANGUAGE="nl"
    ).json()
    assert data["items"][0]["name"] == "Luikse Collectief"


def test_detail_has_networks_members_and_only_public_contacts(client, orgs):
    network, member = orgs
    data = client.get(f"/api/v1/organisations/{member.slug}").json()
    assert data["networks"] == [
        {
            "organisation": "coalition-napar",
            "name": "Coalition NAPAR",
            "role": "member",
            "since": None,
        }
    ]
    assert [c["name"] for c in data["contacts"]] == ["Public"]
    Membership.objects.update(since=datetime.date(2019, 3, 1))
    data = client.get(f"/api/v1/organisations/{network.slug}").json()
    assert data["members"] == [
        {
            "organisation": "collectif-liegeois",
            "name": "Collectif Liégeois",
            "role": "member",
            "since": "2019-03-01",
        }
    ]


def test_unknown_slug_is_404(client, db):
    assert client.get("/api/v1/organisations/nope").status_code == 404


@pytest.mark.parametrize("query", ["x" * 10_000, "'; DROP TABLE x; --", "😀", "\x00"])
def test_odd_queries_never_fail(client, orgs, query):
    response = client.get(
        "/api/v1/organisations", {"q": query, "theme": query, "page": "2"}
    )
    assert response.status_code in (200, 404)  # page 2 may not exist
    assert client.get("/api/v1/organisations", {"q": query}).status_code == 200


def test_themes_and_places_endpoints(client, orgs):
    assert "logement" in [t["slug"] for t in client.get("/api/v1/themes").json()]
    municipalities = client.get(
        "/api/v1/places/municipalities", {"postcode": "1040"}
    ).json()
    assert {m["nis_code"] for m in municipalities} == {"21004", "21005"}
    assert len(client.get("/api/v1/places/provinces").json()) == 11


def test_openapi_docs_are_served(client, db):
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "Plaidoyer API"
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/api/").status_code == 302
