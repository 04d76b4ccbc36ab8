"""Demo accounts: one platform admin, one coordinator; staff come with organisations."""

import secrets

from django.conf import settings

from .models import User

COORDINATOR_EMAIL = "coordination@plaidoyer.test"
ADMIN_EMAIL = "admin@plaidoyer.test"


def demo_password() -> str:
    """Return the demo password, created once and kept in var/demo-password."""
    path = settings.VAR_DIR / "demo-password"
    if path.exists():
        return path.read_text().strip()
    password = "demo-" + secrets.token_urlsafe(9)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password


def demo_user(
    email: str,
    full_name: str,
    *,
    language: str = "fr",
    coordinator: bool = False,
    admin: bool = False,
) -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "language": language,
            "is_coordinator": coordinator or admin,
            "is_superuser": admin,
            "is_staff": coordinator or admin,
        },
    )
    if created or not user.check_password(demo_password()):
        user.set_password(demo_password())
        user.save(update_fields=["password"])
    return user


def load() -> str:
    demo_user(ADMIN_EMAIL, "Admin Plaidoyer", admin=True)
    demo_user(COORDINATOR_EMAIL, "Nadia El Amrani", coordinator=True)
    return f"{User.objects.count()} users"
