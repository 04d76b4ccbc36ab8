"""What a visitor does on the home page, with the site search and the contact form,
in Chromium.

The UI strings are being translated while these tests are written, so they check
URLs, ``lang`` attributes, ids and data, never a translated sentence.
"""

import datetime
import re
import time

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from plaidoyer.commitments.services import record_status_update
from plaidoyer.commitments.views import STATUS_COLOURS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The contact form refuses what is sent faster than this (a bot's speed).
SECONDS_A_PERSON_TAKES = 3.5


def test_home_shows_figures_barometer_chart_campaign_and_map(
    page, member_directory, barometer, campaign, make_event, coordinator
):
    starts = timezone.now() + datetime.timedelta(hours=2)
    event = make_event(slug="rencontre", starts_at=starts)
    record_status_update(
        by=coordinator,
        commitment=barometer["commitment"],
        date=timezone.localdate(),
        status="implemented",
    )
    this_year = int(timezone.localtime(starts).year == timezone.localdate().year)

    page.goto("/nl/")

    expect(page.locator("html")).to_have_attribute("lang", "nl")
    # Members (of the network: the CAI and the Liège collective, not the network
    # itself nor the organisations only listed), events this year, letters,
    # recommendations implemented.
    expect(page.locator(".figure-cards .figure")).to_have_text(
        ["2", str(this_year), "0", "1"]
    )
    chart = page.locator("section[aria-labelledby=barometer-title] .hbars")
    parts = chart.locator(".hbar-part")
    expect(parts).to_have_count(2)  # implemented, no commitment
    expect(parts.first).to_have_attribute(
        "style", re.compile(f"background:{STATUS_COLOURS['implemented']}")
    )
    expect(
        page.locator(f'.event-list a[href="/nl/events/{event.slug}/"]')
    ).to_be_visible()
    # htmx loads the campaign's live counter.
    expect(page.locator("#counter .counter-total .figure")).to_have_text("0")
    the_map = page.locator("#org-map")
    expect(the_map).to_have_attribute("data-count", str(len(member_directory.all)))
    expect(the_map.locator(".leaflet-overlay-pane path").first).to_be_attached()


def test_header_search_in_dutch_finds_an_organisation_without_its_accents(
    page, member_directory, article
):
    page.goto("/nl/")

    page.locator("#site-q").fill("liegeois")
    page.locator("#site-q").press("Enter")

    expect(page).to_have_url(re.compile(r"/nl/search/\?q=liegeois$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("#search-q")).to_have_value("liegeois")
    groups = page.locator("main .search-group")
    expect(groups).to_have_count(2)
    # Organisations first, then news.
    expect(groups.first).to_have_attribute("aria-labelledby", "group-organisations")
    expect(groups.first.locator("li a")).to_have_text(["Collectif Liégeois"])
    expect(groups.first.locator("li a")).to_have_attribute(
        "href", f"/nl/organisations/{member_directory.liege.slug}/"
    )
    expect(groups.nth(1)).to_have_attribute("aria-labelledby", "group-articles")
    expect(groups.nth(1).locator("li a")).to_have_attribute(
        "href", f"/nl/news/{article.slug}/"
    )


def test_contact_form_sends_to_the_coordinators_and_a_copy_to_the_sender(
    page, coordinator
):
    page.goto("/fr/contact/")
    opened = time.monotonic()
    form = page.locator("main form")
    form.locator("#id_name").fill("Fatou Diallo")
    form.locator("#id_email").fill("fatou@example.org")
    form.locator("#id_subject").fill("Adhésion de notre asbl")
    form.locator("#id_message").fill("Comment notre association peut-elle adhérer ?")
    page.wait_for_timeout(
        max(0, (SECONDS_A_PERSON_TAKES - (time.monotonic() - opened)) * 1000)
    )
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/fr/contact/$"))
    expect(page.locator("main form")).to_have_count(0)
    expect(page.locator("main h1")).to_be_visible()
    to_coordination = [m for m in mail.outbox if coordinator.email in m.to]
    to_sender = [m for m in mail.outbox if m.to == ["fatou@example.org"]]
    assert len(to_coordination) == 1 and len(to_sender) == 1
    assert to_coordination[0].reply_to == ["fatou@example.org"]
    assert "Comment notre association peut-elle adhérer ?" in to_coordination[0].body
    assert "fatou@example.org" not in to_coordination[0].to


def test_contact_form_sent_at_a_bots_speed_sends_nothing(page, coordinator):
    page.goto("/fr/contact/")
    form = page.locator("main form")
    form.locator("#id_name").fill("Bot")
    form.locator("#id_email").fill("bot@example.org")
    form.locator("#id_subject").fill("Offre")
    form.locator("#id_message").fill("Achetez maintenant.")
    form.locator("button[type=submit]").click()

    # Answered like a success, so that a bot learns nothing.
    expect(page.locator("main form")).to_have_count(0)
    assert mail.outbox == []


def test_news_pages_have_no_serious_accessibility_violation(
    page, check_accessibility, member_directory, barometer, campaign, article, resource
):
    def ready(page, path):
        if path in ("/fr/", "/nl/"):  # as a visitor sees it: map and counter drawn
            expect(
                page.locator("#org-map .leaflet-overlay-pane path").first
            ).to_be_attached()
            expect(page.locator("#counter")).to_be_visible()

    check_accessibility(
        page,
        [
            "/fr/",
            "/nl/",
            f"/fr/news/{article.slug}/",
            "/fr/resources/",
            "/fr/search/?q=liegeois",
        ],
        ready,
    )
