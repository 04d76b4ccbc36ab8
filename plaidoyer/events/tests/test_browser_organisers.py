"""Choosing an event's co-organisers among 20,000 organisations, in Chromium: a
search with htmx, and the same without JavaScript. Checks use ids and data."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plaidoyer.events.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _fill_event(page) -> None:
    starts = timezone.now() + datetime.timedelta(days=14)
    page.locator("#id_title_nl").fill("Vorming onthaal")
    page.locator("#id_kind").select_option("training")
    page.locator("#id_starts_at").fill(_local(starts))
    page.locator("#id_ends_at").fill(_local(starts + datetime.timedelta(hours=3)))


def test_staff_find_and_tick_a_co_organiser_with_htmx(
    new_page, browser_login, staff_user, organisation, make_organisation
):
    families = make_organisation("Ligue des familles", municipality="21004")
    rights = make_organisation("Ligue des droits humains", municipality="21004")
    page = new_page(locale="nl-BE")
    browser_login(page, staff_user)
    page.goto("/nl/events/new/")
    _fill_event(page)

    page.locator("#id_co_organiser_q").fill("ligue")
    matches = page.locator("#organiser-matches input[name=co_organisers]")
    expect(matches).to_have_count(2)
    page.locator(f"#organiser-matches input[value='{rights.pk}']").check()
    page.locator("main form.stacked-form button[type=submit]").click()

    expect(page.locator(".approval-pending")).to_be_visible()
    event = Event.objects.get()
    assert set(event.organisers.all()) == {organisation, rights}
    assert families not in event.organisers.all()


def test_staff_pick_a_co_organiser_without_javascript(
    new_page, browser_login, staff_user, organisation, make_organisation
):
    make_organisation("Ligue des familles", municipality="21004")
    rights = make_organisation("Ligue des droits humains", municipality="21004")
    page = new_page(locale="nl-BE", java_script_enabled=False)
    browser_login(page, staff_user)
    page.goto("/nl/events/new/")
    _fill_event(page)
    page.locator("#id_co_organiser_q").fill("ligue")
    page.locator("main form.stacked-form button[type=submit]").click()

    # Two matches: shown to tick, nothing saved yet.
    expect(page.locator("#organiser-matches input[name=co_organisers]")).to_have_count(
        2
    )
    assert not Event.objects.exists()
    page.locator(f"#organiser-matches input[value='{rights.pk}']").check()
    page.locator("main form.stacked-form button[type=submit]").click()

    expect(page.locator(".approval-pending")).to_be_visible()
    assert set(Event.objects.get().organisers.all()) == {organisation, rights}


def test_coordinator_finds_and_chooses_the_organisation_with_htmx(
    new_page, browser_login, coordinator, make_organisation
):
    make_organisation("Ligue des familles", municipality="21004")
    rights = make_organisation("Ligue des droits humains", municipality="21004")
    page = new_page(locale="nl-BE")
    browser_login(page, coordinator)
    page.goto("/nl/events/new/")
    _fill_event(page)

    page.locator("#id_organisation_q").fill("ligue")
    matches = page.locator("#organisation-matches input[name=organisation]")
    expect(matches).to_have_count(2)
    expect(matches.first).to_have_attribute("type", "radio")
    page.locator(f"#organisation-matches input[value='{rights.pk}']").check()
    page.locator("main form.stacked-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/nl/events/[^/]+/edit/$"))
    event = Event.objects.get()
    assert list(event.organisers.all()) == [rights]
    # Editing: the organiser is chosen already, alone among the radio buttons.
    chosen = page.locator("input[name=organisation]")
    expect(chosen).to_have_count(1)
    expect(chosen).to_be_checked()
    expect(chosen).to_have_value(str(rights.pk))


def test_coordinator_chooses_the_organisation_without_javascript(
    new_page, browser_login, coordinator, make_organisation
):
    families = make_organisation("Ligue des familles", municipality="21004")
    make_organisation("Ligue des droits humains", municipality="21004")
    page = new_page(locale="nl-BE", java_script_enabled=False)
    browser_login(page, coordinator)
    page.goto("/nl/events/new/")
    _fill_event(page)
    page.locator("#id_organisation_q").fill("ligue")
    page.locator("main form.stacked-form button[type=submit]").click()

    # Two matches: shown to choose from, nothing saved yet.
    expect(
        page.locator("#organisation-matches input[name=organisation]")
    ).to_have_count(2)
    assert not Event.objects.exists()
    page.locator(f"#organisation-matches input[value='{families.pk}']").check()
    page.locator("main form.stacked-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/nl/events/[^/]+/edit/$"))
    assert list(Event.objects.get().organisers.all()) == [families]
