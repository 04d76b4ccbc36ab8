from plaidoyer.accounts.permissions import is_coordinator


def can_edit_barometer(user) -> bool:
    """Memoranda, commitments and their status updates are the coordinators' work."""
    return is_coordinator(user)
