from plaidoyer.accounts.permissions import is_coordinator

from .models import Organisation, Staff


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
