from django import template

from ..models import BarometerStatus

register = template.Library()
_LABELS = dict(BarometerStatus.choices)


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


@register.filter
def status_label(status: str) -> str:
    return str(_LABELS.get(status, status))
