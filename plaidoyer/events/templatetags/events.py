from django import template
from django.utils.translation import gettext as _

from ..models import Registration

register = template.Library()
_STATUSES = dict(Registration.Status.choices)


@register.filter
def answer(answers: dict, question_pk) -> str:
    value = (answers or {}).get(str(question_pk))
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value or ""


@register.filter
def registration_status(status: str) -> str:
    return str(_STATUSES.get(status, status))
