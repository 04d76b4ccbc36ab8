import datetime
from functools import lru_cache

from django import template
from django.conf import settings
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from plaidoyer.core.html import clean_html

register = template.Library()

LANGUAGE_NAMES = {
    "fr": "Français",
    "nl": "Nederlands",
    "en": "English",
    "de": "Deutsch",
}


def _alternates(path: str, active: str) -> tuple[tuple[str, str, str], ...]:
    # The URL patterns are the same in every language (no translated segments):
    # the same page in another language only has another prefix. Django's
    # translate_url would resolve and reverse the path once per language, 0.5 ms
    # a page; a test holds both answers equal. Paths without the prefix (the API,
    # the admin) are the same in every language.
    prefix = f"/{active}/"
    return tuple(
        (
            code,
            LANGUAGE_NAMES.get(code, code),
            f"/{code}/{path[len(prefix) :]}" if path.startswith(prefix) else path,
        )
        for code, _name in settings.LANGUAGES
    )


@register.simple_tag(takes_context=True)
def language_links(context):
    """Return (code, native name, URL of this same page in that language) for each language."""
    return _alternates(context["request"].get_full_path(), get_language())


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """Return the current query string with ``changes`` applied (None/"" removes a key)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    params = dict(params.lists())
    return "?" + urlencode(params, doseq=True) if params else "?"


# How each language writes a day in full, when it differs from "3 mars 2026":
# German puts a period after the day and a comma before the time.
DAY_FORMATS = {"de": "j. F Y"}
DAY_TIME_FORMATS = {"de": "j. F Y, H:i"}
WEEKDAY_TIME_FORMATS = {"de": "l, j. F Y, H:i"}


@lru_cache(maxsize=8192)
def _long_date(day: datetime.date, language: str) -> str:
    return date_format(day, DAY_FORMATS.get(language, "j F Y"))


@register.filter(expects_localtime=True)
def longdate(value) -> str:
    """``value|date:"j F Y"`` ("3 mars 2026"), remembered per day and language.

    A timeline page shows hundreds of dates, and each month name is a gettext
    lookup: the same few days come back, so they are formatted once.
    """
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return _long_date(value, get_language())


@register.filter(expects_localtime=True)
def longdatetime(value, weekday: str = "") -> str:
    """ "3 mars 2026 19:00" ("3. März 2026, 19:00" in German); with ``"weekday"``,
    "mardi 3 mars 2026, 19:00"."""
    if not value:
        return ""
    formats, default = (
        (WEEKDAY_TIME_FORMATS, "l j F Y, H:i")
        if weekday
        else (DAY_TIME_FORMATS, "j F Y H:i")
    )
    return date_format(value, formats.get(get_language(), default))


@register.filter
def rich(value):
    """Rich text as HTML: sanitised by core.html (HTML stored before the editor,
    text typed without it: blank lines make paragraphs, "- " lines a list)."""
    return mark_safe(clean_html(value or ""))  # noqa: S308 - sanitised just above
