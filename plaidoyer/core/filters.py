"""What every public list's filters share: one declaration per list.

A list declares its filters once, as a ``QueryFilters`` dataclass whose fields are
made by ``text_filter()`` and ``choice_filter()``. That declaration gives the page's
filter form (``FilterForm``), the API's query schema (``query_schema()``) and the
query itself (``apply()``), so a filter added to the list appears on the page, in
the API and in its docs at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, TypeVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import create_model

from . import versions
from .forms import PlainSelect
from .text import search_terms
from .translated import columns, fallback

Q = TypeVar("Q", bound=QuerySet)


def _filter(**metadata) -> Any:
    return field(default="", metadata=metadata)


def text_filter(label, *, lookup: str = "search_text", description: str = "") -> Any:
    """A free-text filter (the search box): any text, kept whole.

    ``apply()`` keeps the rows whose ``lookup`` field (a folded search text, each
    word preceded by a space) has a word starting with each term.
    """
    return _filter(label=label, lookup=lookup, description=description, text=True)


def choice_filter(
    label, *, lookup: str = "", description: str = "", every: bool = True
) -> Any:
    """A filter on one of the values ``QueryFilters.options()`` gives for its name.

    ``lookup``: what ``apply()`` filters on (``themes__slug``); empty for a filter
    the selector applies itself. ``every``: the form offers "All" (no filter) first.
    """
    return _filter(label=label, lookup=lookup, description=description, every=every)


@dataclass(frozen=True)
class QueryFilters:
    """Base of a list's filters; subclasses declare their fields (all strings).

    Values may come straight from a query string (the API): NUL characters, which
    PostgreSQL refuses, are dropped, and every value but the free text is cut to
    200 characters (no slug or code is longer).
    """

    def __post_init__(self):
        for f in fields(self):
            value = str(getattr(self, f.name) or "").replace("\x00", "")
            object.__setattr__(
                self, f.name, value if f.metadata.get("text") else value[:200]
            )

    @classmethod
    def param_names(cls) -> list[str]:
        """The query parameters this list reads (for the page cache's key)."""
        return [f.name for f in fields(cls)]

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def apply(self, qs: Q, *, prefix: str = "") -> Q:
        """Return ``qs`` narrowed by every filter that is set and has a lookup.

        ``prefix``: the path from ``qs``'s model to the filtered one
        (``recommendation__``).
        """
        for f in fields(self):
            value, lookup = getattr(self, f.name), f.metadata.get("lookup")
            if not value or not lookup:
                continue
            if f.metadata.get("text"):
                for term in search_terms(value):
                    qs = qs.filter(**{f"{prefix}{lookup}__contains": " " + term})
            else:
                qs = qs.filter(**{prefix + lookup: value})
        return qs

    @classmethod
    def options(cls, **context) -> dict[str, list]:
        """Return the (value, label) choices of each choice filter, by name."""
        return {}

    @classmethod
    def query_schema(cls, name: str) -> type[Schema]:
        """Return the API's query-string schema for these filters, named ``name``."""
        return create_model(  # type: ignore[call-overload]
            name,
            __base__=Schema,
            **{
                f.name: (str, Field("", description=f.metadata["description"] or None))
                for f in fields(cls)
            },
        )


# How long a list's filter choices read from the database are kept (a bump of
# their versions renews them at once).
OPTIONS_TTL = 600


def cached_options(
    keys: Sequence[str], name: str, build: Callable[[], dict[str, list]]
) -> dict[str, list]:
    """``build()``'s choices (option_list()s), cached per language under the
    data versions ``keys`` they change with: read once for every render of a
    list and its misses (a page-cache entry lives far shorter)."""
    return versions.cached(
        keys, f"filter-options:{name}:{get_language()}", build, OPTIONS_TTL
    )


def option_list(qs: QuerySet, value: str, label: str = "name") -> list[tuple]:
    """(value, label) choices of ``qs``'s rows, the label a translated field in
    the page's language (or, when only another has it, that one's text: an
    ``<option>`` holds no markup). Read as values, not instances."""
    rows = qs.values(value, *columns(label))
    return [(row[value], fallback(row, label)[0]) for row in rows]


class FilterForm(forms.Form):
    """The form of a list's filters, one field per filter of ``filters_class``.

    It reads a query string: an unknown choice is dropped, never an error page.
    Keyword arguments go to ``filters_class.options()``.
    """

    filters_class: ClassVar[type[QueryFilters]]

    def __init__(self, data=None, **context):
        super().__init__(data)
        options = self.filters_class.options(**context)
        for f in fields(self.filters_class):
            label = f.metadata["label"]
            if f.metadata.get("text"):
                self.fields[f.name] = forms.CharField(label=label, required=False)
                continue
            every = [("", _("All"))] if f.metadata["every"] else []
            self.fields[f.name] = forms.ChoiceField(
                label=label,
                required=False,
                choices=every + list(options[f.name]),
                widget=PlainSelect,
            )

    def filters(self) -> QueryFilters:
        self.is_valid()
        return self.filters_class(
            **{n: self.cleaned_data.get(n, "") or "" for n in self.fields}
        )
