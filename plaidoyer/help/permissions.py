from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.organisations.models import Organisation
from plaidoyer.organisations.permissions import can_edit_organisation

from .models import HandlingDesk, Service, Testimony


def can_edit_services(user, organisation: Organisation) -> bool:
    """Declare and change an organisation's help services: as its profile."""
    return can_edit_organisation(user, organisation)


def can_edit_service(user, service: Service) -> bool:
    return can_edit_services(user, service.organisation)


def handled_organisation_ids(user) -> set[int]:
    """The organisations whose testimonies ``user`` is designated to handle: a
    handler of an active desk who is still on its organisation's staff."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    return set(
        HandlingDesk.objects.filter(
            handlers=user,
            is_active=True,
            organisation__staff__user=user,
        ).values_list("organisation_id", flat=True)
    )


def can_handle(user, testimony: Testimony) -> bool:
    """Read a testimony, answer the person, move it on: only the designated staff
    of the organisation it was routed to. Coordinators see counts, not texts."""
    return (
        testimony.organisation_id is not None
        and testimony.purged_at is None
        and testimony.organisation_id in handled_organisation_ids(user)
    )


def can_see_testimony_counts(user) -> bool:
    return is_coordinator(user)


def can_manage_desks(user) -> bool:
    return is_coordinator(user)


def can_handle_any(user, organisation: Organisation) -> bool:
    """Whether ``user`` is one of the designated staff reading ``organisation``'s
    testimonies."""
    return organisation.pk in handled_organisation_ids(user)
