"""An authority's commitment cards, written in Python.

The authority page lists every commitment of the authority (200 and more): as
200 includes of ``_commitment_card.html`` the template engine took most of a
cache miss's 100+ ms. This writes the same markup (a test compares the two) with
each label translated and each date formatted once per page; every value is
escaped. Other pages, with a few cards, keep the include.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from plaidoyer.core.templatetags.plaidoyer import longdate
from plaidoyer.core.translated import fallback, marked

from .models import Commitment
from .templatetags.barometer import status_badge


def commitment_cards(
    commitments: Iterable[Commitment], *, stale_before: datetime.date
) -> SafeString:
    """Each commitment's card (as ``_commitment_card.html`` writes it, without the
    authority) and its recommendations' links; ``commitments`` come from
    ``selectors.get_authority`` (``url`` and ``recommendation_links`` set)."""
    # As {% translate %} and {% blocktranslate %}: the translations as they are
    # (they are the site's own text), the values escaped.
    coalition = _("Coalition's assessment")
    own = _("Authority's own report")
    none_given = _("none given")
    recommendations = _("Recommendations:")
    committed = _("committed on %(date)s")
    due = _("due %(date)s")
    no_news = _("No news since %(date)s")
    days: dict[datetime.date, str] = {}
    badges: dict[str, str] = {}

    def day(value: datetime.date) -> str:
        shown = days.get(value)
        if shown is None:
            shown = days[value] = escape(longdate(value))
        return shown

    def badge(status: str) -> str:
        shown = badges.get(status)
        if shown is None:
            shown = badges[status] = status_badge(status)
        return shown

    def progress(value: int | None) -> str:
        return "" if value is None else f' <span class="progress-text">{value} %</span>'

    out = []
    for c in commitments:
        dates = committed % {"date": day(c.committed_on)}
        if c.due_on:
            dates += " · " + due % {"date": day(c.due_on)}
        if c.authority_status:
            theirs = badge(c.authority_status) + progress(c.authority_progress)
        else:
            theirs = f'<span class="meta">{none_given}</span>'
        stale = ""
        if c.last_update_on and c.last_update_on < stale_before:
            text = no_news % {"date": day(c.last_update_on)}
            stale = f'<p><span class="badge badge-stale">{text}</span></p>'
        links = ", ".join(
            f'<a href="{escape(url)}">{escape(code)}</a>'
            for code, url in c.recommendation_links
        )
        out.append(
            f'<article class="commitment-card">\n'
            f'<h3><a href="{escape(c.url)}">{marked(*fallback(c, "title"))}</a></h3>\n'
            f'<p class="meta">{dates}</p>\n'
            f'<div class="two-views">\n'
            f'<div><span class="view-label">{coalition}</span> '
            f"{badge(c.status)}{progress(c.progress)}</div>\n"
            f'<div><span class="view-label">{own}</span> {theirs}</div>\n'
            f"</div>\n{stale}</article>\n"
            f'<p class="meta">{recommendations} {links}</p>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
