"""Whole-page caching for anonymous visitors, invalidated by data versions.

Public pages are the same for every anonymous visitor, so their HTML is kept in
the cache under a key made of the data versions they depend on, the language and
the full path. Any change bumps a version, read at most every ``DATA_VERSION_TTL``
seconds per process (core.versions), so a cached page is at most that stale on any
app server. Pages are not cached when the visitor is signed in, carries a session
(messages), or when rendering used a CSRF token (a form that posts): such HTML is
personal.

Pages are stored zlib-compressed (level 1: about a fifth of the size for 0.1 ms),
so that each worker's in-memory cache holds thousands of pages in tens of MB.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.translation import get_language

from . import versions

PAGE_TTL = 600


def cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _param_names(params: Iterable) -> frozenset[str]:
    names: set[str] = set()
    for param in params:
        names.update(param.param_names() if hasattr(param, "param_names") else [param])
    return frozenset(names)


def canonicalise_query(request, allowed: frozenset[str]) -> None:
    """Drop the query parameters the page does not read, before it is rendered.

    A junk parameter (``?utm_source=…``, ``?x=1234`` of a cache-busting crawl) then
    neither makes a new cache entry nor reaches the links the page writes.
    """
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    kept = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name in allowed:
            kept.setlist(name, values)
    canonical = kept.urlencode()
    if canonical != query:
        kept._mutable = False
        request.GET = kept
        request.META["QUERY_STRING"] = canonical


def cache_public_page(
    *version_keys: str, ttl: int = PAGE_TTL, object_key=None, params: Iterable = ()
):
    """Serve anonymous GETs of the decorated view from the cache (see module docstring).

    ``object_key``: a function of the view's URL arguments giving one more version
    key, for a page about one object (a recommendation) whose changes should not
    make every other such page stale. ``params``: the query parameters the page
    reads (names, or a ``QueryFilters`` class for all of its filters); any other is
    dropped for anonymous visitors, so the cache keys only on these.
    """
    allowed = _param_names(params)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not cacheable(request):
                return view(request, *args, **kwargs)
            canonicalise_query(request, allowed)
            keys = version_keys
            if object_key is not None:
                keys = (*version_keys, object_key(**kwargs))
            raw = "|".join(
                [
                    versions.stamp(keys),
                    get_language() or "",
                    "htmx" if getattr(request, "htmx", False) else "",
                    request.htmx.target or ""
                    if getattr(request, "htmx", False)
                    else "",
                    request.get_full_path(),
                ]
            )
            key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
            hit = cache.get(key)
            if hit is not None:
                compressed, content_type = hit
                response = HttpResponse(
                    zlib.decompress(compressed), content_type=content_type
                )
                response["X-Page-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not getattr(response, "streaming", False)
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                and not response.cookies
            ):
                cache.set(
                    key,
                    (zlib.compress(response.content, 1), response["Content-Type"]),
                    ttl,
                )
            return response

        return wrapped

    return decorator
