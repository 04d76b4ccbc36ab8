"""A translated field as a visitor sees it: in the page's language, or, when only
another language has it, that text marked with its language.

modeltranslation falls back to French without saying so; screen readers then read
French with a Dutch voice and translation plug-ins leave it alone. ``translated()``
says which language the text is in; the ``tr`` / ``tr_html`` template tags mark
it, and a ``Translated`` value kept in a cached dict marks itself when a template
prints it.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _


def columns(*fields: str) -> list[str]:
    """Translated fields' columns, for only()/defer(): each field (lookups such as
    ``organisation__name`` too) and its ``_<code>`` in every language."""
    codes = [code for code, _name in settings.LANGUAGES]
    return [name for f in fields for name in (f, *(f"{f}_{c}" for c in codes))]


def page_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def fallback(obj, field: str) -> tuple[str, str | None]:
    """(value, language it is in when that is not the page's, else None).

    ``obj``: a model instance, or a row of ``values()`` with the field's columns
    (``columns()``) for lists read without instances."""
    language = page_language()
    own_name = f"{field}_{language}"
    if isinstance(obj, dict):
        get, has = obj.get, own_name in obj
    else:
        get, has = partial(getattr, obj), hasattr(obj, own_name)
    own = get(own_name, None)
    if own or not has:
        return (own if own is not None else get(field, "")) or "", None
    order = getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", ()) or ()
    for code in [*order, *(c for c, _n in settings.LANGUAGES)]:
        if code != language and (value := get(f"{field}_{code}", None)):
            return value, code
    return "", None


def language_name(code: str) -> str:
    name = str(get_language_info(code)["name_translated"])
    # Mid-sentence, French writes language names in lower case; German, Dutch
    # and English capitalise them.
    return name.lower() if page_language() == "fr" else name


def marked(value: str, code: str | None, *, note: bool = True) -> SafeString:
    """``value`` escaped; inside ``<span lang>`` with "(in French)" after it when
    ``code`` is another language than the page's."""
    if code is None:
        return conditional_escape(value)
    if not note:
        return format_html('<span lang="{}">{}</span>', code, value)
    return format_html(
        '<span lang="{}">{}</span> <span class="fallback-note">{}</span>',
        code,
        value,
        _("(in %(language)s)") % {"language": language_name(code)},
    )


def marked_html(value: str, code: str | None) -> SafeString:
    """Sanitised rich text; in a block marked with its ``lang`` under an "only
    available in French." note when it is another language than the page's."""
    from .html import clean_html

    html = mark_safe(clean_html(value))  # noqa: S308 - sanitised just now
    if code is None:
        return html
    return format_html(
        '<p class="fallback-note">{}</p><div lang="{}">{}</div>',
        _("Only available in %(language)s.") % {"language": language_name(code)},
        code,
        html,
    )


def shorten(value: str, words: int | None) -> str:
    if not words:
        return value
    from django.utils.html import strip_tags

    return Truncator(strip_tags(value)).words(words)


class Translated(str):
    """A translated field's text (a plain ``str`` to code, CSV and attributes'
    filters) that knows its language: printed by a template, it marks itself when
    that is not the page's. For values read ahead and cached, per language, in
    dicts (the barometer's rows and timeline), where a template tag has no object
    to read."""

    lang: str | None
    note: bool

    def __new__(cls, value: str = "", lang: str | None = None, note: bool = True):
        text = super().__new__(cls, value or "")
        text.lang = lang
        text.note = note
        return text

    def __reduce__(self):
        return (Translated, (str(self), self.lang, self.note))

    def __html__(self) -> str:
        return marked(str(self), self.lang, note=self.note)


def translated(obj, field: str, *, note: bool = True) -> Translated:
    """``obj.field`` in the page's language, with the language it is in when
    that is not the page's (``note=False``: marked by its ``lang`` alone, for
    names)."""
    value, code = fallback(obj, field)
    return Translated(value, code, note)
