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
    page.locator(
        f".update-box a[href='/fr/commitments/{commitment.pk}/update/']"
    ).click()
    form = page.locator("form.update-form")
    form.locator("#id_status").select_option("implemented")
    form.locator("#id_date").fill(today)
    form.locator("#id_note").fill("Arrêté royal publié.")
    form.locator("#id_note_source").fill("Moniteur belge")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(
        re.compile(rf"/fr/commitments/{commitment.pk}/update/confirm/$")
    )
    page.locator("main form.actions button[type=submit]").click()

    expect(page).to_have_url(
        re.compile(rf"/fr/commitments/{commitment.pk}/#update-\d+$")
    )
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
    page.goto(f"/fr/commitments/{barometer['commitment'].pk}/update/")

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


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_coordinator_records_an_update_with_evidence_then_a_correction_in_dutch(
    page, browser_login, coordinator, barometer
):
    commitment = barometer["commitment"]
    today = timezone.localdate().isoformat()
    browser_login(page, coordinator)
    page.goto("/nl/status-updates/new/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.locator("#id_authority").select_option("gouvernement-federal")
    page.locator("main form[role=search] button[type=submit]").click()
    page.locator(f"a[href='/nl/commitments/{commitment.pk}/update/']").click()

    form = page.locator("form.update-form")
    form.locator("#id_status").select_option("implemented")
    form.locator("#id_progress").fill("100")
    form.locator("#id_date").fill(today)
    form.locator("#id_evidence_url").fill("https://www.ejustice.just.fgov.be/besluit")
    form.locator("#id_evidence_file").set_input_files(
        files=[{"name": "besluit.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    form.locator("#id_note").fill("Koninklijk besluit gepubliceerd.")
    form.locator("button[type=submit]").click()

    # The confirmation shows what will become public; back keeps the input.
    expect(page).to_have_url(
        re.compile(rf"/nl/commitments/{commitment.pk}/update/confirm/$")
    )
    preview = page.locator(".update-preview")
    expect(preview.locator(".status-announced")).to_be_visible()
    expect(preview.locator(".status-implemented")).to_be_visible()
    expect(preview.locator("time")).to_have_attribute("datetime", today)
    expect(preview.locator(".update-note")).to_have_text(
        "Koninklijk besluit gepubliceerd."
    )
    expect(preview.locator(".evidence a")).to_have_attribute(
        "href", "https://www.ejustice.just.fgov.be/besluit"
    )
    expect(preview.locator(".evidence-file")).to_contain_text("besluit.pdf")
    page.locator(
        f"main form.actions a[href='/nl/commitments/{commitment.pk}/update/']"
    ).click()
    expect(form.locator("#id_note")).to_have_value("Koninklijk besluit gepubliceerd.")
    expect(form.locator("#id_progress")).to_have_value("100")
    expect(form.locator("#id_keep_file")).to_be_checked()
    form.locator("button[type=submit]").click()
    page.locator("main form.actions button[type=submit]").click()

    expect(page).to_have_url(
        re.compile(rf"/nl/commitments/{commitment.pk}/#update-\d+$")
    )
    wrong = page.locator("main ol.timeline > li").first
    expect(wrong.locator(".status-implemented")).to_be_visible()
    expect(wrong.locator(".evidence a").last).to_have_attribute(
        "href", re.compile(r"/media/evidence/\d{4}/besluit.*\.pdf$")
    )

    # A correction: from the entry's own link, with a sourced note.
    wrong.locator(".correct-link a").click()
    form.locator("#id_status").select_option("partly_implemented")
    form.locator("#id_date").fill(today)
    form.locator("#id_note").fill("Het besluit geldt alleen voor de federale diensten.")
    form.locator("#id_note_source").fill("Antwoord van de minister, Kamer")
    form.locator("button[type=submit]").click()
    expect(page.locator(".update-preview .correction")).to_be_visible()
    page.locator("main form.actions button[type=submit]").click()

    items = page.locator("main ol.timeline > li")
    expect(items).to_have_count(3)
    correction = items.filter(has=page.locator(".correction"))
    corrected = items.filter(has=page.locator(".corrected-mark"))
    expect(correction.locator(".status-partly_implemented")).to_be_visible()
    expect(correction.locator(".note-source")).to_contain_text(
        "Antwoord van de minister"
    )
    expect(corrected.locator(".status-implemented")).to_be_visible()
    fix_id = correction.get_attribute("id")
    expect(corrected.locator(".corrected-mark a")).to_have_attribute(
        "href", f"/nl/commitments/{commitment.pk}/#{fix_id}"
    )
    expect(page.locator(".commitment-card .status-partly_implemented")).to_be_visible()


def test_status_update_pages_have_no_serious_accessibility_violation(
    page, browser_login, check_accessibility, coordinator, barometer
):
    commitment = barometer["commitment"]
    browser_login(page, coordinator)
    page.goto(f"/de/commitments/{commitment.pk}/update/")
    form = page.locator("form.update-form")
    form.locator("#id_note").fill("Beschluss veröffentlicht.")
    form.locator("#id_note_source").fill("Staatsblatt")
    form.locator("button[type=submit]").click()
    expect(page.locator(".update-preview")).to_be_visible()
    check_accessibility(
        page,
        [
            "/de/status-updates/new/?authority=gouvernement-federal",
            f"/de/commitments/{commitment.pk}/update/",
            f"/de/commitments/{commitment.pk}/update/confirm/",
            f"/de/commitments/{commitment.pk}/",
        ],
    )
