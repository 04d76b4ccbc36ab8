"""Server-rendered bar charts, as HTML and CSS (static/css/charts.css): the
labels are page text, so they stay readable on a phone (a scaled SVG shrank
them to 5 px at 390 px) and the bars reflow under their labels on narrow
screens. Each bar's parts carry their numbers as text for screen readers; each
chart also ships with the same numbers as a table."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .templatetags.plaidoyer import figure


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str


def _width(part: float, whole: float) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "0%"


def stacked_bars(
    rows: list[tuple[str, dict[str, int]]],
    series: list[Series],
    *,
    title: str,
) -> SafeString:
    """Return one horizontal 100 % bar per row, split by ``series``.

    ``rows`` are (label, {series key: count}); a row's total follows its bar.
    """
    parts = [f'<ul class="hbars" aria-label="{escape(title)}">']
    for label, counts in rows:
        total = sum(counts.get(s.key, 0) for s in series)
        parts.append(
            f'<li class="hbar"><span class="hbar-label"{_lang(label)}>{escape(label)}</span>'
            '<span class="hbar-track">'
        )
        for s in series:
            count = counts.get(s.key, 0)
            if not count:
                continue
            text = escape(f"{s.label}: {figure(count)}")
            parts.append(
                f'<span class="hbar-part" style="width:{_width(count, total)};'
                f'background:{escape(s.colour)}" title="{text}">'
                f'<span class="visually-hidden">{text}</span></span>'
            )
        parts.append(f'</span><span class="hbar-total">{figure(total)}</span></li>')
    parts.append("</ul>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _lang(label) -> str:
    """A label in another language than the page's (core.translated) says so."""
    code = getattr(label, "lang", None)
    return f' lang="{escape(code)}"' if code else ""


def bars(
    rows: list[tuple[str, int | None, str]],
    *,
    title: str,
    colour: str = "#1f5f8b",
) -> SafeString:
    """Return one horizontal bar per row, scaled to the largest count.

    ``rows`` are (label, count, text shown at the bar's end); a count of None (a
    figure withheld) draws no bar, only its text.
    """
    top = max([c for _l, c, _t in rows if c] or [1])
    parts = [f'<ul class="hbars" aria-label="{escape(title)}">']
    for label, count, text in rows:
        parts.append(
            f'<li class="hbar"><span class="hbar-label"{_lang(label)}>{escape(label)}</span>'
            '<span class="hbar-track hbar-track-open">'
        )
        if count:
            parts.append(
                f'<span class="hbar-part" style="width:{_width(count, top)};'
                f'background:{escape(colour)}"></span>'
            )
        parts.append(f'</span><span class="hbar-total">{escape(text)}</span></li>')
    parts.append("</ul>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
