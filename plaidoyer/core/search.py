"""Site-wide search: each app registers how to search its own content.

The apps depend one way (core ← … ← processes), so no single app may import them
all; instead each registers a provider here in its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Window
from django.urls import reverse
from django.utils.http import urlencode

from .text import fold, search_terms
from .translated import translated

LIMIT = 8

# What a provider returns: every match, unsliced (a queryset is counted and
# sliced in the database).
Matches = QuerySet | Sequence


@dataclass(frozen=True)
class Provider:
    kind: str
    label: object  # a lazy translation
    order: int
    search: Callable[[list[str]], Matches]
    # The list page that shows every match when given ``?q=`` (a URL name).
    more: str = ""
    # The URLs' app_name of the module it belongs to (core.identity.MODULES).
    module: str = ""


@dataclass(frozen=True)
class Hit:
    """One match as the results list shows it: its link, code (a recommendation's),
    label (Translated: marked when in another language) and date (an event's)."""

    url: str
    label: str
    code: str = ""
    starts_at: object = None

    @classmethod
    def of(cls, item) -> Hit:
        if getattr(item, "title", None) is not None:
            label = translated(item, "title")
        elif getattr(item, "name", None) is not None:
            label = translated(item, "name", note=False)
        else:
            label = str(item)
        return cls(
            item.get_absolute_url(),
            label,
            getattr(item, "code", ""),
            getattr(item, "starts_at", None),
        )


@dataclass(frozen=True)
class Group:
    provider: Provider
    items: list
    total: int
    more_url: str = ""

    @property
    def hits(self) -> list[Hit]:
        """``items`` as the results list shows them: the template reads plain
        attributes, not each kind's own (a missing one costs Django a dir())."""
        return [Hit.of(item) for item in self.items]


_providers: dict[str, Provider] = {}


def register(
    kind: str,
    label,
    search: Callable[[list[str]], Matches],
    order: int = 50,
    more: str = "",
    module: str = "",
):
    _providers[kind] = Provider(kind, label, order, search, more, module)


def run(query: str, limit: int = LIMIT) -> list[Group]:
    """Return, for every kind with results in display order, its first ``limit``
    matches, how many there are in all, and where to see them all."""
    terms = search_terms(query)
    if not terms:
        return []
    from . import identity

    current = identity.get()
    groups = []
    for provider in sorted(_providers.values(), key=lambda p: p.order):
        if not identity.is_on(current, provider.module):
            continue
        matches = provider.search(terms)
        if isinstance(matches, QuerySet) and not matches.query.distinct:
            # The total beside each row (COUNT(*) OVER (), before the LIMIT):
            # one query a group, not two.
            items = list(matches.annotate(search_total=Window(Count("pk")))[:limit])
            total = items[0].search_total if items else 0
        else:
            items = list(matches[:limit])
            total = len(items) if len(items) < limit else _count(matches)
        if not items:
            continue
        more_url = ""
        if total > len(items) and provider.more:
            more_url = f"{reverse(provider.more)}?{urlencode({'q': query})}"
        groups.append(Group(provider, items, total, more_url))
    return groups


def _count(matches: Matches) -> int:
    return matches.count() if isinstance(matches, QuerySet) else len(matches)


def filter_blob(qs, terms: list[str], field: str = "search_text"):
    """Narrow ``qs`` to rows whose folded search column has every term as a word prefix."""
    for term in terms:
        qs = qs.filter(**{f"{field}__contains": " " + term})
    return qs


def match_in_python(objects, terms: list[str], fields: list[str]) -> list:
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
    return found
