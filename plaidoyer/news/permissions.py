from plaidoyer.accounts.permissions import is_coordinator


def can_publish(user) -> bool:
    """News, resources, figures, pages and newsletters are the coordinators' work."""
    return is_coordinator(user)
