"""Cheap cross-process cache invalidation (see models.DataVersion).

Each process remembers the versions it read for ``DATA_VERSION_TTL`` seconds (one
by default), so a cache hit costs no query at all while a change still shows
everywhere within that second. The process that made the change sees it at once.
"""

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import F

from .models import DataVersion

T = TypeVar("T")


class Version(StrEnum):
    """The data sets cached pages and values depend on: bump one after changing it.

    Per-object keys (``commitments.services.recommendation_key``) come on top.
    """

    ORGANISATIONS = "organisations"  # the directory
    BAROMETER = "barometer"  # memorandum, barometer, statuses
    # The recommendation pages' structure; a status update only bumps the keys of
    # its own recommendations, so it does not make every such page stale.
    BAROMETER_STRUCTURE = "barometer-structure"
    EVENTS = "events"  # the agenda, event pages, the registration form
    CAMPAIGNS = "campaigns"  # campaigns and cases, read cached by the action form
    SITE = "site"  # articles, pages, menus: everything the home page shows
    PROCESSES = "processes"  # participatory processes
    PLACES = "places"  # municipalities and postcodes
    HELP = "help"  # where to turn: bodies, services, published figures
    ELECTIONS = "elections"  # elections, parties, pledge campaigns and answers
    # What waits in the workspace dashboards and is bumped by no key above: paper
    # batches, label applications, writing sessions, held actions, newsletters,
    # account requests, invitations, colleagues' names, refused replies.
    WORKSPACE = "workspace"


_memo: dict[str, int] = {}
_read_at = 0.0
_lock = threading.Lock()


def _all_versions() -> dict[str, int]:
    global _memo, _read_at
    ttl = getattr(settings, "DATA_VERSION_TTL", 1.0)
    now = time.monotonic()
    if ttl <= 0 or now - _read_at > ttl:
        fresh = dict(DataVersion.objects.values_list("key", "version"))
        with _lock:
            _memo, _read_at = fresh, now
    return _memo


def current(key: str) -> int:
    """Return ``key``'s version (a ``Version`` or a per-object key)."""
    return _all_versions().get(key, 0)


def stamp(keys: Iterable[str]) -> str:
    """Return the versions of ``keys`` as one string, for a cache key."""
    versions = _all_versions()
    return ".".join(str(versions.get(k, 0)) for k in keys)


def bump(key: str) -> None:
    """Advance ``key``'s version; call inside the writing transaction."""
    global _read_at
    updated = DataVersion.objects.filter(key=key).update(version=F("version") + 1)
    if not updated:
        _row, created = DataVersion.objects.get_or_create(
            key=key, defaults={"version": 1}
        )
        if not created:  # a concurrent writer created it first: move it on again
            DataVersion.objects.filter(key=key).update(version=F("version") + 1)
    with _lock:
        _read_at = 0.0  # this process sees its own change at once


def cached(
    key: str | Sequence[str], name: str, build: Callable[[], T], ttl: float
) -> T:
    """Return ``build()``, kept in the cache for ``ttl`` seconds as ``name`` under
    ``key``'s current version (or each of several keys'): a bump of any of them
    makes every process build it anew."""
    keys = [key] if isinstance(key, str) else list(key)
    cache_key = f"{name}:{'.'.join(keys)}.{stamp(keys)}"
    value: Any = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, ttl)
    return value
