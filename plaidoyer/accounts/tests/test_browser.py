"""A person asks for their personal data and has it erased, in Chromium.

Like the other browser tests, these check URLs, ``lang`` attributes, ids and
data, never a translated sentence.
"""

import json
import re
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plaidoyer.events.models import Event, Registration
from plaidoyer.events.services import register_participant
from plaidoyer.news.models import Subscriber

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = r"/nl/accounts/personal-data/[^/]+/"


def test_a_person_exports_and_erases_their_data_in_dutch_then_nothing_is_found(
    new_page, make_event, mail_link, coordinator, browser_login
):
    event = make_event(slug="rondetafel", capacity=10)
    register_participant(event=event, name="Lotte Peeters", email="lotte@example.org")
    Subscriber.objects.create(email="lotte@example.org", confirmed_at=timezone.now())
    page = new_page(locale="nl-BE")

    page.goto("/nl/")
    page.locator(".site-footer a[href='/nl/accounts/personal-data/']").click()
    expect(page).to_have_url(re.compile(r"/nl/accounts/personal-data/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.locator("#id_email").fill("Lotte@Example.org")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("#id_email")).to_have_count(0)

    page.goto(mail_link("lotte@example.org", LINK))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("main table").first).to_contain_text("Lotte Peeters")

    with page.expect_download() as download_info:
        page.locator("form[action$='/export/'] button").click()
    download = download_info.value
    assert re.fullmatch(r"personal-data-\d{8}\.zip", download.suggested_filename)
    with zipfile.ZipFile(download.path()) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["email"] == "lotte@example.org"
    assert data["records"]["events.registration"][0]["name"] == "Lotte Peeters"

    page.locator("form[action$='/erase/'] button").click()
    # A confirmation first: nothing is erased yet.
    expect(page.locator("input[name=confirm][value=yes]")).to_be_attached()
    assert Subscriber.objects.exists()
    page.locator("main form[action$='/erase/'] button[type=submit]").click()
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("form[action$='/erase/']")).to_have_count(0)

    assert not Subscriber.objects.exists()
    registration = Registration.objects.get()
    assert registration.anonymised_at is not None
    assert Event.objects.get(pk=event.pk).seats_taken == 1

    # The coordinator looks the address up: nothing is held any more.
    coordination = new_page()
    browser_login(coordination, coordinator)
    coordination.goto("/fr/accounts/personal-data/lookup/?email=lotte%40example.org")
    expect(coordination.locator("main .notice")).to_be_visible()
    expect(coordination.locator("main table")).to_have_count(0)
