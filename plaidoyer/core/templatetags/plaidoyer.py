import datetime
from functools import lru_cache

from django import template
from django.conf import settings
from django.utils.formats import date_format, number_format
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


# Month abbreviations as each language writes them in running text (CLDR's,
# with the Taalunie's full stops in Dutch); Django's "N" gives "fév." and "okt".
SHORT_MONTHS = {
    "fr": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
    "nl": "jan. feb. mrt. apr. mei jun. jul. aug. sep. okt. nov. dec.",
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "de": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
}
SHORT_DATE_PATTERNS = {"de": "{day}. {month} {year}"}


def short_month(value, language: str | None = None) -> str:
    language = language or get_language() or settings.LANGUAGE_CODE
    months = SHORT_MONTHS.get(language[:2], SHORT_MONTHS["en"]).split()
    return months[value.month - 1]


@register.filter(expects_localtime=True)
def shortmonth(value) -> str:
    """ "oct." / "okt." / "Oct" / "Okt.": an event card's month."""
    return short_month(value) if value else ""


@register.filter(expects_localtime=True)
def shortdate(value) -> str:
    """ "31 oct. 2025", "31 okt. 2025", "31 Oct 2025", "31. Okt. 2025"."""
    if not value:
        return ""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    pattern = SHORT_DATE_PATTERNS.get(language, "{day} {month} {year}")
    return pattern.format(
        day=value.day, month=short_month(value, language), year=value.year
    )


@register.filter(expects_localtime=True)
def shortdatetime(value) -> str:
    if not value:
        return ""
    return f"{shortdate(value)}, {value:%H:%M}"


@register.filter(is_safe=True)
def machine(value) -> str:
    """A ``<time datetime>``: "2026-11-15T23:43:00Z" (UTC, whole seconds) for a
    moment, "2026-11-15" for a day; what the HTML standard accepts."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


@register.filter(is_safe=True)
def figure(value) -> str:
    """A count as the page's language writes it: "4 658", "4.658", "4,658" (never
    for ids and URLs, which take the number as it is)."""
    if value in (None, ""):
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return number_format(number, force_grouping=True)


def _fallback(obj, field: str) -> tuple[str, str | None]:
    """(value, language it is in when that is not the page's, else None)."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    own = getattr(obj, f"{field}_{language}", None)
    if own or not hasattr(obj, f"{field}_{language}"):
        return (own if own is not None else getattr(obj, field, "")) or "", None
    order = getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", ()) or ()
    for code in [*order, *(c for c, _n in settings.LANGUAGES)]:
        if code != language and (value := getattr(obj, f"{field}_{code}", None)):
            return value, code
    return "", None


def _language_name(code: str) -> str:
    from django.utils.translation import get_language_info

    name = str(get_language_info(code)["name_translated"])
    # Mid-sentence, French writes language names in lower case; German, Dutch
    # and English capitalise them.
    return name.lower() if (get_language() or "").startswith("fr") else name


@register.simple_tag
def tr(obj, field: str):
    """``{% tr article "title" %}``: the field in the page's language, or, when only
    another language has it, that text marked with its ``lang`` and a short note,
    so screen readers and translation plug-ins read it right."""
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    value, code = _fallback(obj, field)
    if code is None:
        return value
    return format_html(
        '<span lang="{}">{}</span> <span class="fallback-note">{}</span>',
        code,
        value,
        _("(in %(language)s)") % {"language": _language_name(code)},
    )


@register.simple_tag
def tr_html(obj, field: str):
    """``{% tr_html article "body" %}``: rich text (stored sanitised, like |safe)
    in the page's language, or inside a block marked with its ``lang`` under a
    visible "only available in …" note."""
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext as _

    value, code = _fallback(obj, field)
    if code is None:
        return mark_safe(value)  # noqa: S308 - sanitised when saved (core.html)
    return format_html(
        '<p class="fallback-note">{}</p><div lang="{}">{}</div>',
        _("Only available in %(language)s.") % {"language": _language_name(code)},
        code,
        mark_safe(value),  # noqa: S308 - sanitised when saved (core.html)
    )


@register.simple_tag
def json_ld(kind: str, obj=None):
    """``{% json_ld "event" event %}``: the page's schema.org description."""
    from plaidoyer.core.structured_data import json_ld as render

    return render(kind, obj)


@register.filter
def current_for(entry, match) -> bool:
    """Whether a menu entry (news.menu.Entry) is the section of the page shown."""
    if match is None:
        return False
    return entry.is_current(match.app_name or "", match.url_name or "")


@register.filter
def rich(value):
    """Rich text as HTML: sanitised by core.html (HTML stored before the editor,
    text typed without it: blank lines make paragraphs, "- " lines a list)."""
    return mark_safe(clean_html(value or ""))  # noqa: S308 - sanitised just above
