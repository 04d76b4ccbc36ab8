"""A visitor writes a letter and is offered to share it and to write for another
case; a journalist reads the press page on a phone."""

import datetime
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plaidoyer.core.ratelimit import MIN_SECONDS_ON_FORM
from plaidoyer.news import services
from plaidoyer.news.models import Article, PressOfficer
from plaidoyer.organisations.models import Language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_after_writing_a_visitor_can_share_and_write_for_another_case(
    new_page, campaign
):
    page = new_page(locale="fr-BE")
    page.goto("/fr/campaigns/marathon/")
    opened = time.monotonic()
    form = page.locator("#act form")
    form.locator("input[name=kind][value=letter]").check()
    form.locator("#id_name").fill("Lotte De Smet")
    form.locator("#id_email").fill("lotte@example.org")
    form.locator("#id_postcode").fill("9000")
    form.locator("#id_consent").check()
    page.wait_for_timeout(
        max(0, (MIN_SECONDS_ON_FORM + 0.5 - (time.monotonic() - opened)) * 1000)
    )
    form.locator("button[type=submit]").click()

    expect(page.locator("#act h2")).to_be_focused()
    share = page.locator("#act .share")
    for key in ("email", "whatsapp", "facebook", "x", "bluesky"):
        expect(share.locator(f"a.share-{key}")).to_be_visible()
    address = share.locator("input[readonly]").input_value()
    assert address.endswith("/fr/campaigns/marathon/?case=ana#case-ana"), address
    # The copy button appears with JavaScript and says it copied.
    copy = share.locator("button[data-copy]")
    expect(copy).to_be_visible()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy.click()
    expect(share.locator(".share-status")).not_to_be_empty()

    other = page.locator("#act .next-cases a")
    expect(other).to_have_count(1)
    expect(other).to_have_attribute("href", "/fr/campaigns/marathon/?case=karim#act")
    other.click()
    expect(page.locator("input[name=case][value=karim]")).to_be_checked()


def test_without_javascript_the_thank_you_page_shares_too(new_page, campaign):
    page = new_page(locale="fr-BE", java_script_enabled=False)
    page.goto("/fr/campaigns/marathon/")
    form = page.locator("#act form")
    form.locator("input[name=kind][value=letter]").check()
    form.locator("#id_name").fill("Lotte De Smet")
    form.locator("#id_email").fill("lotte@example.org")
    form.locator("#id_postcode").fill("9000")
    form.locator("#id_consent").check()
    page.wait_for_timeout((MIN_SECONDS_ON_FORM + 0.5) * 1000)
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".share a.share-email")).to_be_visible()
    expect(page.locator(".share button[data-copy]")).to_be_hidden()
    expect(page.locator(".share input[readonly]")).to_be_visible()
    expect(page.locator(".next-cases a")).to_have_count(1)


def test_the_press_page_on_a_phone(new_page, coordinator, theme, axe_problems):
    for code, name in (("nl", "Nederlands"), ("fr", "Frans")):
        Language.objects.get_or_create(code=code, defaults={"name_nl": name})
    for n, days in enumerate((3, 10)):
        services.save_article(
            by=coordinator,
            article=Article(
                slug=f"communique-{n}",
                title_nl=f"Persbericht nummer {n} over de opvang van asielzoekers",
                title_fr=f"Communiqué numéro {n}",
                summary_nl="Een samenvatting.",
                status="published",
                publish_at=timezone.now() - datetime.timedelta(days=days),
                is_press_release=True,
            ),
        )
    officer = services.save_press_officer(
        by=coordinator,
        officer=PressOfficer(
            theme=theme,
            name="Tom Claes",
            role_nl="Beleidsmedewerker asiel",
            email="een.heel.lang.adres.voor.de.pers@voorbeeld-coalitie.example.org",
            phone="+32 2 555 01 02",
        ),
        languages=list(Language.objects.filter(code__in=["nl", "fr"])),
    )
    assert officer.pk
    page = new_page(locale="nl-BE", viewport=PHONE)
    page.goto("/nl/press/")
    expect(page.locator("h1")).to_be_visible()
    releases = page.locator(".press-release")
    expect(releases).to_have_count(2)
    expect(releases.first).to_contain_text("Persbericht nummer 0")
    expect(page.locator(".press-contact")).to_contain_text("Tom Claes")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    assert not axe_problems(page)
