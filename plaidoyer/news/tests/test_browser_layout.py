"""The designed pages fit a phone and a laptop: no sideways scrolling, a short
phone header, cards with a picture or a placeholder, no serious axe finding."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from plaidoyer.news import services
from plaidoyer.news.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


@pytest.fixture
def site(coordinator, campaign, make_event, member_directory):
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), "teal").save(buffer, format="PNG")
    services.save_article(
        by=coordinator,
        article=Article(
            title_fr="Une marche pour l'égalité",
            summary_fr="Des milliers de personnes à Bruxelles.",
            status="published",
            image=SimpleUploadedFile("marche.png", buffer.getvalue(), "image/png"),
            image_alt_fr="Des manifestants sur une place",
        ),
    )
    services.save_article(
        by=coordinator,
        article=Article(
            title_fr="Sans photo", summary_fr="Un texte.", status="published"
        ),
    )
    make_event(slug="rencontre", title="Rencontre " + "interfédérale" * 6)
    return campaign


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_no_page_scrolls_sideways(new_page, site, viewport, axe_problems):
    page = new_page(locale="nl-BE", viewport=viewport)
    page.set_default_timeout(30_000)  # five pages, on a machine that may be busy
    paths = [
        "/nl/",
        "/nl/news/",
        "/nl/events/",
        f"/nl/campaigns/{site.slug}/",
        "/nl/organisations/",
    ]
    for path in paths:
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls {overflow} px sideways"
        header = page.locator(".site-header").bounding_box()
        if viewport is PHONE:
            assert header["height"] < 80, (path, header)
    page.goto("/nl/news/")
    assert not axe_problems(page)
    # In German the campaign's title is the French one, marked: still readable.
    page.goto("/de/")
    expect(page.locator(".hero-panel .fallback-note")).to_be_visible()
    assert not axe_problems(page)


def test_news_cards_show_the_picture_or_a_placeholder(new_page, site):
    page = new_page(locale="nl-BE", viewport=PHONE)
    page.goto("/nl/news/")

    picture = page.locator(".article-card img")
    expect(picture).to_have_count(1)
    expect(picture).to_have_attribute("alt", "Des manifestants sur une place")
    # The browser chose one of the sizes made on upload, and it loaded.
    assert page.evaluate(
        "() => { const i = document.querySelector('.article-card img');"
        " return i.complete && i.naturalWidth > 0 && i.currentSrc.endsWith('.webp'); }"
    )
    expect(page.locator(".article-card .placeholder")).to_have_count(1)


def test_touch_targets_of_the_phone_menu_are_44_px_high(new_page, site):
    page = new_page(locale="de-BE", viewport=PHONE)
    page.goto("/de/")
    page.locator(".menu-button").click()
    for target in page.locator(
        ".main-nav a, .lang-nav a, .account-nav a, .menu-button, .site-search button"
    ).all():
        if target.is_visible():
            assert target.bounding_box()["height"] >= 44, target.inner_text()
