from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.organisations.models import Staff

from .models import Event


def can_manage_event(user, event: Event) -> bool:
    """Coordinators, and staff of one of the event's organisers."""
    if is_coordinator(user):
        return True
    if not (user and user.is_authenticated and user.is_active):
        return False
    return Staff.objects.filter(
        user=user, organisation__in=event.organisers.all()
    ).exists()


def can_create_events(user) -> bool:
    if is_coordinator(user):
        return True
    return bool(
        user and user.is_authenticated and Staff.objects.filter(user=user).exists()
    )
