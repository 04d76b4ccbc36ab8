"""A Dutch-speaking person in Antwerp who was refused a flat finds where to turn,
leaves a testimony, and the handling organisation answers, in Chromium.

The UI strings are translated while these tests are written: they check URLs,
``lang`` attributes, names, ids and data, never a translated sentence.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from plaidoyer.help.forms import TestimonyForm
from plaidoyer.help.models import Testimony

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_refused_a_flat_in_antwerp_finds_help_and_gets_an_answer(
    new_page, browser_login, help_data
):
    person = new_page(locale="nl-BE")
    person.goto("/nl/help/")
    expect(person.locator("html")).to_have_attribute("lang", "nl")
    form = person.locator("main form.filters")
    form.locator("select[name=field]").select_option("housing")
    form.locator("select[name=ground]").select_option("origin")
    form.locator("input[name=place]").fill("Antwerpen")
    form.locator("button[type=submit]").click()

    expect(person).to_have_url(re.compile(r"/nl/help/\?.*place=Antwerpen"))
    expect(person.locator("#bodies li.body[data-slug=unia]")).to_be_visible()
    services = person.locator("#services .help-service")
    expect(services).to_have_count(2)
    expect(services.nth(0)).to_contain_text("Huis van de Mens Antwerpen")
    expect(services.nth(0).locator(".opening-hours")).to_have_text(
        "Maandag en donderdag, 9u–12u"
    )
    expect(services.nth(1)).to_contain_text("Buurtwerk Antwerpen-Noord")
    expect(services.nth(1).locator(".opening-hours")).to_have_text(
        "Elke werkdag, 13u–17u"
    )

    # The map beside the list marks both (JavaScript only adds it).
    expect(person.locator("#org-map")).to_have_attribute("data-count", "2")

    person.locator("a.big-button").click()  # leave a testimony: answers carried
    expect(person).to_have_url(re.compile(r"/nl/help/testimony/\?"))
    testimony_form = person.locator("main form")
    expect(testimony_form.locator("select[name=field]")).to_have_value("housing")
    expect(testimony_form.locator("input[name=place]")).to_have_value("Antwerpen")
    for name in ("consent_figures", "consent_referral", "consent_contact"):
        expect(testimony_form.locator(f"input[name={name}]")).not_to_be_checked()
    testimony_form.locator("textarea[name=text]").fill(
        "De eigenaar weigerde mij de flat toen hij mijn naam hoorde."
    )
    testimony_form.locator("input[name=consent_figures]").check()
    testimony_form.locator("input[name=consent_referral]").check()
    testimony_form.locator("input[name=consent_contact]").check()
    testimony_form.locator("input[name=email]").fill("anoniem@example.be")
    # The time the form was shown is signed: a person takes more than seconds.
    testimony_form.locator("input[name=started]").evaluate(
        "(el, value) => el.value = value", TestimonyForm.signer().sign("0")
    )
    testimony_form.locator("button[type=submit]").click()
    expect(person).to_have_url(re.compile(r"/nl/help/testimony/thanks/$"))
    testimony = Testimony.objects.get()
    assert testimony.organisation == help_data["huis"]
    assert testimony.consent_figures and testimony.consent_referral
    assert "weigerde" not in testimony.text  # encrypted

    handler = new_page(locale="nl-BE")
    browser_login(handler, help_data["handler"])
    handler.goto("/nl/help/testimonies/")
    handler.locator(f"#inbox a[href$='/testimonies/{testimony.pk}/']").click()
    expect(handler.locator("#testimony-text")).to_have_text(
        "De eigenaar weigerde mij de flat toen hij mijn naam hoorde."
    )
    handler.locator("#status-form select[name=status]").select_option("acknowledged")
    handler.locator("#status-form button[type=submit]").click()
    expect(handler.locator(".messages .message-success")).to_be_visible()
    testimony.refresh_from_db()
    assert testimony.status == "acknowledged"

    mail.outbox.clear()
    handler.locator("#message-form textarea[name=body]").fill(
        "Wij kunnen u helpen. Kom maandag langs op onze permanentie."
    )
    handler.locator("#message-form button[type=submit]").click()
    expect(handler.locator(".messages .message-success")).to_be_visible()

    (email,) = mail.outbox
    assert email.to == ["anoniem@example.be"]
    assert "handler@example.org" not in email.body
    link = re.search(r"https?://\S+/nl/help/testimony/reply/\S+/", email.body).group(0)
    person.goto(re.sub(r"^https?://[^/]+", "", link))
    expect(person.locator("ol.conversation li")).to_have_text(
        [re.compile("Kom maandag langs op onze permanentie.")]
    )


def test_the_figures_page_shows_a_cell_only_once_it_reaches_five(new_page, help_data):
    from django.core.cache import cache
    from django.utils import timezone

    from plaidoyer.help import services

    year = timezone.localdate().year

    def testify():
        services.submit_testimony(
            text="Geweigerd.",
            field="housing",
            ground="origin",
            region=help_data["flanders"],
            municipality=help_data["antwerp"],
            consent_figures=True,
            consent_referral=False,
            language="nl",
        )
        cache.clear()

    page = new_page(locale="nl-BE")
    testify()
    page.goto("/nl/help/figures/")
    total = page.locator(f"#figures-years td[data-year='{year}']")
    expect(total).to_have_text("< 5")
    for _ in range(3):
        testify()
    page.reload()
    expect(total).to_have_text("< 5")  # four: still hidden
    testify()
    page.reload()
    expect(total).to_have_text("5")
    housing = page.locator(f"#figures-{year}-field td[data-key=housing]")
    expect(housing).to_have_text("5")
