"""Browser fixtures: one headless Chromium per session, a fresh context per test.

Only tests marked ``browser`` use them; the rest of the suite never starts Chromium.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would then
# refuse the ORM calls that fixtures make from that thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# Serve on the address the network checks compare against, not "localhost".
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = os.environ.get("PLAIDOYER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_JS = Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js"
# Short enough that a missing element fails the test quickly, long enough for a
# loaded CI machine.
TIMEOUT_MS = 10_000


@pytest.fixture(autouse=True)
def _places_for_browser_tests(request):
    """Reload the places a data migration created, for tests on the live server.

    Those tests run in real transactions, and the flush after each one empties
    every table, migration data included. Reloading is an upsert: ten times faster
    than ``serialized_rollback``.
    """
    if request.node.get_closest_marker("browser") is None:
        return
    request.getfixturevalue("transactional_db")
    from plaidoyer.places.loader import load_places

    load_places()


@pytest.fixture(scope="session")
def browser():
    # `make test` installs Chromium; a skipped browser suite would pass unseen.
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: run `scripts/system-deps.sh test`.")
    from playwright.sync_api import expect, sync_playwright

    # expect() has its own timeout, apart from the context's.
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Return a factory of pages, each in a new context, on the live server.

    Relative URLs go to the live server. Keyword arguments go to
    ``browser.new_context()`` (``java_script_enabled=False``, ``locale``...).
    """
    contexts, errors = [], []

    def make(**options):
        options = {
            "base_url": live_server.url,
            "locale": "fr-BE",
            "viewport": {"width": 1280, "height": 900},
        } | options
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{exc}\n{exc.stack}"))
        # Whatever the Content-Security-Policy blocks is a bug in the page.
        page.on(
            "console",
            lambda msg: (
                "Content Security Policy" in msg.text and errors.append(msg.text)
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    # An uncaught exception fails the test even when the page still looked right.
    assert not errors, "JavaScript or CSP errors on the page:\n" + "\n".join(errors)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def browser_login(live_server):
    """Return a function that logs ``user`` in to a page's context, form skipped.

    For tests about what comes after logging in; the login form has its own test.
    """
    from django.conf import settings
    from django.test import Client

    def log_in(page, user) -> None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session,
                    "url": live_server.url,
                }
            ]
        )

    return log_in


@pytest.fixture
def axe():
    """Return a function that runs axe-core on a page and returns its violations."""
    if not AXE_JS.exists():
        pytest.fail(f"No axe-core at {AXE_JS}: run `make assets`.")

    def run(page):
        # evaluate() runs outside the page's CSP; a <script> tag would be refused.
        page.evaluate(AXE_JS.read_text())
        return page.evaluate("async () => (await axe.run(document)).violations")

    return run


@pytest.fixture
def member_directory(make_organisation, organisation, coordinator, theme):
    """Publish a small directory spread over four provinces, with one network.

    ``organisation`` (the root fixture, in Namur) and ``namur`` share a
    municipality, so their map markers sit on the same point and must cluster.
    """
    from types import SimpleNamespace

    from plaidoyer.organisations.services import add_membership

    network = make_organisation(
        "Coalition NAPAR",
        kind="network",
        municipality="21004",
        description_fr="Coalition pour un plan d'action contre le racisme.",
    )
    liege = make_organisation(
        "Collectif Liégeois", municipality="62063", themes=[theme]
    )
    gent = make_organisation(
        "Travail de quartier à Gand", municipality="44021", name_nl="Buurtwerk Gent"
    )
    namur = make_organisation("Maison de quartier de Namur", municipality="92094")
    add_membership(
        by=coordinator, member=liege, network=network, role="founding_member"
    )
    add_membership(by=coordinator, member=organisation, network=network)
    return SimpleNamespace(
        network=network,
        liege=liege,
        gent=gent,
        namur=namur,
        cai=organisation,
        all=[network, liege, gent, namur, organisation],
    )


@pytest.fixture
def form_login():
    """Return a function that logs a user in through the login form, then checks
    that the form sent them on to ``next_url``."""
    import re

    from playwright.sync_api import expect

    def log_in(page, email: str, next_url: str) -> None:
        page.goto(f"/fr/accounts/login/?next={next_url}")
        page.locator("#id_username").fill(email)
        page.locator("#id_password").fill("correct horse battery staple")
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))

    return log_in


@pytest.fixture
def mail_link():
    """Return a function that finds the path of a link matching ``pattern`` (a
    regular expression on the whole path) in the latest email to ``to`` that has one.

    Emails carry absolute links to SITE_URL; the path is what the live server needs.
    """
    import re
    from urllib.parse import urlsplit

    from django.core import mail

    def find(to: str, pattern: str) -> str:
        for message in reversed(mail.outbox):
            if to not in message.to:
                continue
            for url in re.findall(r"https?://\S+", message.body):
                path = urlsplit(url).path
                if re.fullmatch(pattern, path):
                    return path
        sent = [(m.to, m.subject) for m in mail.outbox]
        raise AssertionError(f"No link matching {pattern} to {to} in {sent}")

    return find


@pytest.fixture
def article(coordinator, theme):
    """Publish a news article in French and Dutch, filed under ``theme``."""
    from plaidoyer.news.models import Article
    from plaidoyer.news.services import save_article

    return save_article(
        by=coordinator,
        article=Article(
            title_fr="Le Collectif Liégeois ouvre une permanence juridique",
            title_nl="Het Luikse Collectief opent een juridisch spreekuur",
            summary_fr="Chaque mardi, des juristes bénévoles reçoivent les victimes.",
            status="published",
            body_fr=(
                "<h2>Une permanence chaque mardi</h2>"
                "<p>Des juristes bénévoles reçoivent les victimes de discrimination"
                " au <a href='https://www.example.org/'>local du collectif</a>.</p>"
                "<ul><li>Sans rendez-vous</li><li>Gratuit</li></ul>"
            ),
            body_nl="<p>Elke dinsdag ontvangen vrijwillige juristen slachtoffers.</p>",
        ),
        themes=[theme],
    )


@pytest.fixture
def axe_problems(axe):
    """Return a function that runs axe-core on a page and describes its serious and
    critical violations, one per line ("" when there is none)."""

    def report(page) -> str:
        lines = []
        for violation in axe(page):
            if violation["impact"] not in ("serious", "critical"):
                continue
            lines.append(
                f"  {violation['impact']}: {violation['id']} — {violation['help']}"
            )
            for node in violation["nodes"][:5]:
                summary = (node.get("failureSummary") or "").replace("\n", " ")
                lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
                lines.append(f"      {summary[:300]}")
        return "\n".join(lines)

    return report


@pytest.fixture
def check_accessibility(axe_problems):
    """Return a function that opens each path on a page and fails, listing every
    page's serious and critical axe violations at once."""
    from playwright.sync_api import expect

    def check(page, paths, ready=None) -> None:
        found = {}
        for path in paths:
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("lang", path.split("/")[1])
            if ready is not None:
                ready(page, path)
            if problems := axe_problems(page):
                found[path] = problems
        assert not found, "axe violations:\n" + "\n".join(
            f"{path}\n{problems}" for path, problems in found.items()
        )

    return check


@pytest.fixture
def resource(coordinator, theme, organisation):
    """Publish a resource (a link) from ``organisation``, filed under ``theme``."""
    from plaidoyer.news.models import Resource
    from plaidoyer.news.services import save_resource

    return save_resource(
        by=coordinator,
        resource=Resource(
            title_fr="Guide juridique contre les discriminations au logement",
            description_fr="Vos droits face à un propriétaire qui discrimine.",
            kind=Resource.Kind.TOOL,
            year=2025,
            url="https://www.example.org/guide.pdf",
            organisation=organisation,
        ),
        themes=[theme],
    )
