"""A member organisation proposes, a coordinator approves, the public sees it, in
Chromium, in Dutch and German. Checks use URLs, ids and data, not sentences."""

import datetime

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from plaidoyer.events.models import Event
from plaidoyer.news import services
from plaidoyer.news.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_member_staff_propose_an_event_a_coordinator_approves_it_in_dutch(
    new_page, browser_login, staff_user, organisation, coordinator
):
    staff = new_page(locale="nl-BE")
    browser_login(staff, staff_user)
    staff.goto("/nl/events/new/")
    expect(staff.locator("html")).to_have_attribute("lang", "nl")
    starts = timezone.now() + datetime.timedelta(days=14)
    staff.locator("#id_title_nl").fill("Vorming onthaal")
    staff.locator("#id_kind").select_option("training")
    staff.locator("#id_starts_at").fill(_local(starts))
    staff.locator("#id_ends_at").fill(_local(starts + datetime.timedelta(hours=3)))
    staff.locator("#id_sessions-0-label").fill("Module 1")
    staff.locator("#id_sessions-0-starts_at").fill(_local(starts))
    staff.locator("#id_sessions-0-ends_at").fill(
        _local(starts + datetime.timedelta(hours=1))
    )
    staff.locator("main form.stacked-form button[type=submit]").click()

    expect(staff.locator(".approval-pending")).to_be_visible()
    event = Event.objects.get()
    assert (event.approval, event.is_published) == ("pending", False)
    assert event.title_nl == "Vorming onthaal"
    assert [s.label_fr for s in event.sessions.all()] == ["Module 1"]
    staff.goto("/nl/proposals/mine/")
    expect(staff.locator(".approval-pending")).to_have_count(1)
    visitor = new_page(locale="nl-BE")
    visitor.goto("/nl/events/")
    expect(visitor.locator(f'a[href="/nl/events/{event.slug}/"]')).to_have_count(0)

    admin = new_page(locale="nl-BE")
    browser_login(admin, coordinator)
    admin.goto("/nl/proposals/")
    admin.locator(f'form[action="/nl/events/{event.slug}/approve/"] button').click()
    expect(
        admin.locator(f'form[action="/nl/events/{event.slug}/approve/"]')
    ).to_have_count(0)

    event.refresh_from_db()
    assert (event.approval, event.is_published) == ("approved", True)
    visitor.goto("/nl/events/")
    expect(visitor.locator(f'a[href="/nl/events/{event.slug}/"]').first).to_be_visible()


def test_member_proposes_news_a_coordinator_approves_it_credited_in_german(
    new_page, browser_login, staff_user, organisation, coordinator
):
    staff = new_page(locale="de-BE")
    browser_login(staff, staff_user)
    staff.goto("/de/news/new/")
    expect(staff.locator("html")).to_have_attribute("lang", "de")
    staff.locator("details.translations summary").click()
    staff.locator("#id_title_de").fill("Neue Rechtsberatung")
    staff.locator("#id_summary_de").fill("Jeden Dienstag im Zentrum.")
    staff.locator("main form.stacked-form button[type=submit]").click()
    expect(staff.locator(".approval-pending")).to_be_visible()
    article = Article.objects.get()
    assert (article.approval, article.status) == ("pending", "draft")

    admin = new_page(locale="de-BE")
    browser_login(admin, coordinator)
    admin.goto("/de/proposals/")
    admin.locator(f'form[action="/de/news/{article.slug}/approve/"] button').click()
    expect(
        admin.locator(f'form[action="/de/news/{article.slug}/approve/"]')
    ).to_have_count(0)

    visitor = new_page(locale="de-BE")
    visitor.goto("/de/news/")
    visitor.locator(f'a[href="/de/news/{article.slug}/"]').first.click()
    expect(visitor.locator("h1")).to_have_text("Neue Rechtsberatung")
    with translation.override("de"):
        profile = organisation.get_absolute_url()
    credit = visitor.locator(f'.meta a[href="{profile}"]')
    expect(credit).to_be_visible()


def test_proposal_pages_have_no_serious_accessibility_violation(
    new_page,
    browser_login,
    staff_user,
    organisation,
    coordinator,
    make_event,
    check_accessibility,
    axe_problems,
):
    event = make_event(slug="atelier")
    services.propose_article(
        by=staff_user,
        article=Article(title_fr="Permanence", summary_fr="Chaque mardi."),
        organisation=organisation,
    )
    staff = new_page(viewport={"width": 390, "height": 900})
    browser_login(staff, staff_user)
    check_accessibility(
        staff,
        [
            "/nl/events/new/",
            f"/nl/events/{event.slug}/edit/",
            f"/nl/events/{event.slug}/copy/",
            "/nl/news/new/",
            "/nl/resources/new/",
            "/nl/proposals/mine/",
        ],
    )
    staff.goto("/de/events/new/")
    staff.locator("main form.stacked-form button[type=submit]").click()
    expect(staff.locator(".error-summary")).to_be_visible()
    assert not axe_problems(staff)
    coordinating = new_page()
    browser_login(coordinating, coordinator)
    check_accessibility(coordinating, ["/nl/proposals/"])
