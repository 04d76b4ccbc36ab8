"""Writing rich text in the editor, in Dutch, as an organisation's staff: what
is typed is what the public profile shows (sanitised by core.html on the way)."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def editor_of(page, field_id: str):
    return page.locator(f".prose-editor:has(#{field_id}) .tiptap[contenteditable=true]")


def png_file(tmp_path):
    path = tmp_path / "affiche.png"
    Image.new("RGB", (40, 30), "navy").save(path, format="PNG")
    return path


def test_staff_writes_paragraphs_a_list_a_link_and_an_image_in_dutch(
    page, browser_login, staff_user, organisation, tmp_path
):
    browser_login(page, staff_user)
    page.goto(f"/nl/organisations/{organisation.slug}/edit/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    editor = editor_of(page, "id_description_nl")
    expect(editor).to_be_visible()

    editor.click()
    keyboard = page.keyboard
    keyboard.type("Wij helpen nieuwkomers in Namen.")
    keyboard.press("Enter")
    keyboard.type("Ons aanbod:")
    keyboard.press("Enter")
    keyboard.type("- taallessen")
    keyboard.press("Enter")
    keyboard.type("juridisch advies")
    keyboard.press("Enter")
    keyboard.press("Enter")
    keyboard.type("Meer info op https://www.unia.be ")

    box = page.locator(".rich-text:has(#id_description_nl)")
    box.locator("[data-role=image-file]").set_input_files(png_file(tmp_path))
    box.locator("[data-role=image-alt]").fill("Affiche van de opendeurdag")
    box.locator("[data-role=image-insert]").click()
    expect(editor.locator('img[alt="Affiche van de opendeurdag"]')).to_be_visible()

    box.locator("[data-role=preview]").click()
    preview = box.locator("[data-role=preview-output]")
    expect(preview.locator("li")).to_have_text(["taallessen", "juridisch advies"])

    page.locator("form.stacked-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/organisations/{organisation.slug}/$"))

    page.goto(f"/nl/organisations/{organisation.slug}/")
    prose = page.locator(".profile-main .prose")
    expect(prose.locator("p").first).to_have_text("Wij helpen nieuwkomers in Namen.")
    expect(prose.locator("p").nth(1)).to_have_text("Ons aanbod:")
    expect(prose.locator("ul li")).to_have_text(["taallessen", "juridisch advies"])
    expect(prose.locator('a[href="https://www.unia.be"]')).to_have_text(
        "https://www.unia.be"
    )
    image = prose.locator('img[alt="Affiche van de opendeurdag"]')
    expect(image).to_be_visible()
    assert re.search(
        r"/media/richtext/\d{4}/\d{2}/\w+\.png$", image.get_attribute("src")
    )
    organisation.refresh_from_db()
    assert "<script" not in organisation.description_nl
    # Untouched, still read the same; stored as the HTML it always rendered to.
    assert organisation.description_fr == "<p>Centre régional d'intégration.</p>"


def test_without_javascript_blank_lines_make_paragraphs(
    new_page, browser_login, staff_user, organisation
):
    page = new_page(java_script_enabled=False, locale="de-BE")
    browser_login(page, staff_user)
    page.goto(f"/de/organisations/{organisation.slug}/edit/")
    page.locator("#id_description_de").fill(
        "Erster Absatz.\n\nZweiter Absatz.\n\n- Sprachkurse\n- Rechtsberatung"
    )
    page.locator("form.stacked-form button[type=submit]").click()

    page.goto(f"/de/organisations/{organisation.slug}/")
    prose = page.locator(".profile-main .prose")
    expect(prose.locator("p")).to_have_text(["Erster Absatz.", "Zweiter Absatz."])
    expect(prose.locator("ul li")).to_have_text(["Sprachkurse", "Rechtsberatung"])
