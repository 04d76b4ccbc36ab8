import pytest

pytestmark = pytest.mark.django_db


def test_bodies_and_services_are_open_data(client, help_data):
    bodies = client.get("/api/v1/help/bodies", HTTP_ACCEPT_LANGUAGE="nl").json()
    by_slug = {b["slug"]: b for b in bodies}
    assert by_slug["vmri"]["name"] == "Vlaams Mensenrechteninstituut"
    assert by_slug["vmri"]["regions"] == [help_data["flanders"].slug]
    assert by_slug["iefh"]["grounds"] == ["sex"]
    assert by_slug["police"]["offences_only"] is True
    services = client.get("/api/v1/help/services", HTTP_ACCEPT_LANGUAGE="nl").json()
    huis = next(s for s in services if s["organisation"] == help_data["huis"].slug)
    assert huis["opening_hours"] == "Maandag en donderdag, 9u–12u"
    assert set(huis["languages"]) == {"nl", "fr"}
    assert huis["fields"] == ["housing", "work"]


def test_unpublished_services_are_not_in_the_api(client, help_data):
    service = help_data["buurt_service"]
    service.is_published = False
    service.save()
    ids = [s["id"] for s in client.get("/api/v1/help/services").json()]
    assert service.pk not in ids and help_data["huis_service"].pk in ids


def test_figures_api_is_empty_without_consented_testimonies(client, testify):
    testify(consent_figures=False)
    assert client.get("/api/v1/help/figures").json() == []
