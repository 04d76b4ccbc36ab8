"""A first draft from a machine-translation service (DeepL or LibreTranslate),
off unless MACHINE_TRANSLATION_URL is set. A draft is only ever shown to a person
in the form; nothing is saved without them."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT = 15


class Unavailable(Exception):
    """The service is off, unreachable or refused: translate by hand."""


def enabled() -> bool:
    return bool(settings.MACHINE_TRANSLATION_URL)


def _post(path: str, payload: dict, headers: dict) -> dict:
    base = settings.MACHINE_TRANSLATION_URL.rstrip("/")
    if not base.startswith(("https://", "http://")):
        raise Unavailable(_("No machine translation service is configured."))
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        base + path,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read().decode())
    except (urllib.error.URLError, TimeoutError, ValueError, OSError) as exc:
        raise Unavailable(
            _("The machine translation service did not answer: translate by hand.")
        ) from exc


def translate(texts: list[str], *, source: str, target: str, html: bool) -> list[str]:
    """``texts`` translated from ``source`` to ``target``, in the same order."""
    if not enabled():
        raise Unavailable(_("No machine translation service is configured."))
    if not texts:
        return []
    key = settings.MACHINE_TRANSLATION_KEY
    if settings.MACHINE_TRANSLATION_PROVIDER == "deepl":
        answer = _post(
            "/v2/translate",
            {
                "text": texts,
                "source_lang": source.upper(),
                "target_lang": "EN-GB" if target == "en" else target.upper(),
                **({"tag_handling": "html"} if html else {}),
            },
            {"Authorization": f"DeepL-Auth-Key {key}"} if key else {},
        )
        try:
            return [item["text"] for item in answer["translations"]]
        except (KeyError, TypeError) as exc:
            raise Unavailable(_("The machine translation service refused.")) from exc
    answer = _post(
        "/translate",
        {
            "q": texts,
            "source": source,
            "target": target,
            "format": "html" if html else "text",
            **({"api_key": key} if key else {}),
        },
        {},
    )
    translated = answer.get("translatedText") if isinstance(answer, dict) else None
    if not isinstance(translated, list) or len(translated) != len(texts):
        raise Unavailable(_("The machine translation service refused."))
    return [str(t) for t in translated]
