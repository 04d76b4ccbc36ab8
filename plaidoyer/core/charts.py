"""Server-rendered SVG charts. Each chart ships with the same numbers as a table."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str


def stacked_bars(
    rows: list[tuple[str, dict[str, int]]],
    series: list[Series],
    *,
    title: str,
    width: int = 640,
    bar_height: int = 22,
    label_width: int = 250,
) -> SafeString:
    """Return one horizontal 100 % bar per row, split by ``series``.

    ``rows`` are (label, {series key: count}). The chart is decorative for screen
    readers beyond its title: the table beside it carries the numbers.
    """
    gap = 10
    height = max(1, len(rows)) * (bar_height + gap) + gap
    plot = width - label_width - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" class="chart" focusable="false">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, counts) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        total = sum(counts.get(s.key, 0) for s in series)
        # 30 characters of 13 px text fit in the label column (long Dutch names of
        # assemblies ran off the left edge at 210); the full name on hover.
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" '
            f'text-anchor="end" class="chart-label"{_lang(label)}>'
            f"<title>{escape(label)}</title>"
            f"{escape(_shorten(label, 30))}</text>"
        )
        x = float(label_width)
        for s in series:
            count = counts.get(s.key, 0)
            if not count or not total:
                continue
            w = plot * count / total
            parts.append(
                f'<rect x="{x:.2f}" y="{y}" width="{w:.2f}" height="{bar_height}" '
                f'fill="{s.colour}"><title>{escape(s.label)}: {count}</title></rect>'
            )
            x += w
        parts.append(
            f'<text x="{label_width + plot + 6}" y="{y + bar_height * 0.7:.1f}" '
            f'class="chart-total">{total}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _lang(label) -> str:
    """A label in another language than the page's (core.translated) says so."""
    code = getattr(label, "lang", None)
    return f' lang="{escape(code)}"' if code else ""


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bars(
    rows: list[tuple[str, int | None, str]],
    *,
    title: str,
    width: int = 640,
    bar_height: int = 20,
    label_width: int = 250,
    colour: str = "#1f5f8b",
) -> SafeString:
    """Return one horizontal bar per row, scaled to the largest count.

    ``rows`` are (label, count, text shown at the bar's end); a count of None (a
    figure withheld) draws no bar, only its text.
    """
    gap = 8
    height = max(1, len(rows)) * (bar_height + gap) + gap
    plot = width - label_width - 70
    top = max([c for _l, c, _t in rows if c] or [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" class="chart" focusable="false">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, count, text) in enumerate(rows):
        y = gap + i * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" '
            f'text-anchor="end" class="chart-label"{_lang(label)}>'
            f"<title>{escape(label)}</title>"
            f"{escape(_shorten(label, 30))}</text>"
        )
        w = plot * count / top if count else 0
        if w:
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{w:.2f}" '
                f'height="{bar_height}" fill="{colour}"></rect>'
            )
        parts.append(
            f'<text x="{label_width + w + 6:.2f}" y="{y + bar_height * 0.7:.1f}" '
            f'class="chart-total">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
