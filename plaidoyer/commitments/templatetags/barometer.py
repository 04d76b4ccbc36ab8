from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from .. import extensions
from ..models import BarometerStatus, StatusUpdate

register = template.Library()
_LABELS = dict(BarometerStatus.choices)
_SOURCES = dict(StatusUpdate.Source.choices)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def total(mapping) -> int:
    return sum((mapping or {}).values())


@register.filter
def percent_of(part, whole) -> str:
    if not whole:
        return "0 %"
    return f"{round(100 * (part or 0) / whole)} %"


@register.simple_tag
def status_badge(status: str):
    """A status as a coloured label: commitments, updates and recommendations share
    the values (BarometerStatus is Status plus "no commitment")."""
    return _badge(status, get_language())


@lru_cache(maxsize=256)
def _badge(status: str, language: str) -> str:
    # Hundreds per timeline page, always the same few: built once per language.
    return format_html(
        '<span class="status status-{}">{}</span>', status, _LABELS.get(status, status)
    )


@register.filter
def source_label(source: str) -> str:
    """Whose view a status update gives (``get_source_display`` without its cost)."""
    return _source_label(source, get_language())


@lru_cache(maxsize=64)
def _source_label(source: str, language: str) -> str:
    return str(_SOURCES.get(source, source))


@register.simple_tag
def barometer_panels(place: str, obj=None) -> str:
    """What other apps add to this page (commitments.extensions)."""
    return extensions.panels(place, obj)
