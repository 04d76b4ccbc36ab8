from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core.approval import Approval
from plaidoyer.organisations.models import Staff


def can_publish(user) -> bool:
    """News, resources, figures, pages and newsletters are the coordinators' work."""
    return is_coordinator(user)


def can_propose(user, organisation=None) -> bool:
    """Coordinators, and staff of a member organisation (of ``organisation``)."""
    if is_coordinator(user):
        return True
    if not (user and user.is_authenticated and user.is_active):
        return False
    staff = Staff.objects.filter(user=user)
    if organisation is not None:
        staff = staff.filter(organisation=organisation)
    return staff.exists()


def can_edit_proposal(user, item) -> bool:
    """Coordinators edit any article or resource; staff of its organisation edit
    it while it waits for approval or after a refusal."""
    if is_coordinator(user):
        return True
    return (
        item.organisation_id is not None
        and item.approval != Approval.APPROVED
        and can_propose(user, item.organisation)
    )
