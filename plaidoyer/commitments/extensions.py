"""What higher apps add to the barometer's pages, without this app knowing them
(the apps depend one way): the replies app shows an authority's own replies and
when it was asked and answered.

A panel is a function of the page's object returning HTML (a rendered template of
its app, already escaped); it reads with a constant number of queries. Places:
``barometer`` (no object), ``authority``, ``commitment``, ``recommendation``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import mark_safe

Panel = Callable[[Any], str]
_panels: dict[str, list[Panel]] = {}


def register_panel(place: str, func: Panel) -> Panel:
    _panels.setdefault(place, []).append(func)
    return func


def panels(place: str, obj: Any = None) -> str:
    """The HTML every registered app adds at ``place`` for ``obj``."""
    return mark_safe("".join(func(obj) for func in _panels.get(place, ())))  # noqa: S308 - templates rendered by each app
