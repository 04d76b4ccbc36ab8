"""Text helpers shared by search and sorting."""

import html
import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 8


def fold(text: str | None) -> str:
    """Lower-case ``text`` and strip accents: "Liège" and "LIEGE" both give "liege"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_blob(*parts: str | None) -> str:
    """Join ``parts`` into one folded, space-separated string for substring search.

    Rich text's tags and entities are not words: "<p>Tom &amp; Jerry</p>" is
    indexed as "tom jerry", not "p tom amp jerry p"."""
    text = " ".join(p for p in parts if p)
    if "<" in text or "&" in text:
        text = html.unescape(_TAG.sub(" ", text))
    words = _NON_WORD.sub(" ", fold(text)).split()
    return " " + " ".join(words) + " "


def search_terms(query: str | None) -> list[str]:
    """Split a visitor's query into at most a few folded words.

    Long or odd input (10,000 characters, SQL, markup, emoji, RTL text) is cut down
    to plain word characters, so the database only ever sees a handful of
    ``LIKE`` patterns.
    """
    folded = fold((query or "")[:MAX_QUERY_CHARS])
    words = [w for w in _NON_WORD.sub(" ", folded).split() if w]
    seen: list[str] = []
    for word in words:
        if word not in seen:
            seen.append(word[:50])
    return seen[:MAX_QUERY_TERMS]


def translated(field: str) -> list[str]:
    """``field`` and its column in each language (django-modeltranslation's), for
    ``only()``: "case__name" gives "case__name", "case__name_fr", "case__name_nl"…"""
    from django.conf import settings
    from modeltranslation.utils import build_localized_fieldname

    return [field] + [
        build_localized_fieldname(field, code)
        for code in settings.MODELTRANSLATION_LANGUAGES
    ]


def in_each_language(field: str, *values: str) -> dict[str, str]:
    """``field``'s value in each language, as model keyword arguments: ``values``
    come in MODELTRANSLATION_LANGUAGES order and the first (the default language's)
    also fills ``field`` itself. ("name", "Asile", "Asiel", "Asylum", "Asyl") gives
    name, name_fr, name_nl, name_en and name_de."""
    from django.conf import settings
    from modeltranslation.utils import build_localized_fieldname

    codes = settings.MODELTRANSLATION_LANGUAGES
    return {field: values[0]} | {
        build_localized_fieldname(field, code): value
        for code, value in zip(codes, values, strict=True)
    }
