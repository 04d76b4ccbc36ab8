from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.organisations.models import Organisation, Staff


def can_submit_batches_for(user, organisation: Organisation) -> bool:
    """Coordinators, and staff of the local group that collected the letters."""
    if is_coordinator(user):
        return True
    if not (user and user.is_authenticated and user.is_active):
        return False
    return Staff.objects.filter(user=user, organisation=organisation).exists()


def can_review(user) -> bool:
    """Validate batches, clear held actions, decide labels, see signers: coordinators."""
    return is_coordinator(user)


def can_manage_session(user, session) -> bool:
    """Report on a writing session: coordinators and staff of its host."""
    return can_submit_batches_for(user, session.host)


def can_host_sessions(user) -> bool:
    """Create writing sessions: coordinators and staff of any organisation."""
    if is_coordinator(user):
        return True
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and Staff.objects.filter(user=user).exists()
    )
