from django.db import transaction

from plaidoyer.core import audit
from plaidoyer.core.versions import Version

from .models import User
from .permissions import can_manage_users

ROLE_FIELDS = ("is_superuser", "is_staff", "is_coordinator", "is_active")


@transaction.atomic
def create_user(
    *,
    by: User | None,
    email: str,
    password: str | None,
    full_name: str = "",
    language: str = "fr",
    is_coordinator: bool = False,
    is_platform_admin: bool = False,
) -> User:
    """Create an account. Only platform admins (or the system, by=None) may."""
    with audit.action(
        "accounts.create_user",
        by=by,
        allowed=by is None or can_manage_users(by),
        fields=["email", "full_name", *ROLE_FIELDS],
    ) as change:
        change.target = user = User.objects.create_user(
            email=email,
            password=password,
            full_name=full_name,
            language=language,
            is_coordinator=is_coordinator or is_platform_admin,
            is_superuser=is_platform_admin,
            # Coordinators work in the Django admin; is_staff opens its door.
            is_staff=is_coordinator or is_platform_admin,
        )
    return user


@transaction.atomic
def set_roles(
    *, by: User, user: User, is_coordinator: bool, is_platform_admin: bool
) -> User:
    with audit.action(
        "accounts.set_roles",
        by=by,
        allowed=can_manage_users(by),
        target=user,
        fields=ROLE_FIELDS,
    ):
        user.is_coordinator = is_coordinator or is_platform_admin
        user.is_superuser = is_platform_admin
        user.is_staff = user.is_coordinator
        user.save(update_fields=["is_coordinator", "is_superuser", "is_staff"])
    return user


@transaction.atomic
def update_own_profile(*, by: User, full_name: str, language: str) -> User:
    with audit.action(
        "accounts.update_profile",
        by=by,
        target=by,
        fields=["full_name", "language"],
        versions=[Version.WORKSPACE],  # colleagues see the name on their dashboard
    ):
        by.full_name = full_name
        by.language = language
        by.save(update_fields=["full_name", "language"])
    return by


@transaction.atomic
def change_own_password(*, by: User, password: str) -> User:
    """Set a new password (already checked against the validators by the form)."""
    with audit.action("accounts.change_password", by=by, target=by):
        by.set_password(password)
        by.save(update_fields=["password"])
    return by
