"""The translation desk: what lacks a translation per language, the original
beside the form, and an optional machine draft shown before anything is saved."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from plaidoyer.core.models import AuditLog
from plaidoyer.news.models import Article

pytestmark = pytest.mark.django_db


class FakeTranslator(BaseHTTPRequestHandler):
    """DeepL's /v2/translate and LibreTranslate's /translate, on loopback."""

    calls: list = []

    def do_POST(self):  # noqa: N802 - the http.server API
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeTranslator.calls.append((self.path, dict(self.headers), payload))
        if self.path == "/v2/translate":
            texts = payload["text"]
            target = payload["target_lang"]
            body = {"translations": [{"text": f"[{target}] {t}"} for t in texts]}
        elif self.path == "/translate":
            body = {
                "translatedText": [f"[{payload['target']}] {t}" for t in payload["q"]]
            }
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def translator(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeTranslator)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeTranslator.calls = []
    settings.MACHINE_TRANSLATION_URL = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()


@pytest.fixture
def french_only(article):
    Article.objects.filter(pk=article.pk).update(
        title_nl=None, summary_nl=None, body_nl=None, title_de=None, body_de=None
    )
    article.refresh_from_db()
    return article


def _url(article, action=""):
    return f"/fr/translations/nl/articles/{article.pk}/{action}"


def test_the_desk_counts_what_lacks_a_translation_per_language(
    client, coordinator, french_only
):
    client.force_login(coordinator)
    response = client.get("/de/translations/")
    assert response.status_code == 200
    counts = {code: c for code, _name, c, _total in response.context["rows"]}
    assert counts["nl"]["articles"] == 1 and counts["fr"]["articles"] == 0
    listing = client.get("/de/translations/nl/articles/").content.decode()
    assert f'href="/de/translations/nl/articles/{french_only.pk}/"' in listing


def test_the_original_is_beside_the_form_and_the_translation_is_saved(
    client, coordinator, french_only
):
    client.force_login(coordinator)
    body = client.get(_url(french_only)).content.decode()
    assert 'lang="fr" class="prose source-text"' in body
    assert french_only.title_fr in body
    response = client.post(
        _url(french_only, "save/"),
        {
            "t-title": "De barometer gaat vooruit",
            "t-summary": "Samenvatting",
            "t-body": "<p>Tekst</p><script>alert(1)</script>",
        },
    )
    assert response.status_code == 302
    french_only.refresh_from_db()
    assert french_only.title_nl == "De barometer gaat vooruit"
    assert french_only.body_nl == "<p>Tekst</p>"  # the site's one allowlist
    assert " barometer " in french_only.search_text
    assert AuditLog.objects.filter(action="translations.save").exists()
    # Translated: the Dutch article page now reads in Dutch.
    page = client.get(french_only.get_absolute_url().replace("/fr/", "/nl/"))
    assert "De barometer gaat vooruit" in page.content.decode()


@pytest.mark.parametrize(
    "data",
    [{"t-title": "x" * 201}, {"t-title": "Ok", "t-summary": "y" * 100_001}],
)
def test_too_long_translations_are_refused_and_nothing_saved(
    client, coordinator, french_only, data
):
    client.force_login(coordinator)
    response = client.post(_url(french_only, "save/"), data)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    french_only.refresh_from_db()
    assert french_only.title_nl is None


def test_markup_in_a_plain_field_is_shown_as_text(client, coordinator, french_only):
    client.force_login(coordinator)
    client.post(_url(french_only, "save/"), {"t-title": "<b>Vet</b>"})
    page = client.get(french_only.get_absolute_url().replace("/fr/", "/nl/"))
    assert "&lt;b&gt;Vet&lt;/b&gt;" in page.content.decode()


@pytest.mark.parametrize(
    "provider, path", [("deepl", "/v2/translate"), ("libretranslate", "/translate")]
)
def test_a_machine_draft_is_shown_to_a_person_and_not_saved(
    client, coordinator, french_only, translator, settings, provider, path
):
    settings.MACHINE_TRANSLATION_PROVIDER = provider
    settings.MACHINE_TRANSLATION_KEY = "secret"
    client.force_login(coordinator)
    response = client.post(_url(french_only, "draft/"))
    body = response.content.decode()
    assert response.status_code == 200 and 'id="machine-draft"' in body
    assert f"] {french_only.title_fr}" in body
    french_only.refresh_from_db()
    assert french_only.title_nl is None  # a person saves it, or nothing
    calls = [c for c in FakeTranslator.calls if c[0] == path]
    assert calls
    if provider == "deepl":
        assert calls[0][1]["Authorization"] == "DeepL-Auth-Key secret"
        assert {c[2].get("tag_handling") for c in calls} == {None, "html"}


def test_no_service_no_button_and_a_dead_service_says_so(
    client, coordinator, french_only, settings
):
    client.force_login(coordinator)
    settings.MACHINE_TRANSLATION_URL = ""
    assert "/draft/" not in client.get(_url(french_only)).content.decode()
    settings.MACHINE_TRANSLATION_URL = "http://127.0.0.1:9"  # nothing listens
    response = client.post(_url(french_only, "draft/"))
    assert response.status_code == 503
    assert 'class="message message-error"' in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "nl/articles/",
        "nl/articles/{pk}/",
        "nl/articles/{pk}/save/",
        "nl/articles/{pk}/draft/",
    ],
)
def test_only_coordinators_use_the_desk(
    client, make_user, staff_user, french_only, path
):
    url = "/fr/translations/" + path.format(pk=french_only.pk)
    method = client.post if path.endswith(("save/", "draft/")) else client.get
    response = method(url, {"t-title": "Hack"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(staff_user)
    assert method(url, {"t-title": "Hack"}).status_code == 403
    french_only.refresh_from_db()
    assert french_only.title_nl is None


@pytest.mark.parametrize(
    "path",
    [
        "xx/articles/",
        "nl/nothing/",
        "nl/articles/abc/",
        "nl/articles/99999999999999999999/",
    ],
)
def test_junk_in_the_address_is_404(client, coordinator, french_only, path):
    client.force_login(coordinator)
    assert client.get("/fr/translations/" + path).status_code == 404
