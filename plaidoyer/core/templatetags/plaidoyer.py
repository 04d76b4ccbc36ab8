from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.http import urlencode

register = template.Library()

LANGUAGE_NAMES = {
    "fr": "Français",
    "nl": "Nederlands",
    "en": "English",
    "de": "Deutsch",
}


@register.simple_tag(takes_context=True)
def language_links(context):
    """Return (code, native name, URL of this same page in that language) for each language."""
    request = context["request"]
    path = request.get_full_path()
    return [
        (code, LANGUAGE_NAMES.get(code, code), translate_url(path, code))
        for code, _name in settings.LANGUAGES
    ]


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
