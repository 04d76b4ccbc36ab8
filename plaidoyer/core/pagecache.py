"""Whole-page caching for anonymous visitors, invalidated by data versions.

Public pages are the same for every anonymous visitor, so their HTML is kept in
the cache under a key made of the data versions they depend on, the language and
the full path. Any change bumps a version, read at most every ``DATA_VERSION_TTL``
seconds per process (core.versions), so a cached page is at most that stale on any
app server. Pages are not cached when the visitor is signed in, carries a session
(messages), or when rendering used a CSRF token (a form that posts): such HTML is
personal.

Pages are stored gzip-compressed (level 6: a tenth to a twentieth of the size,
1–3 ms for 150–240 KB, once per page and version), so that each worker's
in-memory cache holds thousands of pages in tens of MB, and so that a hit is
sent as stored: every browser accepts gzip, and the stored bytes go out with
``Content-Encoding: gzip`` without being decompressed (the reverse proxy leaves
encoded responses alone).
Only a client that does not accept gzip gets them decompressed. A cached page
holds no secret (no CSRF token, nothing personal), so compressing it leaks
nothing (BREACH needs a secret beside attacker-chosen text). Every cacheable
response says ``Vary: Accept-Encoding`` for shared caches.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from . import versions

PAGE_TTL = 600
GZIP_LEVEL = 6
_GZIP = 31  # zlib's wbits for the gzip container
_CODING = re.compile(r"^\s*([a-z*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?", re.I)


def cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def accepts_gzip(request) -> bool:
    """Whether the client's ``Accept-Encoding`` takes gzip: named (or ``*`` when
    it is not named) without ``q=0``."""
    weights: dict[str, float] = {}
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        match = _CODING.match(part)
        if match:
            try:
                weights[match.group(1).lower()] = float(match.group(2) or 1)
            except ValueError:
                weights[match.group(1).lower()] = 0.0
    for name in ("gzip", "x-gzip", "*"):
        if name in weights:
            return weights[name] > 0
    return False


def _send(response: HttpResponse, gzipped: bytes, gzip: bool) -> HttpResponse:
    """The stored bytes as they are when the client takes gzip."""
    if gzip:
        response.content = gzipped
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


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
            key = "pagegz:" + hashlib.sha256(raw.encode()).hexdigest()
            hit = cache.get(key)
            if hit is not None:
                gzipped, content_type = hit
                gzip = accepts_gzip(request)
                response = HttpResponse(
                    b"" if gzip else zlib.decompress(gzipped, _GZIP),
                    content_type=content_type,
                )
                response["X-Page-Cache"] = "hit"
                return _send(response, gzipped, gzip)
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not getattr(response, "streaming", False)
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                and not response.cookies
            ):
                gzipped = zlib.compress(response.content, GZIP_LEVEL, _GZIP)
                cache.set(key, (gzipped, response["Content-Type"]), ttl)
                return _send(response, gzipped, accepts_gzip(request))
            return response

        return wrapped

    return decorator
