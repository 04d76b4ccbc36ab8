"""Sanitise what people type: rich text keeps simple formatting, plain text keeps none."""

import html

import nh3

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


def clean_html(html: str) -> str:
    """Keep paragraphs, lists, emphasis, headings, links and images; drop the rest
    (scripts, styles, event handlers, ``javascript:`` links)."""
    return nh3.clean(
        html or "",
        tags=RICH_TAGS,
        attributes=RICH_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
    )


def clean_text(text: str) -> str:
    """Plain text: every tag is removed, and what is left is stored as typed.

    nh3 answers in HTML ("Tom &amp; Jerry"); templates escape at output, so the
    entities are turned back into characters here, or the page would show them.
    """
    return html.unescape(nh3.clean(text or "", tags=set())).strip()
