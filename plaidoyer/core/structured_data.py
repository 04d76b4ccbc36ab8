"""schema.org descriptions (JSON-LD) of what a page is about, for search engines:
an event, a news article, the coalition itself.

Built from the objects' attributes alone (duck-typed), so this lower layer needs
none of the apps' models. Only public facts: never an event's connection link.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from . import identity

# json_script's escapes: the JSON can hold no "</script>" nor an HTML comment.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _absolute(path: str) -> str:
    return path if path.startswith("http") else settings.SITE_URL + path


def _text(value: str, words: int = 60) -> str:
    return Truncator(" ".join(strip_tags(value or "").split())).words(words)


def _image(obj) -> str | None:
    image = getattr(obj, "image", None)
    return _absolute(image.url) if image else None


def coalition() -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": identity.get().name,
        "url": settings.SITE_URL + "/",
        "logo": settings.SITE_URL + settings.STATIC_URL + "img/favicon.svg",
    }


def _organisation(org) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": org.name,
        "url": _absolute(org.get_absolute_url()),
    }


def event(obj) -> dict[str, Any]:
    modes = {
        "in_person": "OfflineEventAttendanceMode",
        "online": "OnlineEventAttendanceMode",
        "hybrid": "MixedEventAttendanceMode",
    }
    url = _absolute(obj.get_absolute_url())
    places: list[dict[str, Any]] = []
    if obj.mode != "online":
        address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "BE"}
        if obj.street_address:
            address["streetAddress"] = obj.street_address
        if obj.municipality_id:
            address["addressLocality"] = obj.municipality.name
        places.append({"@type": "Place", "name": obj.venue or "", "address": address})
    if obj.mode != "in_person":
        places.append({"@type": "VirtualLocation", "url": url})
    data: dict[str, Any] = {
        "@type": "Event",
        "name": obj.title,
        "url": url,
        "startDate": obj.starts_at.isoformat(),
        "endDate": obj.ends_at.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": f"https://schema.org/{modes.get(obj.mode, modes['in_person'])}",
        "location": places[0] if len(places) == 1 else places,
        "organizer": [_organisation(o) for o in obj.organisers.all()] or coalition(),
        "inLanguage": get_language(),
    }
    if description := _text(obj.description):
        data["description"] = description
    if image := _image(obj):
        data["image"] = image
    if obj.registration_enabled:
        left = obj.seats_left
        data["offers"] = {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "url": url,
            "availability": "https://schema.org/"
            + ("SoldOut" if left == 0 else "InStock"),
        }
    return data


def article(obj) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": Truncator(obj.title).chars(110),
        "url": _absolute(obj.get_absolute_url()),
        "datePublished": obj.publish_at.isoformat(),
        "dateModified": obj.updated_at.isoformat(),
        "inLanguage": get_language(),
        "publisher": coalition(),
        "author": _organisation(obj.organisation)
        if obj.organisation_id
        else {"@type": "Person", "name": obj.author}
        if obj.author
        else coalition(),
    }
    if summary := _text(obj.summary or obj.body):
        data["description"] = summary
    if image := _image(obj):
        data["image"] = image
    return data


def organisation(obj) -> dict[str, Any]:
    data = _organisation(obj)
    if description := _text(obj.description):
        data["description"] = description
    if obj.website:
        data["sameAs"] = [obj.website]
    if obj.municipality_id:
        data["address"] = {
            "@type": "PostalAddress",
            "addressLocality": obj.municipality.name,
            "addressCountry": "BE",
        }
    return data


KINDS = {
    "event": event,
    "article": article,
    "organisation": organisation,
    "coalition": lambda _obj: {**coalition(), "@type": "NGO"},
}


def json_ld(kind: str, obj=None) -> SafeString:
    data = {"@context": "https://schema.org", **KINDS[kind](obj)}
    text = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
