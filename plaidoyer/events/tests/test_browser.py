"""What a participant and an organiser do with an event, in Chromium.

The UI strings are being translated while these tests are written, so they check
URLs, ``lang`` attributes, ids and data, never a translated sentence.
"""

import re

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from plaidoyer.events.models import Registration
from plaidoyer.events.services import register_participant
from plaidoyer.organisations.models import Staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFIRM = r"/nl/events/registration/[^/]+/confirm/"


def fill_registration(page, name: str, email: str) -> None:
    form = page.locator("#registration form")
    form.locator("#id_name").fill(name)
    form.locator("#id_email").fill(email)
    form.locator("button[type=submit]").click()


def test_register_in_dutch_with_htmx_then_confirm_from_the_email(
    page, make_event, mail_link
):
    event = make_event(slug="rondetafel", title_nl="Rondetafel", capacity=20)
    page.goto(f"/nl/events/{event.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.evaluate("window.stillTheSamePage = true")

    fill_registration(page, "An Peeters", "an@example.org")

    # htmx swaps the thank-you into the page instead of loading /register/.
    expect(page.locator("#registration form")).to_have_count(0)
    # A heading below the event's title, where the focus goes (it was on the
    # button that htmx removed).
    expect(page.locator("#registration h2")).to_be_focused()
    expect(page.locator("h1")).to_have_count(1)
    expect(page).to_have_url(re.compile(rf"/nl/events/{event.slug}/$"))
    assert page.evaluate("window.stillTheSamePage") is True
    registration = Registration.objects.get(event=event)
    assert (registration.name, registration.email) == ("An Peeters", "an@example.org")
    assert (registration.status, registration.language) == ("pending", "nl")
    assert len(mail.outbox) == 1

    page.goto(mail_link("an@example.org", CONFIRM))
    # Opening the link (as a mail scanner does) confirms nothing: the button does.
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    registration.refresh_from_db()
    assert registration.status == "pending"
    page.locator("main form button[type=submit]").click()

    expect(page.locator("h1")).not_to_have_text(re.compile("Bevestig uw"))
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    with translation.override("nl"):
        personal = registration.get_absolute_url()
        status = str(registration.get_status_display())
    assert personal == f"/nl/events/registration/{registration.token}/"
    page.locator(f'main a[href="{personal}"]').click()
    expect(page).to_have_url(re.compile(f"{personal}$"))
    expect(page.locator("#registration-status")).to_have_text(status)
    expect(page.locator(f'main a[href="/nl/events/{event.slug}/"]')).to_be_visible()

    # Cancelling takes a second step: the first opens what it means.
    cancel = page.locator("details.confirm-box button[type=submit]")
    expect(cancel).to_be_hidden()
    page.locator("details.confirm-box summary").click()
    cancel.click()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    expect(page.locator(f'a[href="/nl/events/{event.slug}/event.ics"]')).to_have_count(
        0
    )


def test_register_in_dutch_without_javascript(new_page, make_event, mail_link):
    event = make_event(slug="rondetafel", title_nl="Rondetafel")
    page = new_page(java_script_enabled=False)
    page.goto(f"/nl/events/{event.slug}/")
    # Without htmx, the event page links to the form's own page.
    page.locator(f'#registration a[href="/nl/events/{event.slug}/register/"]').click()
    expect(page).to_have_url(re.compile(rf"/nl/events/{event.slug}/register/$"))

    fill_registration(page, "Jan Janssens", "jan@example.org")

    expect(page).to_have_url(re.compile(rf"/nl/events/{event.slug}/register/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("#registration h1")).to_be_visible()
    registration = Registration.objects.get(event=event)
    assert (registration.status, registration.language) == ("pending", "nl")
    assert mail_link("jan@example.org", CONFIRM) == (
        f"/nl/events/registration/{registration.token}/confirm/"
    )


def test_registration_with_a_bad_address_shows_the_errors_in_place(page, make_event):
    event = make_event(slug="rondetafel")
    page.goto(f"/nl/events/{event.slug}/")

    fill_registration(page, "An Peeters", "not an address")

    summary = page.locator("#registration .error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator('a[href="#id_email"]')).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.locator("#id_email")).to_have_value("not an address")
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_organiser_checks_someone_in_by_name_and_other_staff_cannot(
    new_page, browser_login, staff_user, make_user, make_organisation, make_event
):
    event = make_event(slug="rondetafel", requires_confirmation=False)
    for name, email in [("Ana Lopez", "ana@example.org"), ("Ben Ali", "ben@ex.org")]:
        register_participant(event=event, name=name, email=email, language="fr")
    ana = Registration.objects.get(email="ana@example.org")
    assert ana.status == "confirmed"
    # Staff of another organisation may not check anyone in.
    other = make_user("other@example.org")
    Staff.objects.create(user=other, organisation=make_organisation("Autre asbl"))
    stranger = new_page()
    browser_login(stranger, other)
    assert stranger.goto(f"/fr/events/{event.slug}/check-in/").status == 403
    expect(stranger.locator("#id_q")).to_have_count(0)
    page = new_page()
    browser_login(page, staff_user)
    page.goto(f"/fr/events/{event.slug}/check-in/")

    page.locator("#id_q").fill("lopez")
    page.locator("main form[role=search] button[type=submit]").click()

    results = page.locator(".check-in-results li")
    expect(results).to_have_count(1)
    expect(results.locator("strong")).to_have_text("Ana Lopez")
    results.locator("button[type=submit]").click()

    expect(page).to_have_url(
        re.compile(rf"/fr/events/{event.slug}/check-in/\?q=lopez$")
    )
    expect(page.locator(".messages .message-success")).to_contain_text("Ana Lopez")
    expect(page.locator(".check-in-results li button")).to_have_count(0)
    ana.refresh_from_db()
    assert ana.status == "attended" and ana.checked_in_at is not None
    assert Registration.objects.get(email="ben@ex.org").status == "confirmed"


def test_organiser_gives_a_seat_then_cancels_from_the_manage_page(
    new_page, browser_login, staff_user, make_event
):
    event = make_event(slug="atelier", capacity=1, requires_confirmation=False)
    for name, email in [("Ana Lopez", "ana@example.org"), ("Ben Ali", "ben@ex.org")]:
        register_participant(event=event, name=name, email=email, language="fr")
    ben = Registration.objects.get(email="ben@ex.org")
    assert ben.status == "waitlisted"
    page = new_page()
    browser_login(page, staff_user)
    page.goto(f"/fr/events/{event.slug}/manage/")
    row = page.locator("tr", has_text="Ben Ali")

    row.locator("form[action$='/manage/promote/'] button").click()

    expect(page).to_have_url(re.compile(rf"/fr/events/{event.slug}/manage/$"))
    expect(page.locator(".messages .message-success")).to_contain_text("Ben Ali")
    ben.refresh_from_db()
    assert ben.status == "confirmed"
    # Cancelling takes a second step: open the box, then confirm.
    row.locator("details.confirm-box summary").click()
    row.locator("form[action$='/manage/cancel/'] button").click()

    expect(page.locator(".messages .message-success")).to_contain_text("Ben Ali")
    ben.refresh_from_db()
    assert ben.status == "cancelled"
    # A form with an error stays on the page and says so.
    page.locator("#id_set-online_url").fill("ftp://example.org/")
    page.locator("form[action$='/manage/settings/'] button").click()
    expect(page.locator("#id_set-online_url_error")).to_be_visible()
    event.refresh_from_db()
    assert not event.online_url


def test_agenda_and_event_pages_have_no_serious_accessibility_violation(
    page, check_accessibility, make_event
):
    event = make_event(slug="rondetafel", capacity=20, venue="Maison des Solidarités")
    make_event(slug="webinaire", mode="online")

    def ready(page, path):
        if path.endswith(f"/{event.slug}/"):  # the form, loaded by htmx
            expect(page.locator("#registration form #id_name")).to_be_visible()

    check_accessibility(page, ["/fr/events/", f"/fr/events/{event.slug}/"], ready)


def test_a_visitor_abroad_reads_the_online_events_time_in_their_zone_first(
    new_page, make_event
):
    import datetime

    from django.utils import timezone

    starts = timezone.make_aware(datetime.datetime(2027, 3, 3, 19, 0))  # Brussels
    event = make_event(
        slug="webinaire-montreal",
        mode="online",
        online_url="https://meet.example.org/x",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )
    page = new_page(locale="nl-BE", timezone_id="America/Montreal")
    page.goto(f"/nl/events/{event.slug}/")
    local = page.locator(".local-time").last
    # 19:00–21:00 in Brussels is 13:00–15:00 in Montreal, and comes first.
    expect(local).to_contain_text("13:00–15:00")
    expect(local).to_contain_text("America/")  # Chromium names it Toronto
    holder_text = local.locator("xpath=..").inner_text()
    assert holder_text.index("13:00") < holder_text.index("19:00")
    # A visitor in Brussels sees the Brussels time alone.
    home = new_page(locale="nl-BE", timezone_id="Europe/Brussels")
    home.goto(f"/nl/events/{event.slug}/")
    expect(home.locator(".local-time")).to_have_count(0)
