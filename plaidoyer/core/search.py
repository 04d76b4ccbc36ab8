"""Site-wide search: each app registers how to search its own content.

The apps depend one way (core ← … ← processes), so no single app may import them
all; instead each registers a provider here in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .text import fold, search_terms

LIMIT = 8


@dataclass(frozen=True)
class Provider:
    kind: str
    label: object  # a lazy translation
    order: int
    search: Callable[[list[str], int], list]


_providers: dict[str, Provider] = {}


def register(
    kind: str, label, search: Callable[[list[str], int], list], order: int = 50
):
    _providers[kind] = Provider(kind, label, order, search)


def run(query: str, limit: int = LIMIT) -> list[tuple[Provider, list]]:
    """Return (provider, results) for every kind with results, in display order."""
    terms = search_terms(query)
    if not terms:
        return []
    groups = []
    for provider in sorted(_providers.values(), key=lambda p: p.order):
        items = provider.search(terms, limit)
        if items:
            groups.append((provider, items))
    return groups


def filter_blob(qs, terms: list[str], field: str = "search_text"):
    """Narrow ``qs`` to rows whose folded search column has every term as a word prefix."""
    for term in terms:
        qs = qs.filter(**{f"{field}__contains": " " + term})
    return qs


def match_in_python(objects, terms: list[str], fields: list[str], limit: int) -> list:
    """For small tables without a search column: fold and match in Python."""
    found = []
    for obj in objects:
        words = " ".join(fold(str(getattr(obj, f, "") or "")) for f in fields)
        blob = (
            " "
            + " ".join("".join(c if c.isalnum() else " " for c in words).split())
            + " "
        )
        if all(f" {term}" in blob for term in terms):
            found.append(obj)
            if len(found) >= limit:
                break
    return found
