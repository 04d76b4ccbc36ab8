"""Who a newsletter goes to: its segments, merged, one delivery per address.

Segments: confirmed subscribers (by theme and language), signers of a campaign
who asked for news, registrants of chosen events who ticked the newsletter box,
staff and public contacts of the directory's organisations,
and journalists of the press list. An address in several segments counts once
(the first segment's language wins); suppressed addresses (core.suppressions)
and those that unsubscribed from newsletters (OptOut) are left out.

news sits above campaigns and organisations (the layers), so it reads them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django.db.models import Q

from plaidoyer.campaigns.selectors import signers_for_news
from plaidoyer.core.models import Suppression
from plaidoyer.events.models import Registration
from plaidoyer.organisations.models import Contact, Organisation, Staff

from .models import Newsletter, OptOut, PressContact, Subscriber

# (address as written, language, subscriber id or None)
Recipient = tuple[str, str, int | None]


def _subscribers(newsletter: Newsletter) -> Iterator[Recipient]:
    audience = Subscriber.objects.filter(confirmed_at__isnull=False)
    themes = list(newsletter.themes.values_list("pk", flat=True))
    if themes:
        # Subscribers who picked themes get only newsletters about one of them.
        audience = audience.filter(
            Q(themes__in=themes) | Q(themes__isnull=True)
        ).distinct()
    yield from (
        audience.order_by("pk")
        .values_list("email", "language", "pk")
        .iterator(chunk_size=2000)
    )


def _signers(newsletter: Newsletter) -> Iterator[Recipient]:
    rows = signers_for_news(newsletter.signers_of).values_list("email", "language")
    for email, language in rows.iterator(chunk_size=2000):
        yield email, language, None


def _registrants(newsletter: Newsletter) -> Iterator[Recipient]:
    """Registrants of the chosen events who ticked the newsletter box, seated."""
    S = Registration.Status
    rows = Registration.objects.filter(
        event__in=newsletter.registrants_of.all(),
        news_opt_in=True,
        anonymised_at__isnull=True,
        status__in=[S.CONFIRMED, S.ATTENDED],
    ).values_list("email", "language")
    for email, language in rows.iterator(chunk_size=2000):
        yield email, language, None


def _organisations(newsletter: Newsletter) -> Iterator[Recipient]:
    published = Organisation.objects.filter(is_published=True)
    staff = Staff.objects.filter(
        organisation__in=published, user__is_active=True
    ).values_list("user__email", "user__language")
    for email, language in staff.iterator(chunk_size=2000):
        yield email, language or "fr", None
    contacts = Contact.objects.filter(
        organisation__in=published, is_public=True
    ).exclude(email="")
    for email in contacts.values_list("email", flat=True).iterator(chunk_size=2000):
        yield email, "fr", None
    for email in published.exclude(email="").values_list("email", flat=True):
        yield email, "fr", None


def _press(newsletter: Newsletter) -> Iterator[Recipient]:
    for email, language in PressContact.objects.values_list("email", "language"):
        yield email, language, None


def recipients(newsletter: Newsletter) -> Iterator[Recipient]:
    """Every address the newsletter goes to, once, in its segments' order."""
    languages = set(newsletter.languages or [])
    left_out = set(Suppression.objects.values_list("email", flat=True))
    left_out |= set(OptOut.objects.values_list("email", flat=True))
    seen: set[str] = set()
    sources = []
    if newsletter.to_subscribers:
        sources.append(_subscribers(newsletter))
    if newsletter.signers_of_id:
        sources.append(_signers(newsletter))
    if newsletter.pk and newsletter.registrants_of.exists():
        sources.append(_registrants(newsletter))
    if newsletter.to_organisations:
        sources.append(_organisations(newsletter))
    if newsletter.to_press:
        sources.append(_press(newsletter))
    for source in sources:
        for email, language, subscriber_id in source:
            key = (email or "").strip().lower()
            if not key or key in seen or key in left_out:
                continue
            if languages and language not in languages:
                continue
            seen.add(key)
            yield key, language, subscriber_id


def counts_by_language(newsletter: Newsletter) -> dict[str, int]:
    """How many addresses the newsletter would reach now, per language."""
    return dict(Counter(language for _e, language, _s in recipients(newsletter)))
