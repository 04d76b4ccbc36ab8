"""What the replies app shows on the barometer's pages (commitments.extensions):
each panel reads with a fixed number of queries, whatever the page's size."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import get_language

from plaidoyer.commitments import extensions
from plaidoyer.core import versions
from plaidoyer.core.versions import Version

from . import selectors

# The panels' data is kept under the barometer's data version, as the barometer's
# own figures are: a warm page reads no query of ours.
TTL = 3600

# Replies shown on an authority's page; the rest are on its history page.
RECENT = 10


def _authority_data(authority) -> dict:
    replies = selectors.reply_rows(
        selectors.published_replies(authority=authority)[: RECENT + 1], authority
    )
    return {
        "summary": selectors.response_summary(authority),
        "replies": replies[:RECENT],
        "more": len(replies) > RECENT,
    }


def authority_panel(authority) -> str:
    # Kept rendered, per language: ten replies through the template engine were
    # a tenth of the authority page's cache miss.
    return versions.cached(
        Version.BAROMETER,
        f"replies.authority:{authority.pk}:{get_language()}",
        lambda: render_to_string(
            "replies/_authority_panel.html",
            {"authority": authority, **_authority_data(authority)},
        ),
        TTL,
    )


def barometer_panel(_obj) -> str:
    rates = versions.cached(
        Version.BAROMETER, "replies.response_rates", selectors.response_rates, TTL
    )
    if not rates:
        return ""
    return render_to_string("replies/_barometer_panel.html", {"rates": rates})


def commitment_panel(commitment) -> str:
    replies = selectors.reply_rows(
        selectors.published_replies(commitment=commitment)[:RECENT]
    )
    if not replies:
        return ""
    return render_to_string(
        "replies/_replies.html", {"replies": replies, "heading_level": 2}
    )


def recommendation_panel(recommendation) -> str:
    replies = selectors.reply_rows(
        selectors.published_replies(recommendation=recommendation)[:RECENT]
    )
    if not replies:
        return ""
    return render_to_string("replies/_recommendation_panel.html", {"replies": replies})


extensions.register_panel("authority", authority_panel)
extensions.register_panel("barometer", barometer_panel)
extensions.register_panel("commitment", commitment_panel)
extensions.register_panel("recommendation", recommendation_panel)
