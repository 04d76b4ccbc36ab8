"""Rendered blocks of the recommendation pages, kept between renders.

A recommendation's page shows its 50 latest commitments, each as a card with its
latest status updates: most of the page's rendering. A status update bumps the
page's version, so the page is rendered again, but only the block of the
commitment that changed has to be: the others come from the cache.

A block is keyed by what it shows. Status updates are only ever added (a
correction is a new update; the admin shows them read-only), so the number of a
commitment's updates and the newest one's id tell when its timeline changes; the
commitment's own fields and its authority's name and address are in the key;
Version.BAROMETER_STRUCTURE (bumped when an authority or a translation changes)
covers the rest.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from plaidoyer.core import versions
from plaidoyer.core.translated import columns
from plaidoyer.core.versions import Version

from . import selectors
from .models import Commitment

TTL = 24 * 3600
TEMPLATE = "commitments/_recommendation_commitment.html"
# What a block shows of its commitment (the card's fields, its timeline's size
# and latest entry) and of its authority: the cache key's digest.
_OWN_FIELDS = [*selectors.CARD_FIELDS, "update_count", "last_update_id"]
_AUTHORITY_FIELDS = ["slug", *columns("name")]


def _key(c: Commitment, context: str) -> str:
    shown = [getattr(c, f, None) for f in _OWN_FIELDS]
    shown += [getattr(c.authority, f, None) for f in _AUTHORITY_FIELDS]
    digest = hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()
    return f"commitment-block:{c.pk}:{context}:{digest}"


def commitment_blocks(
    commitments: list[Commitment], *, stale_before: datetime.date, can_edit: bool
) -> list[str]:
    """The HTML of each commitment's block on a recommendation page, in order;
    only the blocks not in the cache are read (their timelines) and rendered."""
    if not commitments:
        return []
    context = ".".join(
        [
            get_language() or settings.LANGUAGE_CODE,
            str(versions.current(Version.BAROMETER_STRUCTURE)),
            stale_before.isoformat(),
            "edit" if can_edit else "view",
        ]
    )
    keys = [_key(c, context) for c in commitments]
    blocks = cache.get_many(keys)
    missing = [c for c, key in zip(commitments, keys, strict=True) if key not in blocks]
    if missing:
        selectors.add_timelines(missing)
        fresh = {
            _key(c, context): render_to_string(
                TEMPLATE,
                {"c": c, "stale_before": stale_before, "can_edit": can_edit},
            )
            for c in missing
        }
        cache.set_many(fresh, TTL)
        blocks |= fresh
    return [mark_safe(blocks[key]) for key in keys]  # noqa: S308 - rendered templates
