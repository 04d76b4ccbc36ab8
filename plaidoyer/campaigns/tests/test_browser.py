"""What a signer, a local group and a coordinator do with a letter campaign, in Chromium.

The UI strings are being translated while these tests are written, so they check
URLs, ``lang`` attributes, ids and data, never a translated sentence.
"""

import re
import time

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from playwright.sync_api import expect

from plaidoyer.campaigns.models import Action, PaperBatch
from plaidoyer.core.ratelimit import MIN_SECONDS_ON_FORM
from plaidoyer.places.models import Municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def total_on_the_counter(page):
    return page.locator("#counter .counter-total .figure")


def test_sign_in_dutch_confirm_by_email_and_the_counter_moves(
    page, campaign, mail_link
):
    page.goto("/nl/campaigns/marathon/")
    opened = time.monotonic()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(total_on_the_counter(page)).to_have_text("0")
    form = page.locator("#act form")
    expect(form.locator("input[name=case][value=ana]")).to_be_checked()
    form.locator("input[name=kind][value=signature]").check()
    form.locator("#id_name").fill("Lotte De Smet")
    form.locator("#id_email").fill("lotte@example.org")
    expect(form.locator("input[name=in_belgium][value=yes]")).to_be_checked()
    form.locator("#id_postcode").fill("99")
    form.locator("#id_consent").check()
    # The form refuses what is sent faster than a person could: wait like one.
    page.wait_for_timeout(
        max(0, (MIN_SECONDS_ON_FORM + 0.5 - (time.monotonic() - opened)) * 1000)
    )
    form.locator("button[type=submit]").click()

    # htmx swaps the form back in with its errors, in Dutch, focused; the rest of
    # the page stays.
    summary = page.locator("#act .error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("vier cijfers")
    assert not Action.objects.exists()
    form.locator("#id_postcode").fill("9000")
    form.locator("button[type=submit]").click()

    thanks = page.locator("#act h2")
    expect(thanks).to_be_focused()
    expect(thanks).to_have_text("Bedankt")
    expect(page).to_have_url(re.compile(r"/nl/campaigns/marathon/$"))
    expect(total_on_the_counter(page)).to_be_visible()
    expect(page.locator("h1")).to_have_count(1)
    action = Action.objects.get()
    assert action.municipality == Municipality.objects.get(nis_code="44021")  # Gent
    assert (action.case.slug, action.kind, action.language) == (
        "ana",
        "signature",
        "nl",
    )
    assert action.confirmed_at is None and not action.flagged

    page.goto(mail_link("lotte@example.org", r"/nl/campaigns/confirm/[^/]+/"))
    # Opening the link (as a mail scanner does) confirms nothing: the button does.
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    action.refresh_from_db()
    assert action.confirmed_at is None
    page.locator("main form button[type=submit]").click()
    expect(page.locator('main a[href="/nl/campaigns/marathon/"]')).to_be_visible()
    action.refresh_from_db()
    assert action.confirmed_at is not None
    # The counter is cached for a few seconds; the live server shares this cache.
    cache.clear()
    page.locator('main a[href="/nl/campaigns/marathon/"]').click()
    expect(total_on_the_counter(page)).to_have_text("1")


def test_the_letter_follows_the_chosen_case_until_the_writer_edits_it(page, campaign):
    campaign.cases.filter(slug="karim").update(letter_template_fr="Libérez Karim.")
    page.goto("/fr/campaigns/marathon/")
    form = page.locator("#act form")
    letter = form.locator("textarea[name=letter]")
    expect(letter).to_have_value("Libérez Ana.")
    form.locator("input[name=case][value=karim]").check()
    expect(letter).to_have_value("Libérez Karim.")
    letter.fill("Libérez Karim, et vite.")
    form.locator("input[name=case][value=ana]").check()
    expect(letter).to_have_value("Libérez Karim, et vite.")  # the writer's text stays

    # A postcode in Belgium, a country abroad: only the one that applies shows.
    expect(form.locator("#id_postcode")).to_be_visible()
    expect(form.locator("#id_country")).to_be_hidden()
    form.locator("input[name=in_belgium][value=no]").check()
    expect(form.locator("#id_country")).to_be_visible()
    expect(form.locator("#id_postcode")).to_be_hidden()


def test_sign_without_javascript(new_page, campaign):
    page = new_page(java_script_enabled=False)
    page.goto("/nl/campaigns/marathon/")
    opened = time.monotonic()
    form = page.locator("#act form")
    form.locator("#id_name").fill("Jan Janssens")
    form.locator("#id_email").fill("jan@example.org")
    form.locator("#id_postcode").fill("1040")  # Etterbeek and Elsene share it
    form.locator("#id_consent").check()
    page.wait_for_timeout(
        max(0, (MIN_SECONDS_ON_FORM + 0.5 - (time.monotonic() - opened)) * 1000)
    )
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/nl/campaigns/marathon/act/$"))
    expect(page.locator(".error-summary")).to_be_visible()
    page.locator("#act form select[name=municipality]").select_option("21005")
    page.locator("#act form button[type=submit]").click()

    expect(page.locator("h1")).to_have_text("Bedankt")
    assert Action.objects.get().municipality.nis_code == "21005"


def test_paper_batch_keyed_in_validated_and_counted_for_the_municipality(
    new_page, browser_login, campaign, staff_user, organisation, coordinator
):
    namur = Municipality.objects.get(nis_code="92094")
    local_group = new_page()
    browser_login(local_group, staff_user)
    local_group.goto("/fr/campaigns/marathon/batches/")
    form = local_group.locator("form:has(#id_letters)")
    form.locator("#id_case").select_option(label="Ana")
    form.locator("#id_organisation").select_option(str(organisation.pk))
    form.locator("#id_municipality").select_option(str(namur.pk))
    form.locator("#id_collected_on").fill(timezone.localdate().isoformat())
    form.locator("#id_letters").fill("12")
    form.locator("#id_drawings").fill("3")
    form.locator("button[type=submit]").click()

    expect(local_group).to_have_url(re.compile(r"/fr/campaigns/marathon/batches/$"))
    expect(local_group.locator(".messages .message-success")).to_be_visible()
    batch = PaperBatch.objects.get()
    assert (batch.organisation, batch.municipality) == (organisation, namur)
    assert (batch.letters, batch.drawings, batch.status) == (12, 3, "submitted")
    expect(local_group.locator("table tbody tr")).to_have_count(1)
    # Not counted before a coordinator has validated it.
    local_group.goto("/fr/campaigns/marathon/municipalities/92094/")
    expect(local_group.locator(".key-figures .figure")).to_have_text(["0", "0", "0"])
    # Local groups cannot validate their own batches.
    assert local_group.goto("/fr/campaigns/marathon/review/").status == 403

    coordination = new_page()
    browser_login(coordination, coordinator)
    coordination.goto("/fr/campaigns/marathon/review/")
    coordination.locator(f"#batch-{batch.pk} form[action$='/validate/'] button").click()

    expect(coordination).to_have_url(re.compile(r"/fr/campaigns/marathon/review/$"))
    expect(coordination.locator(".messages .message-success")).to_be_visible()
    expect(coordination.locator(f"#batch-{batch.pk}")).to_have_count(0)
    batch.refresh_from_db()
    assert batch.status == "validated" and batch.reviewed_by == coordinator

    local_group.goto("/fr/campaigns/marathon/municipalities/92094/")
    expect(local_group.get_by_role("heading", level=1)).to_have_text(namur.name)
    # Online, letters on paper, drawings.
    expect(local_group.locator(".key-figures .figure")).to_have_text(["0", "12", "3"])
    row = local_group.locator("table tbody tr")
    expect(row).to_have_count(1)
    with translation.override("fr"):
        validated = str(batch.get_status_display())
    expect(row.locator("td")).to_have_text(
        [re.compile(r"\d"), organisation.name, "Ana", "12", "3", validated]
    )
    local_group.goto("/fr/campaigns/marathon/")
    expect(total_on_the_counter(local_group)).to_have_text("15")


def test_enter_in_the_rejection_reason_rejects_the_batch(
    page, browser_login, campaign, organisation, coordinator
):
    from plaidoyer.campaigns.services import submit_batch

    batch = submit_batch(
        by=coordinator,
        campaign=campaign,
        organisation=organisation,
        case=campaign.cases.get(slug="ana"),
        municipality=Municipality.objects.get(nis_code="92094"),
        collected_on=timezone.localdate(),
        letters=4,
        drawings=0,
    )
    browser_login(page, coordinator)
    page.goto("/nl/campaigns/marathon/review/")
    page.locator(f"#reason-{batch.pk}").fill("Dubbel ingevoerd")
    page.locator(f"#reason-{batch.pk}").press("Enter")

    expect(page.locator(".messages .message-success")).to_be_visible()
    batch.refresh_from_db()
    assert (batch.status, batch.rejection_reason) == ("rejected", "Dubbel ingevoerd")


def test_batch_form_offers_today_as_the_date(page, browser_login, campaign, staff_user):
    browser_login(page, staff_user)
    page.goto("/fr/campaigns/marathon/batches/")

    expect(page.locator("#id_collected_on")).to_have_value(
        timezone.localdate().isoformat(), timeout=1000
    )


def test_campaign_page_has_no_serious_accessibility_violation(
    page, check_accessibility, campaign
):
    check_accessibility(page, ["/fr/campaigns/marathon/"])


def test_campaign_map_names_provinces_in_the_pages_language(page, campaign):
    from plaidoyer.campaigns import services

    submission = services.submit_action(
        case=campaign.cases.get(slug="ana"),
        kind="letter",
        name="An",
        email="an@example.org",
        postcode="9000",
        letter="Laat Ana vrij.",
        seconds_on_form=30,
    )
    services.confirm_action(token=submission.action.token)
    cache.clear()
    page.goto(f"/nl/campaigns/{campaign.slug}/map/")
    the_map = page.locator("#campaign-map")
    expect(the_map).to_have_attribute("data-count", re.compile(r"[1-9]"))
    # East Flanders (Gent), the only shaded province: hover it, with the
    # municipality circle on top of it out of the way.
    page.evaluate(
        """document.querySelectorAll('#campaign-map path[fill="#d9482b"]')
        .forEach((circle) => { circle.style.display = "none"; })"""
    )
    shaded = the_map.locator('path[fill="#1f4e8c"]')
    expect(shaded).to_have_count(1)
    shaded.hover(force=True)
    expect(the_map.locator(".leaflet-tooltip")).to_have_text(
        "Provincie Oost-Vlaanderen: 1"
    )


def test_signer_hears_of_the_release_in_dutch_and_unsubscribes_in_one_click(
    new_page, campaign, coordinator, mail_link, browser_login
):
    from django.core import mail

    signer = new_page()
    signer.goto("/nl/campaigns/marathon/")
    opened = time.monotonic()
    form = signer.locator("#act form")
    expect(form.locator("#id_news_opt_in")).not_to_be_checked()  # never pre-ticked
    expect(form.locator("#id_share_name")).not_to_be_checked()
    form.locator("#id_name").fill("Lotte De Smet")
    form.locator("#id_email").fill("lotte@example.org")
    form.locator("#id_postcode").fill("9000")
    form.locator("#id_news_opt_in").check()
    form.locator("#id_consent").check()
    signer.wait_for_timeout(
        max(0, (MIN_SECONDS_ON_FORM + 0.5 - (time.monotonic() - opened)) * 1000)
    )
    form.locator("button[type=submit]").click()
    expect(signer.locator("#act h2")).to_have_text("Bedankt")
    signer.goto(mail_link("lotte@example.org", r"/nl/campaigns/confirm/[^/]+/"))
    signer.locator("main button[type=submit]").click()
    expect(signer.locator("main form")).to_have_count(0)  # the thank-you page
    action = Action.objects.get()
    assert action.news_opt_in and action.confirmed_at and action.language == "nl"

    coordination = new_page()
    browser_login(coordination, coordinator)
    coordination.goto("/fr/campaigns/marathon/updates/")
    coordination.locator("#id_kind").select_option("released")
    coordination.locator("#id_text_fr").fill("Ana est libre.")
    coordination.locator("#id_text_nl").fill("Ana is vrij. Bedankt voor uw brieven!")
    coordination.locator("main form button[type=submit]").click()
    expect(coordination.locator("td.sent").first).to_have_text("1")

    (news,) = [m for m in mail.outbox if "Vrijgelaten" in m.subject]
    assert news.to == ["lotte@example.org"]
    assert "Ana is vrij. Bedankt voor uw brieven!" in news.body
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop = mail_link("lotte@example.org", r"/nl/campaigns/news/stop/[^/]+/")
    signer.goto(stop)
    expect(signer.locator("html")).to_have_attribute("lang", "nl")
    signer.locator("main button[type=submit]").click()
    expect(signer.locator("main form")).to_have_count(0)  # unsubscribed
    action.refresh_from_db()
    assert not action.news_opt_in
