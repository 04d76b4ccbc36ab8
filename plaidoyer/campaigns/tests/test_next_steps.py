"""After a letter: share the case and write for another one; after registering
for an event: add it to a calendar and share it."""

import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone

from plaidoyer.campaigns.models import Action, Campaign, Case
from plaidoyer.campaigns.tests.test_views import _form_data
from plaidoyer.core import versions
from plaidoyer.core.share import share
from plaidoyer.core.versions import Version

pytestmark = pytest.mark.django_db


def test_share_links_carry_the_address_and_the_text(settings):
    settings.SITE_URL = "https://example.org"
    links = {k: href for k, _label, href in share("/fr/x/?a=1", "Écrivez").links}
    url = quote("https://example.org/fr/x/?a=1", safe="")
    assert links["email"].startswith("mailto:?subject=%C3%89crivez&body=")
    assert url in links["whatsapp"] and url in links["facebook"]
    assert links["x"].startswith("https://x.com/intent/post?")
    assert links["bluesky"].startswith("https://bsky.app/intent/compose?")


def test_thank_you_offers_share_links_and_the_other_case(client, campaign):
    response = client.post("/fr/campaigns/marathon/act/", _form_data())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Partager" in body
    case_url = quote("/fr/campaigns/marathon/?case=ana#case-ana", safe="")
    assert "https://wa.me/?text=" in body and case_url in body
    assert 'value="http://testserver' not in body  # SITE_URL, not the Host header
    assert "Écrire pour une autre personne" in body
    assert 'href="/fr/campaigns/marathon/?case=karim#act"' in body
    assert "?case=ana#act" not in body  # not the case just written for
    assert "js/share.js" in body


def test_htmx_thank_you_has_share_links_under_its_h2(client, campaign):
    response = client.post(
        "/fr/campaigns/marathon/act/", _form_data(), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<h1" not in body
    assert '<h3 id="share-case">' in body and '<h3 id="next-cases-title">' in body


def test_other_case_shows_its_photo(client, campaign):
    from django.core.files.base import ContentFile

    karim = Case.objects.get(slug="karim")
    karim.photo.save("karim.png", ContentFile(b"\x89PNG"), save=False)
    karim.photo_alt_fr = "Karim souriant"
    karim.save()
    versions.bump(Version.CAMPAIGNS)
    body = client.post("/fr/campaigns/marathon/act/", _form_data()).content.decode()
    assert 'alt="Karim souriant"' in body and karim.photo.url in body


def test_confirmed_page_leaves_out_every_case_the_address_wrote_for(
    client, campaign, capture
):
    Case.objects.create(campaign=campaign, slug="lea", name="Léa", position=2)
    versions.bump(Version.CAMPAIGNS)
    with capture(execute=True):
        client.post("/fr/campaigns/marathon/act/", _form_data(case="karim"))
        client.post("/fr/campaigns/marathon/act/", _form_data())
    action = Action.objects.get(case__slug="ana")
    body = client.post(f"/fr/campaigns/confirm/{action.token}/").content.decode()
    assert "Votre lettre compte" in body
    assert "?case=lea#act" in body
    assert "?case=karim#act" not in body and "?case=ana#act" not in body
    assert "Partager" in body


def test_thank_you_of_the_same_address_does_not_tell_what_it_wrote_before(
    client, campaign, capture
):
    with capture(execute=True):
        client.post("/fr/campaigns/marathon/act/", _form_data(case="karim"))
    # A stranger typing the same address for Ana sees Karim offered as usual.
    body = client.post("/fr/campaigns/marathon/act/", _form_data()).content.decode()
    assert "?case=karim#act" in body


def test_no_other_case_once_the_campaign_is_closed(client, campaign, capture):
    with capture(execute=True):
        client.post("/fr/campaigns/marathon/act/", _form_data())
    action = Action.objects.get()
    Campaign.objects.update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    versions.bump(Version.CAMPAIGNS)
    body = client.post(f"/fr/campaigns/confirm/{action.token}/").content.decode()
    assert "?case=karim#act" not in body
    assert "Partager" in body


def test_confirmation_of_an_unpublished_campaign_offers_nothing_more(
    client, campaign, capture
):
    with capture(execute=True):
        client.post("/fr/campaigns/marathon/act/", _form_data())
    action = Action.objects.get()
    Campaign.objects.update(is_published=False)
    versions.bump(Version.CAMPAIGNS)
    response = client.post(f"/fr/campaigns/confirm/{action.token}/")
    assert response.status_code == 200
    assert "Partager" not in response.content.decode()


def test_bad_action_input_shows_no_next_steps(client, campaign):
    response = client.post(
        "/fr/campaigns/marathon/act/", _form_data(case="9999", email="<b>x")
    )
    assert response.status_code == 400
    assert "Écrire pour une autre personne" not in response.content.decode()
    assert not Action.objects.exists()


# --- Events -----------------------------------------------------------------------


@pytest.fixture
def event(make_event):
    return make_event(slug="table-ronde", title="Table ronde logement", capacity=5)


def test_registered_page_offers_the_calendar_and_share_links(client, event):
    response = client.post(
        f"/fr/events/{event.slug}/register/",
        {"name": "An Peeters", "email": "an@example.org"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/fr/events/{event.slug}/event.ics"' in body
    assert "Partager" in body
    assert quote(f"/fr/events/{event.slug}/", safe="") in body


def test_htmx_registered_fragment_has_its_share_heading_one_level_down(client, event):
    body = client.post(
        f"/nl/events/{event.slug}/register/",
        {"name": "An Peeters", "email": "an@example.org"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert '<h3 id="share-event">Delen</h3>' in body


def test_confirmed_registration_offers_the_calendar(client, event, capture):
    from plaidoyer.events.models import Registration

    with capture(execute=True):
        client.post(
            f"/fr/events/{event.slug}/register/",
            {"name": "An Peeters", "email": "an@example.org"},
        )
    registration = Registration.objects.get()
    body = client.post(
        f"/fr/events/registration/{registration.token}/confirm/"
    ).content.decode()
    assert f"/fr/events/{event.slug}/event.ics" in body
    assert "Partager" in body
