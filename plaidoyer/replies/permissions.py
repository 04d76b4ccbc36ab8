from plaidoyer.accounts.permissions import is_coordinator


def can_manage_replies(user) -> bool:
    """Contacts, invitations, requests and moderation are the coordinators' work."""
    return is_coordinator(user)
