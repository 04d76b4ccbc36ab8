"""Who may do what in the workspace. Any staff member of an organisation (editor or
manager) may invite and remove colleagues: member organisations are small, and a
coordinator can always step in."""

from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.organisations.models import Organisation
from plaidoyer.organisations.permissions import is_staff_of


def can_manage_colleagues(user, organisation: Organisation) -> bool:
    return is_coordinator(user) or is_staff_of(user, organisation)


def can_run_site(user) -> bool:
    """Pages, team, campaigns, labels and account requests: coordinators."""
    return is_coordinator(user)
