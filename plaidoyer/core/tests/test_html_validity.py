"""The W3C Nu HTML checker (npm ``vnu-jar``) finds no error on the public pages.

Marked ``browser``: like the other browser tests it needs ``node_modules`` (here for
vnu.jar) and a system package (Java), which ``make test-browser`` guarantees. The
pages come from Django's test client: the checker reads the HTML as served.
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VNU_JAR = Path(settings.BASE_DIR) / "node_modules/vnu-jar/build/dist/vnu.jar"


def nu_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """Check every page in one run of the checker (Java starts slowly); return its
    errors by page name."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "No Java for the Nu HTML checker: run `scripts/system-deps.sh test`."
        )
    if not VNU_JAR.exists():
        pytest.fail(f"No Nu HTML checker at {VNU_JAR}: run `make assets`.")
    files = []
    for name, html in pages.items():
        path = folder / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    # Java's quick-start compiler saves seconds on this short run; its bigger stack
    # frames need a bigger stack than the 512k the checker asks for.
    jvm = ["-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    command = [java, *jvm, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
    run = subprocess.run(  # noqa: S603 (our own files)
        [*command, *files], capture_output=True, text=True, timeout=180
    )
    # The checker writes its JSON report on stderr.
    try:
        report = json.loads(run.stderr or run.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"The Nu HTML checker failed:\n{run.stderr[-2000:]}")
    found: dict[str, list[str]] = {}
    for message in report["messages"]:
        name = Path(urlsplit(message.get("url", "")).path).stem or "?"
        where = f"line {message.get('lastLine', '?')}"
        extract = (message.get("extract") or "").strip().replace("\n", " ")
        found.setdefault(name, []).append(
            f"{where}: {message['message']}\n      {extract[:200]}"
        )
    return found


def test_public_pages_are_valid_html(
    client,
    tmp_path,
    member_directory,
    barometer,
    campaign,
    make_event,
    process,
    article,
    resource,
):
    event = make_event(slug="rencontre", capacity=30)
    paths = {
        # The pages issue 7 names.
        "home-fr": "/fr/",
        "home-nl": "/nl/",
        "article": f"/fr/news/{article.slug}/",
        "resources": "/fr/resources/",
        "search": "/fr/search/?q=liegeois",
        # And the other public pages, while they pass.
        "contact": "/fr/contact/",
        "directory": "/fr/organisations/",
        "profile": f"/nl/organisations/{member_directory.liege.slug}/",
        "barometer": "/fr/barometer/",
        "memorandum": "/nl/memorandum/",
        "recommendation": "/fr/recommendations/EMP-01/",
        "commitment": f"/fr/commitments/{barometer['commitment'].pk}/",
        "authority": f"/fr/authorities/{barometer['government'].slug}/",
        "agenda": "/fr/events/",
        "event": f"/fr/events/{event.slug}/",
        "register": f"/nl/events/{event.slug}/register/",
        "campaign": "/fr/campaigns/marathon/",
        "process": "/fr/processes/roms/",
    }
    pages = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, path
        pages[name] = response.content.decode()

    errors = nu_errors(pages, tmp_path)

    assert not errors, "Nu HTML checker errors:\n" + "\n".join(
        f"{paths.get(name, name)}\n" + "\n".join(f"    {e}" for e in messages)
        for name, messages in errors.items()
    )
