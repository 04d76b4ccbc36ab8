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
