"""An alderman answers on the barometer, in Dutch, in Chromium.

Checks URLs, ids, classes and data, never a translated sentence.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from plaidoyer.commitments import services as commitment_services
from plaidoyer.replies.models import Reply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = r"/nl/replies/link/[^/]+/"


def test_alderman_invited_by_email_files_a_self_report_the_coordinator_publishes(
    new_page, browser_login, mail_link, coordinator, barometer
):
    commitment = commitment_services.create_commitment(
        by=coordinator,
        authority=barometer["namur"],
        recommendations=[barometer["recs"]["LOG-01"]],
        title="Praktijktests op de huurmarkt",
        committed_on=datetime.date(2024, 5, 1),
        status="announced",
    )
    # The coordinator records the alderman and emails them a link.
    staff = new_page(locale="nl-BE")
    browser_login(staff, coordinator)
    staff.goto("/nl/replies/manage/authorities/ville-de-namur/")
    form = staff.locator("section[aria-labelledby=add-title] form")
    form.locator("#id_name").fill("Schepen Jan Peeters")
    form.locator("#id_role").fill("Schepen van gelijke kansen")
    form.locator("#id_email").fill("jan@namur.example.org")
    form.locator("#id_language").select_option("nl")
    form.locator("button[type=submit]").click()
    expect(staff.locator(".messages .message-success")).to_be_visible()
    staff.locator("ul.contacts form[action*='/invite/'] button").click()
    expect(staff.locator(".messages .message-success")).to_be_visible()

    # The alderman opens the link from the email: a button, then their space.
    alderman = new_page(locale="nl-BE")
    link = mail_link("jan@namur.example.org", LINK)
    alderman.goto(link)
    expect(alderman.locator("html")).to_have_attribute("lang", "nl")
    alderman.locator("main form button[type=submit]").click()
    expect(alderman).to_have_url(re.compile(r"/nl/replies/space/$"))
    alderman.locator(
        f"a[href='/nl/replies/space/commitments/{commitment.pk}/']"
    ).click()
    reply_form = alderman.locator("main form.stacked-form")
    reply_form.locator("#id_status").select_option("in_progress")
    reply_form.locator("#id_progress").fill("60")
    reply_form.locator("#id_comment").fill("De eerste praktijktests lopen sinds maart.")
    reply_form.locator("#id_response").fill("Het budget is al vrijgemaakt.")
    reply_form.locator("#id_evidence_url").fill("https://www.namur.example.org/plan")
    reply_form.locator("#id_evidence_file").set_input_files(
        {"name": "actieplan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}
    )
    reply_form.locator("button[type=submit]").click()
    expect(alderman).to_have_url(re.compile(r"/nl/replies/space/$"))
    expect(alderman.locator(".messages .message-success")).to_be_visible()
    reply = Reply.objects.get()
    assert reply.state == "pending" and reply.evidence_file.name.endswith(".pdf")
    # The link was used: opening it again does nothing.
    other = new_page(locale="nl-BE")
    other.goto(link)
    other.locator("main form button[type=submit]").click()
    expect(other.locator("html")).to_have_attribute("lang", "nl")
    assert "/replies/space/" not in other.url

    # The coordinator accepts it.
    staff.goto("/nl/replies/manage/moderation/")
    item = staff.locator(f"#reply-{reply.pk}")
    expect(item).to_contain_text("De eerste praktijktests lopen sinds maart.")
    item.locator("form[action$='/accept/'] button").click()
    expect(staff.locator(".messages .message-success")).to_be_visible()

    # The commitment's page shows it beside the coalition's view, as the authority's own.
    visitor = new_page(locale="nl-BE")
    visitor.goto(f"/nl/commitments/{commitment.pk}/")
    views = visitor.locator(".two-views")
    expect(views.locator(".status-announced")).to_be_visible()  # the coalition's
    expect(views.locator(".status-in_progress")).to_be_visible()  # the authority's
    published = visitor.locator(f"#reply-{reply.pk}")
    expect(published).to_contain_text("De eerste praktijktests lopen sinds maart.")
    expect(published).to_contain_text("Schepen Jan Peeters")
    expect(published).to_contain_text("Het budget is al vrijgemaakt.")
    expect(
        published.locator("a[href='https://www.namur.example.org/plan']")
    ).to_be_visible()
    expect(published.locator("a[href*='/media/replies/']")).to_be_visible()
    visitor.goto("/nl/authorities/ville-de-namur/")
    expect(visitor.locator(f"#reply-{reply.pk}")).to_be_visible()
