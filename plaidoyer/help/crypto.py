"""Encryption at rest of what a person confides: Fernet tokens (AES-128-CBC with
HMAC-SHA256) under keys from ``HELP_ENCRYPTION_KEYS``.

The first key encrypts; every key decrypts, so a new key goes first and the old
ones stay until ``rotate`` has re-encrypted the rows. A database dump alone
reveals nothing without the environment's keys.
"""

from __future__ import annotations

import json
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "Set HELP_ENCRYPTION_KEYS (comma-separated Fernet keys) to store "
            "testimonies."
        )
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "HELP_ENCRYPTION_KEYS must hold Fernet keys (32 url-safe base64 bytes)."
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.HELP_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    """Return ``text`` as a Fernet token; "" stays "" (nothing to hide)."""
    if not text:
        return ""
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """Return the text of ``token``; "" for "" (purged)."""
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A testimony cannot be decrypted: a key it was written with is "
            "missing from HELP_ENCRYPTION_KEYS."
        ) from exc


def encrypt_json(value: dict) -> str:
    return encrypt(json.dumps(value)) if value else ""


def decrypt_json(token: str) -> dict:
    text = decrypt(token)
    return json.loads(text) if text else {}


def rotate(token: str) -> str:
    """Re-encrypt ``token`` under the first key."""
    return fernet().rotate(token.encode()).decode() if token else ""


def new_key() -> str:
    return Fernet.generate_key().decode()
