"""What a visitor and a coordinator do with the memorandum and the barometer, in Chromium.

The UI strings are being translated while these tests are written, so they check
URLs, ``lang`` attributes, ids, classes and data, never a translated sentence.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plaidoyer.commitments.models import Recommendation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_filters_the_memorandum_in_dutch_and_reads_a_timeline(page, barometer):
    commitment = barometer["commitment"]
    page.goto("/nl/memorandum/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    codes = page.locator("#results .recommendation-list .code")
    expect(codes).to_have_text(["EMP-01", "EMP-02", "LOG-01"])
    page.evaluate("window.stillTheSamePage = true")

    page.locator("#id_sector").select_option("emploi")

    expect(page).to_have_url(re.compile(r"/nl/memorandum/\?(.*&)?sector=emploi"))
    expect(codes).to_have_text(["EMP-01", "EMP-02"])
    assert page.evaluate("window.stillTheSamePage") is True  # htmx, no reload
    page.locator("#results").get_by_role(
        "link", name="Praktijktests veralgemenen"
    ).click()

    expect(page).to_have_url(re.compile(r"/nl/recommendations/EMP-01/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Praktijktests veralgemenen"
    )
    card = page.locator(".commitment-card")
    expect(card).to_have_count(1)
    expect(card.locator("h3 a")).to_have_attribute(
        "href", f"/nl/commitments/{commitment.pk}/"
    )
    expect(card.locator(".status-announced")).to_be_visible()
    timeline = page.locator(".timeline-box ol.timeline")
    expect(timeline).to_be_hidden()  # folded until asked for
    page.locator(".timeline-box summary").click()
    expect(timeline.locator("li")).to_have_count(1)
    expect(timeline.locator("li time")).to_have_attribute("datetime", "2024-03-01")
    expect(timeline.locator("li .status-announced")).to_be_visible()


def test_coordinator_records_an_update_and_the_barometer_counts_it(
    page, form_login, coordinator, barometer
):
    commitment = barometer["commitment"]
    today = timezone.localdate().isoformat()
    page.goto("/fr/barometer/")
    expect(page.locator(".key-figures .status-announced")).to_be_visible()
    expect(page.locator(".key-figures .status-implemented")).to_have_count(0)

    form_login(page, coordinator.email, f"/fr/commitments/{commitment.pk}/")
    form = page.locator(".update-box form")
    form.locator("#id_status").select_option("implemented")
    form.locator("#id_date").fill(today)
    form.locator("#id_note").fill("Arrêté royal publié.")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/fr/commitments/{commitment.pk}/$"))
    expect(page.locator(".messages .message-success")).to_be_visible()
    latest = page.locator("main ol.timeline > li").first
    expect(latest.locator("time")).to_have_attribute("datetime", today)
    expect(latest.locator(".status-implemented")).to_be_visible()
    expect(page.locator("main ol.timeline > li")).to_have_count(2)
    commitment.refresh_from_db()
    assert commitment.status == "implemented"
    assert Recommendation.objects.get(code="EMP-01").barometer_status == "implemented"

    page.goto("/fr/barometer/")
    # One recommendation in three is implemented.
    implemented = page.locator(".key-figures li").filter(
        has=page.locator(".status-implemented")
    )
    expect(implemented.locator(".figure")).to_have_text("33 %")
    sector_table = page.locator("section[aria-labelledby=sector-title] table")
    employment = sector_table.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name="Emploi", exact=True)
    )
    # Columns: sector, then the statuses in barometer order (implemented first).
    expect(employment.locator("td").first).to_have_text("1")
    expect(employment.locator("td").last).to_have_text("2")  # total
    latest_change = page.locator("section[aria-labelledby=timeline-title] li").first
    expect(latest_change.locator("a")).to_have_attribute(
        "href", f"/fr/commitments/{commitment.pk}/"
    )
    expect(latest_change.locator(".status-implemented")).to_be_visible()


def test_status_update_form_offers_today_as_the_date(
    page, browser_login, coordinator, barometer
):
    browser_login(page, coordinator)
    page.goto(f"/fr/commitments/{barometer['commitment'].pk}/")

    expect(page.locator("#id_date")).to_have_value(
        timezone.localdate().isoformat(), timeout=1000
    )


def test_barometer_pages_have_no_serious_accessibility_violation(
    page, check_accessibility, barometer
):
    def ready(page, path):
        for summary in page.locator("details summary").all():
            summary.click()  # check the timelines too
        if "/recommendations/" in path:  # the follow form, loaded by htmx
            expect(page.locator(".follow-box form input[name=email]")).to_be_visible()

    check_accessibility(
        page,
        ["/fr/barometer/", "/fr/memorandum/", "/fr/recommendations/EMP-01/"],
        ready,
    )
