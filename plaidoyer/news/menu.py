"""The sections a menu entry can point to, and the menu the site has before a
coordinator builds their own (news.MenuItem)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    url_name: str
    label: object  # a lazy translation
    # "app:url_name" or "app:*" of the pages where this entry is the current one.
    current: frozenset[str]
    # The URLs' app_name whose module switch hides it (core.identity.MODULES).
    module: str = ""


def _section(url_name, label, *current, module=""):
    return Section(url_name, label, frozenset(current or {url_name}), module)


SECTIONS: dict[str, Section] = {
    "news": _section("news:articles", _("News"), "news:articles", "news:article"),
    "members": _section("organisations:directory", _("Members"), "organisations:*"),
    "campaigns": _section(
        "campaigns:list", _("Campaigns"), "campaigns:*", module="campaigns"
    ),
    "agenda": _section("events:agenda", _("Agenda"), "events:*", module="events"),
    "memorandum": _section(
        "commitments:current_memorandum",
        _("Memorandum"),
        "commitments:current_memorandum",
        "commitments:memorandum",
        "commitments:recommendation",
        module="commitments",
    ),
    "processes": _section(
        "processes:list", _("Processes"), "processes:*", module="processes"
    ),
    "barometer": _section(
        "commitments:barometer",
        _("Barometer"),
        "commitments:barometer",
        "commitments:authority",
        "commitments:authorities",
        "commitments:commitment",
        module="commitments",
    ),
    "elections": _section(
        "elections:list", _("Elections"), "elections:*", module="elections"
    ),
    "help": _section(
        "help:where", _("Discrimination? Where to turn"), "help:*", module="help"
    ),
    "resources": _section(
        "news:resources", _("Resources"), "news:resources", "news:resource"
    ),
    "themes": _section("news:themes", _("Themes"), "news:themes", "news:theme"),
    "figures": _section("news:figures", _("Figures")),
    "press": _section("news:press", _("Press"), "news:press"),
    "contact": _section("news:contact", _("Contact")),
    "newsletter": _section("news:subscribe", _("Newsletter")),
}

DEFAULT_MENU = [
    "news",
    "members",
    "campaigns",
    "agenda",
    "memorandum",
    "processes",
    "barometer",
    "elections",
    "help",
    "resources",
]


@dataclass
class Entry:
    label: str
    href: str
    current: frozenset[str] = frozenset()
    children: list[Entry] = field(default_factory=list)

    def is_current(self, app_name: str, url_name: str) -> bool:
        return (
            f"{app_name}:{url_name}" in self.current
            or f"{app_name}:*" in self.current
            or any(c.is_current(app_name, url_name) for c in self.children)
        )
