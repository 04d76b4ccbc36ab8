"""A party answers its pledge campaign; after the election the coordinator turns
the majority's pledges into commitments, in Chromium.

Checks URLs, ``lang`` attributes, classes and data rather than sentences."""

import re

import pytest
from playwright.sync_api import expect

from plaidoyer.commitments.models import Commitment
from plaidoyer.elections import services
from plaidoyer.elections.models import Party, Pledge

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_party_answers_the_pledge_campaign_in_german(
    page, pledge_campaign, coordinator, barometer, mail_link
):
    services.send_links(by=coordinator, campaign=pledge_campaign)
    path = mail_link("beta@example.org", r"/de/elections/answer/[^/]+/")
    emp1, emp2 = barometer["recs"]["EMP-01"], barometer["recs"]["EMP-02"]

    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Zusagen 2029")
    page.locator(f"input[name=answer_{emp1.pk}][value=yes]").check()
    page.locator(f"#id_comment_{emp1.pk}").fill("Wir setzen das <b>sofort</b> um.")
    page.locator(f"input[name=answer_{emp2.pk}][value=partly]").check()
    page.locator("form.stacked-form button[type=submit]").click()

    expect(page.locator(".messages .message-success")).to_be_visible()
    expect(page.locator(f"input[name=answer_{emp1.pk}][value=yes]")).to_be_checked()
    answers = dict(
        Pledge.objects.filter(party__slug="beta").values_list(
            "recommendation__code", "answer"
        )
    )
    assert answers == {"EMP-01": "yes", "EMP-02": "partly"}

    page.goto("/de/elections/pledges/engagements-2029/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    row = page.locator("#rec-EMP-01")
    expect(row.locator(".pledge-yes")).to_have_count(1)
    expect(row.locator(".pledge-yes time")).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-\d{2}-\d{2}$")
    )
    expect(page.locator("#rec-LOG-01 .pledge-none")).to_have_count(2)
    # The comment is in the cell, behind its disclosure.
    comment = row.locator(".pledge-yes details p")
    expect(comment).to_be_hidden()
    row.locator(".pledge-yes summary").click()
    expect(comment).to_have_text("Wir setzen das <b>sofort</b> um.")
    page.goto("/de/elections/pledges/engagements-2029/parties/beta/")
    expect(page.locator("#rec-EMP-01")).to_contain_text("<b>sofort</b>")


def test_coordinator_turns_the_majority_pledges_into_commitments(
    page, browser_login, links, barometer, coordinator
):
    emp2 = barometer["recs"]["EMP-02"]
    services.answer_pledges(link=links["alpha"], answers={emp2.pk: ("yes", "")})
    services.answer_pledges(link=links["beta"], answers={emp2.pk: ("no", "")})
    alpha = Party.objects.get(slug="alpha")
    browser_login(page, coordinator)

    page.goto("/fr/elections/manage/federales-2029/")
    form = page.locator("#result form")
    form.locator(f"input[name=majority][value='{alpha.pk}']").check()
    form.locator("#id_government").select_option(str(barometer["government"].pk))
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/fr/elections/manage/federales-2029/$"))
    expect(page.locator(".messages .message-success")).to_be_visible()
    commitment = Commitment.objects.get(recommendations=emp2)
    assert commitment.authority == barometer["government"]
    assert Pledge.objects.get(party=alpha).commitment == commitment

    page.goto("/fr/authorities/gouvernement-federal/")
    expect(
        page.locator(f"a[href='/fr/commitments/{commitment.pk}/']").first
    ).to_be_visible()
    page.goto("/fr/elections/pledges/engagements-2029/parties/alpha/")
    expect(
        page.locator(f"#rec-EMP-02 a[href='/fr/commitments/{commitment.pk}/']")
    ).to_be_visible()
