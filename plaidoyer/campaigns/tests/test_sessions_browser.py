"""A school asks to host a writing session, in Dutch, and its letters reach the map.

Like the other browser tests, this checks URLs, ids, data and ``lang`` attributes
rather than translated sentences (except where the language itself is the point).
"""

import datetime
import re
import time

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from plaidoyer.accounts.models import User
from plaidoyer.campaigns.models import PaperBatch, SessionRequest, WritingSession
from plaidoyer.core.ratelimit import MIN_SECONDS_ON_FORM
from plaidoyer.places.models import Municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _namur_total(page) -> int:
    data = page.request.get("/fr/campaigns/marathon/map.json").json()
    return sum(p[3] for p in data["points"] if p[4] == "92094")


def test_school_requests_hosts_and_reports_a_session_then_the_map_moves(
    new_page, browser_login, campaign, coordinator
):
    namur = Municipality.objects.get(nis_code="92094")
    school = new_page(locale="nl-BE")
    school.goto("/nl/campaigns/marathon/host-a-session/")
    opened = time.monotonic()
    expect(school.locator("html")).to_have_attribute("lang", "nl")
    form = school.locator("main form")
    form.locator("#id_kind").select_option("school")
    form.locator("#id_organisation_name").fill("Sint-Jozefschool")
    form.locator("#id_town").fill("Namen")
    form.locator("#id_name").fill("Anke Peeters")
    form.locator("#id_email").fill("anke@school.example")
    form.locator("#id_participants").fill("28")
    wish = timezone.localdate() + datetime.timedelta(days=1)
    form.locator("#id_date_wish").fill(wish.isoformat())
    form.locator("#id_message").fill("Onze klas tekent graag — één tekening per kind.")
    school.wait_for_timeout(
        max(0, (MIN_SECONDS_ON_FORM + 0.5 - (time.monotonic() - opened)) * 1000)
    )
    form.locator("button[type=submit]").click()
    expect(school.locator("main [role=status]")).to_be_visible()
    request = SessionRequest.objects.get()
    assert (request.language, request.status) == ("nl", "pending")

    before = _namur_total(school)

    # The coordinator accepts; the session starts within the hour so that the
    # school can report at once.
    coordination = new_page()
    browser_login(coordination, coordinator)
    coordination.goto("/fr/campaigns/marathon/sessions/requests/")
    card = coordination.locator(f"#request-{request.pk}")
    expect(card).to_contain_text("Sint-Jozefschool")
    starts = timezone.localtime() - datetime.timedelta(minutes=30)
    card.locator(f"#id_a{request.pk}-starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    card.locator(f"#id_a{request.pk}-ends_at").fill(
        (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    card.locator(f"#id_a{request.pk}-municipality").select_option(str(namur.pk))
    card.locator("form[action$='/accept/'] button[type=submit]").click()
    expect(coordination).to_have_url(
        re.compile(r"/fr/campaigns/marathon/sessions/requests/$")
    )
    expect(coordination.locator(f"#request-{request.pk}")).to_have_count(0)
    session = WritingSession.objects.get()
    assert session.host.name == "Sint-Jozefschool"
    host = User.objects.get(email="anke@school.example")
    assert host.language == "nl"

    # The campaign page lists and maps the session.
    visitor = new_page()
    visitor.goto("/fr/campaigns/marathon/")
    expect(visitor.locator("#sessions-title")).to_be_visible()
    expect(visitor.locator("#campaign-map")).to_have_attribute("data-count", "1")

    # The school reports 120 letters and 30 drawings.
    browser_login(school, host)
    school.goto("/nl/campaigns/sessions/")
    school.locator(f"a[href='/nl/campaigns/sessions/{session.pk}/report/']").click()
    report = school.locator("main form")
    report.locator("#id_letters").fill("120")
    report.locator("#id_drawings").fill("30")
    report.locator("button[type=submit]").click()
    expect(school).to_have_url(re.compile(r"/nl/campaigns/sessions/$"))
    batch = PaperBatch.objects.get()
    assert (batch.letters, batch.drawings, batch.status) == (120, 30, "submitted")
    assert (batch.organisation, batch.municipality) == (session.host, namur)
    assert _namur_total(school) == before  # not before validation

    coordination.goto("/fr/campaigns/marathon/review/")
    coordination.locator(f"#batch-{batch.pk} form[action$='/validate/'] button").click()
    expect(coordination.locator(f"#batch-{batch.pk}")).to_have_count(0)
    batch.refresh_from_db()
    assert batch.status == "validated"

    cache.clear()  # the counts are cached for seconds; the live server shares it
    assert _namur_total(school) == before + 150
    visitor.goto("/fr/campaigns/marathon/")
    expect(visitor.locator("#session-counts")).to_contain_text("120")
    expect(visitor.locator("#session-counts")).to_contain_text("30")
