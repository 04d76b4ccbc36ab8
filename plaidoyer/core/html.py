"""Sanitise what people type: rich text keeps simple formatting, plain text keeps none.

Rich text arrives in two shapes: HTML from the editor (django-prose-editor), or, when
JavaScript is off or in an old row, text typed in a textarea. Text without any HTML
block is read as Markdown-like text first (blank lines separate paragraphs, lines
starting with "- " make a list), so two paragraphs typed in a textarea stay two.
Either way the result goes through the one allowlist below.
"""

import html
import re

import nh3
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

RICH_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "a",
    "blockquote",
    "figure",
    "figcaption",
    "img",
}
RICH_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}

# A block element means the text is HTML already (the editor's output, or an
# article stored before the editor); anything else is typed text.
_BLOCK = re.compile(
    r"<\s*(p|ul|ol|li|h[1-6]|blockquote|figure|img|br|div|table|pre)\b", re.I
)
_markdown = MarkdownIt("zero", {"breaks": True, "html": True}).enable(
    ["list", "newline", "emphasis", "link", "html_inline", "html_block"]
)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ALT = re.compile(r'\salt="([^"]*)"')


def text_to_html(text: str) -> str:
    """Turn typed text into HTML: paragraphs, line breaks, "- " and "1. " lists,
    *emphasis* and [links](https://…). Not sanitised: clean_html does that."""
    return _markdown.render(text or "").strip()


def clean_html(html: str) -> str:
    """Keep paragraphs, lists, emphasis, headings, links and images; drop the rest
    (scripts, styles, event handlers, ``javascript:`` links)."""
    html = html or ""
    if html.strip() and not _BLOCK.search(html):
        html = text_to_html(html)
    cleaned = nh3.clean(
        html,
        tags=RICH_TAGS,
        attributes=RICH_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
    )
    # The editor's empty document is one empty paragraph: store nothing.
    return "" if re.fullmatch(r"\s*(<p>\s*(<br>)?\s*</p>\s*)*", cleaned) else cleaned


def images_without_alt(cleaned: str) -> int:
    """How many images of sanitised HTML have no text alternative."""
    return sum(
        1
        for tag in _IMG.findall(cleaned)
        if not (m := _ALT.search(tag)) or not m.group(1).strip()
    )


def clean_rich_text(value: str) -> str:
    """Sanitise rich text a person submits; refuse images without alt text."""
    cleaned = clean_html(value)
    if images_without_alt(cleaned):
        raise ValidationError(
            _(
                "Every image needs a text alternative: describe what it shows "
                "for people who cannot see it."
            ),
            code="image_without_alt",
        )
    return cleaned


def clean_text(text: str) -> str:
    """Plain text: every tag is removed, and what is left is stored as typed.

    nh3 answers in HTML ("Tom &amp; Jerry"); templates escape at output, so the
    entities are turned back into characters here, or the page would show them.
    """
    return html.unescape(nh3.clean(text or "", tags=set())).strip()
