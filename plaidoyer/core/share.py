"""Share links for a page (after signing a letter, after registering for an
event): plain links to each network's share address, no third-party script."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Share:
    url: str  # absolute
    text: str
    links: tuple[tuple[str, str, str], ...]  # (key, label, href)


def share(path: str, text: str) -> Share:
    """The share links of ``path`` (a path on this site, or an absolute URL),
    each carrying ``text``."""
    url = path if path.startswith(("https://", "http://")) else settings.SITE_URL + path
    both = f"{text} {url}"
    links = (
        (
            "email",
            _("Email"),
            "mailto:?" + urlencode({"subject": text, "body": both}, quote_via=quote),
        ),
        ("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": both})),
        (
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        (
            "x",
            "X",
            "https://x.com/intent/post?" + urlencode({"text": text, "url": url}),
        ),
        (
            "bluesky",
            "Bluesky",
            "https://bsky.app/intent/compose?" + urlencode({"text": both}),
        ),
    )
    return Share(url=url, text=text, links=links)
