"""The organisation profile shows the help services without the organisations app
knowing this one: its template includes ``help/_organisation_services.html``."""

from django import template

from .. import selectors
from ..permissions import can_handle_any

register = template.Library()


@register.inclusion_tag("help/_organisation_services_list.html", takes_context=True)
def organisation_help_services(context, organisation, can_edit=False):
    user = getattr(context.get("request"), "user", None)
    return {
        "organisation": organisation,
        "services": [s for s in selectors.services_of(organisation) if s.is_published],
        "can_edit": can_edit,
        "can_handle": can_handle_any(user, organisation),
    }
