"""What a visitor and an organisation's staff do in the directory, in Chromium.

The UI strings are being translated while these tests are written, so they check
URLs, ``lang`` attributes, ids and data, never a translated sentence.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from playwright.sync_api import expect

from plaidoyer.places.models import Province

# The live server needs real transactions; plaidoyer/conftest.py reloads places.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def card_names(page) -> list[str]:
    return page.locator("#results .org-card h3 a").all_inner_texts()


def test_search_in_dutch_updates_results_while_typing(page, member_directory):
    page.goto("/nl/organisations/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert len(card_names(page)) == len(member_directory.all)
    # A full page load would drop this; htmx swapping #results keeps it.
    page.evaluate("window.stillTheSamePage = true")

    page.locator("#id_q").fill("liegeois")

    expect(page.locator("#results .org-card h3 a")).to_have_text(["Collectif Liégeois"])
    expect(page.locator("#results-title")).to_have_text(re.compile(r"^1 organisati"))
    expect(page).to_have_url(re.compile(r"/nl/organisations/\?(.*&)?q=liegeois"))
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_search_in_dutch_submits_without_javascript(new_page, member_directory):
    page = new_page(java_script_enabled=False)
    page.goto("/nl/organisations/")
    page.locator("#id_q").fill("liegeois")
    page.locator("form.filters button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/nl/organisations/\?(.*&)?q=liegeois"))
    assert card_names(page) == ["Collectif Liégeois"]
    expect(page.locator("#results-title")).to_have_text(re.compile(r"^1 organisati"))
    expect(page.locator("#id_q")).to_have_value("liegeois")
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_filter_by_province_shows_only_its_organisations(page, member_directory):
    namur = Province.objects.get(municipalities__nis_code="92094")
    page.goto("/fr/organisations/")

    page.locator("#id_province").select_option(namur.slug)
    page.locator("form.filters button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"[?&]province={namur.slug}(&|$)"))
    expect(page.locator("#results .org-card h3 a")).to_have_text(
        ["Centre d'Action Interculturelle", "Maison de quartier de Namur"]
    )
    expect(page.locator("#results .org-card .meta")).to_contain_text(
        [namur.name, namur.name]
    )
    expect(page.locator("#id_province")).to_have_value(namur.slug)


def test_profile_opens_from_the_list_with_its_networks(page, member_directory):
    liege = member_directory.liege
    network = member_directory.network
    page.goto("/fr/organisations/")

    page.locator("#results .org-card h3").get_by_role(
        "link", name="Collectif Liégeois"
    ).click()

    expect(page).to_have_url(re.compile(rf"/fr/organisations/{liege.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Collectif Liégeois")
    network_link = page.locator(".profile-main").get_by_role("link", name=network.name)
    expect(network_link).to_have_attribute("href", f"/fr/organisations/{network.slug}/")
    with translation.override("fr"):
        role = str(liege.memberships.get().get_role_display())
    expect(network_link.locator("xpath=..")).to_contain_text(role)
    expect(page.locator(".profile-main .tags")).to_contain_text("Logement")


def test_map_shows_outline_and_every_marker_without_leaving_the_site(
    page, live_server, member_directory
):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/fr/organisations/")

    the_map = page.locator("#org-map")
    expect(the_map).to_have_attribute("data-count", str(len(member_directory.all)))
    outline = the_map.locator(".leaflet-overlay-pane path:not(.leaflet-interactive)")
    expect(outline.first).to_be_attached()
    assert outline.count() >= 11  # the provinces and Brussels
    markers = the_map.locator("path.leaflet-interactive")
    clusters = the_map.locator(".marker-cluster")
    # The two Namur organisations share a point, so at least one cluster.
    expect(clusters.first).to_be_visible()
    clustered = sum(int(n) for n in clusters.all_inner_texts())
    assert markers.count() + clustered == len(member_directory.all)
    assert the_map.locator(".leaflet-tile").count() == 0

    server = urlsplit(live_server.url)
    assert server.hostname == "127.0.0.1"
    elsewhere = [
        url
        for url in requests
        if not url.startswith("data:") and urlsplit(url).netloc != server.netloc
    ]
    assert requests and not elsewhere, f"Requests leaving the site: {elsewhere}"


def test_map_follows_the_filters(page, member_directory):
    page.goto("/fr/organisations/")
    the_map = page.locator("#org-map")
    expect(the_map).to_have_attribute("data-count", str(len(member_directory.all)))

    page.locator("#id_q").fill("liegeois")

    expect(page.locator("#results .org-card")).to_have_count(1)
    expect(page.locator("#org-map")).to_have_attribute("data-count", "1")
    expect(page.locator("#org-map path.leaflet-interactive")).to_have_count(1)


def test_language_link_opens_the_same_profile_in_dutch(page, member_directory):
    gent = member_directory.gent
    page.goto(f"/fr/organisations/{gent.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Travail de quartier à Gand"
    )

    page.locator('nav.lang-nav a[hreflang="nl"]').click()

    expect(page).to_have_url(re.compile(rf"/nl/organisations/{gent.slug}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Buurtwerk Gent")
    expect(page.locator('nav.lang-nav a[aria-current="true"]')).to_have_attribute(
        "hreflang", "nl"
    )


def log_in(page, email: str, next_url: str) -> None:
    page.goto(f"/fr/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def type_in_editor(page, field_id: str, text: str) -> None:
    """Type in the rich text editor that replaces a description's textarea."""
    page.locator(
        f".prose-editor:has(#{field_id}) .tiptap[contenteditable=true]"
    ).click()
    page.keyboard.type(text)


def test_staff_edits_own_profile_in_dutch(page, staff_user, member_directory):
    cai = member_directory.cai
    profile = f"/fr/organisations/{cai.slug}/"
    log_in(page, staff_user.email, profile)

    page.locator(f'main a[href="/fr/organisations/{cai.slug}/edit/"]').click()
    expect(page).to_have_url(re.compile(rf"/fr/organisations/{cai.slug}/edit/$"))
    type_in_editor(page, "id_description_nl", "Regionaal integratiecentrum in Namen.")
    page.locator("form.stacked-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"{re.escape(profile)}$"))
    expect(page.locator(".messages .message-success")).to_be_visible()
    page.goto(f"/nl/organisations/{cai.slug}/")
    expect(page.locator(".profile-main .prose")).to_have_text(
        "Regionaal integratiecentrum in Namen."
    )
    cai.refresh_from_db()
    assert cai.description_nl == "<p>Regionaal integratiecentrum in Namen.</p>"
    assert cai.description_fr == "<p>Centre régional d'intégration.</p>"


def test_staff_edit_with_a_bad_website_shows_errors_and_saves_nothing(
    page, browser_login, staff_user, member_directory
):
    cai = member_directory.cai
    before = (cai.description_nl, cai.website)
    browser_login(page, staff_user)
    page.goto(f"/fr/organisations/{cai.slug}/edit/")

    type_in_editor(page, "id_description_nl", "Dit mag niet bewaard worden.")
    page.locator("#id_website").fill("not a url")
    page.locator("form.stacked-form button[type=submit]").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator('a[href="#id_website"]')).to_be_visible()
    expect(page.locator("#id_website_error")).to_be_visible()
    website = page.locator("#id_website")
    expect(website).to_have_attribute("aria-invalid", "true")
    expect(website).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_website_error\b")
    )
    expect(website).to_have_value("not a url")
    expect(page.locator(".messages .message-success")).to_have_count(0)
    cai.refresh_from_db()
    assert (cai.description_nl, cai.website) == before
    page.goto(f"/nl/organisations/{cai.slug}/")
    expect(page.locator("main")).not_to_contain_text("Dit mag niet")


def test_profile_map_shows_the_name_as_text_not_html(page, make_organisation):
    # Staff may type anything as their organisation's name.
    name = '<img src="/x" onerror="window.injected = true">Amis & Co'
    organisation = make_organisation(name, municipality="62063")
    page.goto(f"/fr/organisations/{organisation.slug}/")

    page.locator("#org-map path.leaflet-interactive").hover()

    tooltip = page.locator("#org-map .leaflet-tooltip")
    expect(tooltip).to_have_text(name)
    expect(tooltip.locator("img")).to_have_count(0)
    assert page.evaluate("window.injected") is None


def test_map_markers_open_with_the_keyboard(page, member_directory):
    page.goto("/fr/organisations/")
    the_map = page.locator("#org-map")
    expect(the_map).to_have_attribute("data-count", str(len(member_directory.all)))
    marker = the_map.locator('path.leaflet-interactive[role="button"]').first
    expect(marker).to_have_attribute("tabindex", "0")
    name = marker.get_attribute("aria-label")
    assert name
    marker.focus()
    page.keyboard.press("Enter")
    link = the_map.locator(".leaflet-popup-content a")
    expect(link).to_have_text(name)
    expect(link).to_be_focused()
    close = the_map.locator(".leaflet-popup-close-button")
    expect(close).to_have_attribute("aria-label", "Fermer cette bulle")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(name)
