from plaidoyer.accounts.permissions import is_coordinator


def can_manage_elections(user) -> bool:
    """Elections, their parties, candidates and pledge campaigns: coordinators."""
    return is_coordinator(user)
