"""The campaign page is served from the page cache to anonymous visitors: its
letter form carries no per-visitor CSRF token, and the action view refuses posts
from other sites by their Origin (or, over HTTPS, their Referer) instead."""

import pytest
from django.test import Client

from plaidoyer.campaigns.models import Action
from plaidoyer.campaigns.tests.test_views import _form_data

pytestmark = pytest.mark.django_db

ACT = "/fr/campaigns/marathon/act/"


def test_second_anonymous_visitor_gets_the_campaign_page_from_the_cache(
    campaign, settings
):
    settings.PAGE_CACHE = True
    first = Client().get("/fr/campaigns/marathon/?case=ana")
    assert first.status_code == 200 and "X-Page-Cache" not in first
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert 'action="/fr/campaigns/marathon/act/"' in first.content.decode()
    second = Client().get("/fr/campaigns/marathon/?case=ana")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_signed_in_visitor_is_not_served_the_cached_page(
    client, campaign, settings, staff_user
):
    settings.PAGE_CACHE = True
    Client().get("/fr/campaigns/marathon/")
    client.force_login(staff_user)
    assert "X-Page-Cache" not in client.get("/fr/campaigns/marathon/")


def test_letter_from_our_own_page_is_taken_without_a_csrf_token(campaign, capture):
    client = Client(enforce_csrf_checks=True)
    with capture(execute=True):
        response = client.post(ACT, _form_data(), HTTP_ORIGIN="http://testserver")
    assert response.status_code == 200
    assert Action.objects.count() == 1


def test_letter_posted_from_another_site_is_refused_with_a_clear_message(campaign):
    client = Client(enforce_csrf_checks=True)
    response = client.post(ACT, _form_data(), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert "depuis un autre site" in response.content.decode()
    assert Action.objects.count() == 0


def test_letter_over_https_with_a_foreign_referer_and_no_origin_is_refused(
    campaign, settings
):
    settings.SECURE_SSL_REDIRECT = False
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        ACT, _form_data(), secure=True, HTTP_REFERER="https://evil.example/page"
    )
    assert response.status_code == 403
    response = client.post(ACT, _form_data(), secure=True)  # neither header
    assert response.status_code == 403
    assert Action.objects.count() == 0
    response = client.post(
        ACT,
        _form_data(),
        secure=True,
        HTTP_REFERER="https://testserver/fr/campaigns/marathon/",
    )
    assert response.status_code == 200
    assert Action.objects.count() == 1


def test_htmx_post_from_another_site_is_refused(campaign):
    response = Client().post(
        ACT, _form_data(), HTTP_ORIGIN="null", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert Action.objects.count() == 0
