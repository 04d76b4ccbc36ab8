from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core.visibility import Visibility
from plaidoyer.organisations.models import Organisation, Staff
from plaidoyer.organisations.permissions import audience

from .models import Process, ProcessMember


def _staff_org_ids(user) -> set[int]:
    if not (user and user.is_authenticated and user.is_active):
        return set()
    return set(
        Staff.objects.filter(user=user).values_list("organisation_id", flat=True)
    )


def participating_organisations(user, process: Process) -> list[Organisation]:
    """The user's organisations that take part in the process (any role)."""
    ids = _staff_org_ids(user)
    if not ids:  # a visitor: no query built
        return []
    return list(Organisation.objects.filter(pk__in=ids, process_roles__process=process))


def can_act_for(user, process: Process, organisation: Organisation) -> bool:
    return (
        organisation.pk in _staff_org_ids(user)
        and ProcessMember.objects.filter(
            process=process, organisation=organisation
        ).exists()
    )


def can_steer(user, process: Process) -> bool:
    """Adopt drafts, amend them, moderate: the steering committee (and coordinators)."""
    if is_coordinator(user):
        return True
    ids = _staff_org_ids(user)
    if not ids:  # a visitor: no query built
        return False
    return ProcessMember.objects.filter(
        process=process,
        organisation_id__in=ids,
        role__in=[ProcessMember.Role.STEERING, ProcessMember.Role.ORGANISER],
    ).exists()


def process_audience(user, process: Process) -> frozenset[str]:
    """The visibilities of this process's drafts, minutes and documents ``user``
    may see: the coalition-wide audience (organisations.permissions.audience),
    plus members-only for the staff of the process's own organisations and
    everything for its steering committee — a process's steering committee is
    its ProcessMember rows with the steering or organiser role."""
    levels = set(audience(user))
    if can_steer(user, process):
        levels.update(Visibility.values)
    elif participating_organisations(user, process):
        levels.add(Visibility.MEMBERS)
    return frozenset(levels)
