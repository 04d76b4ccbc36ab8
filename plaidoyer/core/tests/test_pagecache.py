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


def test_junk_query_parameters_make_no_new_cache_entry_and_no_link(
    client, page_cache, make_organisation, theme
):
    # A cache-busting crawl (?x=1, ?x=2 …) filled every worker's memory with copies.
    from django.core.cache import cache

    make_organisation("Première asbl", themes=[theme])
    url = reverse("organisations:directory")
    first = client.get(f"{url}?theme={theme.slug}&utm_source=junk1")
    assert "X-Page-Cache" not in first
    entries = len(cache._cache)
    for junk in ("utm_source=junk2", "x=1", "x=2&y=3"):
        again = client.get(f"{url}?{junk}&theme={theme.slug}")
        assert again["X-Page-Cache"] == "hit"
    assert len(cache._cache) == entries
    assert "junk" not in first.content.decode()  # not in its links either
    # The parameters the page reads still count.
    other = client.get(f"{url}?theme={theme.slug}&page=2")
    assert "X-Page-Cache" not in other


def test_signed_in_visitors_keep_their_whole_query(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("organisations:directory") + "?utm_source=x")
    assert response.wsgi_request.GET.get("utm_source") == "x"


def test_cached_pages_go_out_gzipped_to_clients_that_accept_it(
    client, page_cache, make_organisation
):
    import gzip

    make_organisation("Première asbl")
    url = reverse("organisations:directory")
    plain = client.get(url)  # a miss, from a client that takes no gzip
    assert "Content-Encoding" not in plain and "Première asbl" in plain.text
    assert "Accept-Encoding" in plain["Vary"]
    zipped = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert zipped["X-Page-Cache"] == "hit" and zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content)
    assert gzip.decompress(zipped.content) == plain.content
    again = client.get(url)  # the same entry, decompressed for this client
    assert again["X-Page-Cache"] == "hit" and "Content-Encoding" not in again
    assert again.content == plain.content
    for refusing in ("gzip;q=0, br", "*, gzip;q=0", "br, deflate", "identity"):
        refused = client.get(url, headers={"accept-encoding": refusing})
        assert "Content-Encoding" not in refused and refused.content == plain.content
    anything = client.get(url, headers={"accept-encoding": "br;q=1.0, *;q=0.5"})
    assert anything["Content-Encoding"] == "gzip"


def test_a_miss_is_sent_gzipped_too_but_never_a_page_with_a_form(
    client, page_cache, make_organisation
):
    import gzip

    make_organisation("Première asbl")
    url = reverse("organisations:directory")
    miss = client.get(url, headers={"accept-encoding": "gzip"})
    assert "X-Page-Cache" not in miss and miss["Content-Encoding"] == "gzip"
    assert "Première asbl" in gzip.decompress(miss.content).decode()
    login = client.get(reverse("accounts:login"), headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in login  # a CSRF token: personal, kept plain
