"""iCalendar output (RFC 5545) for one event or the whole agenda."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as VEvent

from .models import Event


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "plaidoyer.localhost"


def calendar(events: Iterable[Event], *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Plaidoyer//Agenda//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = datetime.datetime.now(datetime.UTC)
    for event in events:
        sessions = list(event.sessions.all())
        parts = sessions or [event]
        for index, part in enumerate(parts):
            vevent = VEvent()
            uid = f"event-{event.pk}" + (f"-{index}" if sessions else "")
            vevent.add("uid", f"{uid}@{_host()}")
            vevent.add("dtstamp", stamp)
            vevent.add("dtstart", part.starts_at.astimezone(datetime.UTC))
            vevent.add("dtend", part.ends_at.astimezone(datetime.UTC))
            title = event.title
            if sessions and getattr(part, "label", ""):
                title = f"{event.title} — {part.label}"
            vevent.add("summary", title)
            vevent.add("description", (event.description or "")[:2000])
            vevent.add("url", settings.SITE_URL + event.get_absolute_url())
            location = ", ".join(
                filter(
                    None,
                    [
                        event.venue,
                        event.street_address,
                        event.municipality.name if event.municipality_id else "",
                    ],
                )
            )
            if event.is_online and not location:
                location = "Online"
            if location:
                vevent.add("location", location)
            vevent.add("categories", [event.get_kind_display()])
            cal.add_component(vevent)
    return cal.to_ical()
