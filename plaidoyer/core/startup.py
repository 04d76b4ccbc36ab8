"""Checks the long-running processes make before they serve anything."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    """Refuse to start without SECRET_KEY (settings leave it empty in production
    when unset, so that commands which sign nothing still run)."""
    try:
        configured = bool(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses an empty key when it is read
        configured = False
    if not configured:
        raise ImproperlyConfigured("Set SECRET_KEY (or SECRET_KEY_FILE) in production.")


def require_encryption_keys() -> None:
    """Refuse to start without the keys that encrypt testimonies (plaidoyer.help),
    when that module is on: without them nothing could be stored or read."""
    if getattr(settings, "HELP_TESTIMONIES", False) and not getattr(
        settings, "HELP_ENCRYPTION_KEYS", None
    ):
        raise ImproperlyConfigured(
            "Set HELP_ENCRYPTION_KEYS in production (or HELP_TESTIMONIES=0)."
        )
