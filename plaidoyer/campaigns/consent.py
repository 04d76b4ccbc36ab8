"""The consent texts a signer is shown, versioned: each action stores the
version and a hash of the exact texts in the signer's language, so that what a
person agreed to can be told later, even after the wording changes.

Change a text here? Bump ``VERSION`` too.
"""

from __future__ import annotations

import functools
import hashlib

from django.utils import translation
from django.utils.translation import gettext_lazy as _

VERSION = "2026-12"

DATA_USE = _(
    "I agree that my data is used for this campaign only; my identity is erased "
    "after it closes."
)
SHARE_NAME = _("My name and municipality may be delivered with the letter")
NEWS = _(
    "Send me news of the people I write for (one email per update; unsubscribe "
    "in one click)"
)
TEXTS = (DATA_USE, SHARE_NAME, NEWS)


@functools.cache
def fingerprint(language: str) -> str:
    """The SHA-256 of the consent texts as shown in ``language``."""
    with translation.override(language):
        shown = "\n".join(str(text) for text in TEXTS)
    return hashlib.sha256(f"{VERSION}\n{shown}".encode()).hexdigest()
