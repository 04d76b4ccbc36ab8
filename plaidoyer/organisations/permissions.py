from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core.visibility import PUBLIC_ONLY, Visibility

from .models import Membership, Organisation, Staff


def is_staff_of(user, organisation: Organisation) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return Staff.objects.filter(user=user, organisation=organisation).exists()


def can_edit_organisation(user, organisation: Organisation) -> bool:
    """Coordinators edit every profile; organisation staff edit their own."""
    return is_coordinator(user) or is_staff_of(user, organisation)


def can_manage_organisations(user) -> bool:
    """Create organisations, memberships and staff links, import in bulk."""
    return is_coordinator(user)


def can_see_private_contacts(user, organisation: Organisation) -> bool:
    return can_edit_organisation(user, organisation)


# Membership roles that make an organisation (and its staff) a member of the
# coalition, and those that seat it on the steering committee. Observers and
# partners (a ministry, a funder) are neither: listed, but they see public content
# only and the home's "member organisations" does not count them.
MEMBER_ROLES = (
    Membership.Role.MEMBER,
    Membership.Role.FOUNDING_MEMBER,
    Membership.Role.COORDINATOR,
    Membership.Role.STEERING,
)
STEERING_ROLES = (Membership.Role.COORDINATOR, Membership.Role.STEERING)


def audience(user) -> frozenset[str]:
    """The visibilities (core.visibility) of the content ``user`` may see.

    Coordinators see everything. The steering committee is modelled by the
    memberships: the staff of an organisation holding a "steering committee" (or
    "coordinator") membership of a network sit on it; the staff of an organisation
    holding any member role see members-only content. Computed once per request.
    """
    if not (user and user.is_authenticated and user.is_active):
        return PUBLIC_ONLY
    cached = getattr(user, "_audience", None)
    if cached is not None:
        return cached
    if is_coordinator(user):
        levels = frozenset(Visibility.values)
    else:
        roles = set(
            Membership.objects.filter(
                member__staff__user=user, role__in=MEMBER_ROLES
            ).values_list("role", flat=True)
        )
        levels = set(PUBLIC_ONLY)
        if roles:
            levels.add(Visibility.MEMBERS)
        if roles & set(STEERING_ROLES):
            levels.add(Visibility.STEERING)
        levels = frozenset(levels)
    user._audience = levels
    return levels


def may_see(user, visibility: str) -> bool:
    return visibility in audience(user)
