"""What coordinators and member staff do in the workspace, in Chromium, in Dutch and
German. The tests find things by address, id and data, never by a translated
sentence."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from plaidoyer.campaigns.models import Evidence, LabelApplication, PaperBatch
from plaidoyer.organisations.models import Organisation, Staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "een heel lang wachtwoord 2026"
SECONDS_A_PERSON_TAKES = 3.5  # the request form refuses a bot's speed


def _invitation_path(address: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [address]]
    link = re.search(r"https?://\S+/invitation/\S+/", message.body).group(0)
    return "/" + link.split("/", 3)[3]


def _accept(page, path, name, language):
    page.goto(path)
    page.locator("#id_full_name").fill(name)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_language").select_option(language)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{language}/workspace/$"))


def test_staff_invites_a_colleague_who_sets_a_password_and_edits_the_profile(
    new_page, browser_login, staff_user, organisation
):
    page = new_page(locale="nl-BE")
    browser_login(page, staff_user)
    page.goto("/nl/workspace/")
    page.locator(
        f'a[href="/nl/workspace/organisations/{organisation.slug}/colleagues/"]'
    ).click()
    page.locator("#id_email").fill("collega@example.org")
    page.locator("#id_language").select_option("nl")
    page.locator("#id_role").select_option("editor")
    page.locator("form[action$='/colleagues/invite/'] button[type=submit]").click()
    expect(page.locator(".message-success")).to_be_visible()

    colleague = new_page(locale="nl-BE")
    _accept(colleague, _invitation_path("collega@example.org"), "Jan Collega", "nl")
    edit = f"/nl/organisations/{organisation.slug}/edit/"
    colleague.locator(f'a[href="{edit}"]').click()
    colleague.locator("#id_website").fill("https://cai.example.be")
    colleague.locator("main form button[type=submit]").last.click()
    expect(colleague).to_have_url(
        re.compile(rf"/nl/organisations/{organisation.slug}/$")
    )
    organisation.refresh_from_db()
    assert organisation.website == "https://cai.example.be"
    assert Staff.objects.filter(
        organisation=organisation, user__email="collega@example.org"
    ).exists()


def test_a_municipality_asks_for_an_account_is_approved_and_applies_for_the_label(
    new_page, browser_login, coordinator, label_criterion
):
    programme = label_criterion.programme
    person = new_page(locale="de-BE")
    person.goto(f"/de/campaigns/labels/{programme.slug}/")
    person.locator('a[href="/de/workspace/account-request/"]').click()
    person.locator("#id_name").fill("Anna Schmitz")
    person.locator("#id_email").fill("anna@eupen.example.be")
    person.locator("#id_kind").select_option("municipality")
    person.locator("#id_organisation_name").fill("Gemeinde Eupen")
    person.locator("#id_role").fill("Schöffin")
    time.sleep(SECONDS_A_PERSON_TAKES)
    person.locator("main form button[type=submit]").click()
    expect(person.locator("main h1")).to_be_visible()

    boss = new_page(locale="de-BE")
    browser_login(boss, coordinator)
    boss.goto("/de/workspace/")
    boss.locator('[data-task="requests"] a').click()
    boss.locator("form[action$='/approve/'] button[type=submit]").click()
    expect(boss.locator(".message-success")).to_be_visible()
    organisation = Organisation.objects.get(kind="municipality")

    _accept(person, _invitation_path("anna@eupen.example.be"), "Anna Schmitz", "de")
    person.goto(f"/de/campaigns/labels/{programme.slug}/")
    person.locator(f'a[href="/de/campaigns/labels/{programme.slug}/apply/"]').click()
    person.locator("#id_organisation").select_option(str(organisation.pk))
    person.locator(f"#id_text_{label_criterion.pk}").fill("Ratsbeschluss vom März.")
    person.locator("main form button[type=submit]").click()
    expect(person).to_have_url(re.compile(rf"/de/campaigns/labels/{programme.slug}/$"))
    assert LabelApplication.objects.filter(organisation=organisation).exists()


def test_coordinator_reviews_a_batch_and_decides_a_label_from_the_dashboard(
    new_page,
    browser_login,
    coordinator,
    staff_user,
    make_batch,
    label_criterion,
    make_organisation,
):
    batch = make_batch(by=staff_user, letters=40)
    school = make_organisation("Hogeschool Gent", kind="school")
    application = LabelApplication.objects.create(
        programme=label_criterion.programme, year=2026, organisation=school
    )
    Evidence.objects.create(
        application=application, criterion=label_criterion, text="Gedaan."
    )
    page = new_page(locale="nl-BE")
    browser_login(page, coordinator)
    page.goto("/nl/workspace/")
    page.locator('[data-task="batches"] a').click()
    expect(page).to_have_url(re.compile(r"/nl/campaigns/marathon/review/$"))
    page.locator(f"#batch-{batch.pk} form[action$='/validate/'] button").click()
    expect(page.locator(f"#batch-{batch.pk}")).to_have_count(0)
    assert PaperBatch.objects.get(pk=batch.pk).status == "validated"

    page.goto("/nl/workspace/")
    page.locator('[data-task="labels"] a').click()
    page.locator(
        f"#application-{application.pk} form[action$='/accept/'] button"
    ).click()
    expect(page.locator(".message-success")).to_be_visible()
    application.refresh_from_db()
    assert application.status == "awarded"
