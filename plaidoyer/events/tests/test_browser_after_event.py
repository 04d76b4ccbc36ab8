"""After a training, in Chromium and in German: the organiser sets up the
evaluation and sends the certificates; an attendee answers, downloads their
certificate, and anyone checks it is genuine."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from plaidoyer.events.models import Certificate, EvaluationResponse, Registration

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_an_evaluation_and_certificates_after_a_training(
    page, make_event, staff_user, browser_login, live_server, axe_problems
):
    starts = timezone.now() - datetime.timedelta(days=1)
    event = make_event(
        slug="schulung",
        title="Schulung: Diskriminierung erkennen",
        kind="training",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    attendee = Registration.objects.create(
        event=event,
        name="Jürgen Weiß",
        email="juergen@example.org",
        language="de",
        status="attended",
    )

    # The organiser: the registrations page leads to "after the event".
    browser_login(page, staff_user)
    page.goto(f"/de/events/{event.slug}/manage/")
    page.locator(f"a[href='/de/events/{event.slug}/manage/after/']").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    # A question without its choices is refused with a message, nothing saved.
    page.locator("details summary").click()
    page.locator("#id_q-label").fill("Welches Modul?")
    page.locator("#id_q-kind").select_option("single_choice")
    page.locator("#id_q-choices").fill("Nur eins")
    page.locator("form[action$='/questions/add/'] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    page.locator("form[action$='/questions/standard/'] button").click()
    expect(page.locator("#evaluation-title ~ ol li")).to_have_count(5)
    page.locator("form[action$='/evaluation/send/'] button").click()
    page.locator("form[action$='/manage/after/certificates/'] button").click()
    expect(page.locator(".message-success")).to_be_visible()
    assert not axe_problems(page)
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2 and all("Schulung" in s for s in subjects)
    certificate_mail = next(m for m in mail.outbox if m.attachments)
    assert certificate_mail.attachments[0][2] == "application/pdf"

    # The attendee follows the evaluation link of their email.
    invitation = next(m for m in mail.outbox if not m.attachments)
    link = re.search(r"https?://\S+/evaluation/", invitation.body)[0]
    page.context.clear_cookies()
    page.goto(live_server.url + link[link.index("/de/") :])
    page.locator("main form button[type=submit]").click()  # required ratings missing
    expect(page.locator(".error-summary")).to_be_visible()
    assert not EvaluationResponse.objects.exists()
    radios = page.locator("fieldset")
    radios.nth(0).locator("input[value='5']").check()
    radios.nth(1).locator("input[value='4']").check()
    page.locator("textarea").first.fill("Die Fallbeispiele")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#evaluation-thanks")).to_be_visible()
    assert EvaluationResponse.objects.count() == 1

    # Their registration page offers the certificate; its code verifies.
    page.goto(f"/de/events/registration/{attendee.token}/")
    expect(page.locator("#certificate-link")).to_be_visible()
    expect(page.locator("#evaluation-link")).to_have_count(0)  # answered already
    certificate = Certificate.objects.get()
    page.goto(f"/de/events/certificates/{certificate.code}/")
    expect(page.locator("#certificate-genuine")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Jürgen Weiß")
    assert not axe_problems(page)

    # The organiser sees the results.
    browser_login(page, staff_user)
    page.goto(f"/de/events/{event.slug}/manage/after/")
    expect(page.locator("main")).to_contain_text("Die Fallbeispiele")
    expect(page.locator("main")).to_contain_text("5,0 / 5")
