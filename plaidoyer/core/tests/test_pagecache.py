import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True


def test_anonymous_pages_are_served_from_the_cache_until_data_changes(
    client, page_cache, make_organisation, django_assert_max_num_queries
):
    make_organisation("Première asbl")
    url = reverse("organisations:directory")
    first = client.get(url)
    assert "X-Page-Cache" not in first and "Première asbl" in first.content.decode()
    with django_assert_max_num_queries(1):  # the data version only
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    make_organisation("Deuxième asbl")  # bumps the organisations data version
    third = client.get(url)
    assert "X-Page-Cache" not in third and "Deuxième asbl" in third.content.decode()


def test_signed_in_visitors_and_pages_with_forms_are_never_cached(
    client, page_cache, staff_user, organisation
):
    client.get(organisation.get_absolute_url())
    client.force_login(staff_user)
    response = client.get(organisation.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert (
        "/edit/" in response.content.decode()
    )  # the staff's own view, not the cache's
    client.logout()
    client.cookies.clear()
    login = reverse("accounts:login")
    client.get(login)
    assert "X-Page-Cache" not in client.get(login)  # its form carries a CSRF token


def test_languages_and_queries_are_cached_apart(client, page_cache, make_organisation):
    make_organisation("Asbl", name_nl="Vzw")
    fr = client.get("/fr/organisations/")
    nl = client.get("/nl/organisations/")
    assert fr.content != nl.content
    filtered = client.get("/fr/organisations/", {"q": "zzz"})
    assert filtered.content != fr.content
