"""Role predicates. Services call these; views only translate a False into 403."""


def is_platform_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def is_coordinator(user) -> bool:
    """Coordinators and platform admins manage all of the coalition's content."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_coordinator or user.is_superuser)
    )


def can_manage_users(user) -> bool:
    return is_platform_admin(user)
