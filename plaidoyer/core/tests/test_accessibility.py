"""axe-core finds no serious or critical accessibility problem on the public pages."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def blocking_violations(axe, page) -> list[dict]:
    return [v for v in axe(page) if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"  {violation['impact']}: {violation['id']} — {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_public_pages_have_no_serious_accessibility_violation(
    page, axe, member_directory, lang
):
    pages = {
        "home": f"/{lang}/",
        "directory": f"/{lang}/organisations/",
        "profile": f"/{lang}/organisations/{member_directory.liege.slug}/",
    }
    found = {}
    for name, path in pages.items():
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        # Check the page as a visitor sees it: with the map drawn.
        drawn = page.locator("#org-map .leaflet-overlay-pane path")
        expect(drawn.first).to_be_attached()
        if name != "profile":
            expect(page.locator("#org-map")).to_have_attribute(
                "data-count", str(len(member_directory.all))
            )
        if violations := blocking_violations(axe, page):
            found[path] = describe(violations)

    assert not found, "axe violations:\n" + "\n".join(
        f"{path}\n{report}" for path, report in found.items()
    )


def test_profile_form_with_errors_has_no_serious_accessibility_violation(
    page, axe, browser_login, staff_user, member_directory
):
    browser_login(page, staff_user)
    page.goto(f"/nl/organisations/{member_directory.cai.slug}/edit/")
    page.locator("#id_website").fill("not a url")
    page.locator("form.stacked-form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()

    violations = blocking_violations(axe, page)

    assert not violations, f"axe on {page.url}:\n{describe(violations)}"
