"""On a phone: a header of one line with a menu button, and an event's key facts
on the first screen. In Dutch and German, at 390 × 844."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}


def test_the_phone_header_is_one_line_with_a_menu_button(new_page, axe_problems):
    page = new_page(locale="nl-BE", viewport=PHONE)
    page.goto("/nl/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 80, header
    button = page.locator(".menu-button")
    expect(button).to_be_visible()
    expect(page.locator(".main-nav")).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".main-nav")).to_be_visible()
    expect(page.locator("#site-q")).to_be_visible()
    assert not axe_problems(page)
    page.keyboard.press("Escape")
    expect(page.locator(".main-nav")).to_be_hidden()
    expect(button).to_be_focused()


def test_without_javascript_the_phone_menu_stays_open(new_page):
    page = new_page(locale="de-BE", viewport=PHONE, java_script_enabled=False)
    page.goto("/de/")
    expect(page.locator(".main-nav")).to_be_visible()
    expect(page.locator(".menu-button")).to_be_hidden()


def test_the_desktop_menu_has_no_button(new_page):
    page = new_page(locale="de-BE")
    page.goto("/de/")
    expect(page.locator(".menu-button")).to_be_hidden()
    expect(page.locator(".main-nav")).to_be_visible()


def test_an_events_key_facts_are_on_the_first_phone_screen(new_page, make_event):
    event = make_event(slug="webinar-de", mode="online", capacity=30)
    page = new_page(locale="de-BE", viewport=PHONE)
    page.goto(f"/de/events/{event.slug}/")
    facts = page.locator("#event-facts")
    expect(facts).to_contain_text("Online")
    expect(facts).to_contain_text("30")
    box = facts.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box
