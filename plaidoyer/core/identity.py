"""The coalition's identity (core.models.SiteIdentity), read cached: the header,
footer, colours, legal pages and module switches of every page come from here."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from . import versions
from .versions import Version

# app_name of the URLs → the switch that turns the module off.
MODULES = {
    "commitments": "barometer_enabled",
    # Pledges are commitments to come: they go with the barometer.
    "elections": "barometer_enabled",
    "campaigns": "campaigns_enabled",
    "events": "events_enabled",
    "processes": "processes_enabled",
    "help": "help_enabled",
}


def _create():
    from .models import SiteIdentity

    identity, _created = SiteIdentity.objects.get_or_create(
        pk=1,
        defaults={
            "name": settings.SITE_NAME,
            "publisher_name": settings.PUBLISHER_NAME,
            "publisher_address": settings.PUBLISHER_ADDRESS,
            "publisher_company_number": settings.PUBLISHER_COMPANY_NUMBER,
            "publisher_responsible": settings.PUBLISHER_RESPONSIBLE,
            "publisher_email": settings.PUBLISHER_EMAIL,
            "publisher_phone": settings.PUBLISHER_PHONE,
        },
    )
    # The funders travel with it: the footer shows them on every page.
    identity.funder_list = list(identity.funders.all())
    return identity


def get(version: int | None = None):
    """The identity, cached until the site's data version moves (``version``:
    that version, when the caller has read it already)."""
    if version is None:
        version = versions.current(Version.SITE)
    key = f"site-identity:{version}"
    identity = cache.get(key)
    if identity is None:
        identity = _create()
        cache.set(key, identity, 600)
    return identity


def is_on(identity, app_name: str | None) -> bool:
    """Whether the module of ``app_name`` is on in ``identity`` (read once by a
    caller that checks several)."""
    switch = MODULES.get(app_name or "")
    return switch is None or getattr(identity, switch)


def enabled(app_name: str | None) -> bool:
    return app_name not in MODULES or is_on(get(), app_name)


def parse_colour(value: str) -> tuple[int, int, int] | None:
    value = (value or "").strip()
    if len(value) != 7 or not value.startswith("#"):
        return None
    try:
        return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)
    except ValueError:
        return None


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(rgb: tuple[int, int, int]) -> float:
    """WCAG's contrast ratio of white text on ``rgb``."""
    return 1.05 / (_luminance(rgb) + 0.05)


def _mix(rgb: tuple[int, int, int], other: tuple[int, int, int], share: float) -> str:
    mixed = (round(a + (b - a) * share) for a, b in zip(rgb, other, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def colours_css() -> str:
    """The colour custom properties the stylesheet reads, from the main colour."""
    rgb = parse_colour(get().accent_colour) or (31, 78, 140)
    return (
        ":root{"
        f"--accent:{_mix(rgb, rgb, 0)};"
        f"--accent-dark:{_mix(rgb, (0, 0, 0), 0.25)};"
        f"--accent-soft:{_mix(rgb, (255, 255, 255), 0.9)};"
        "}"
    )


def save_identity(*, by, identity, allowed: bool):
    """Store the identity (its colour checked for contrast); every page's header,
    footer and colours follow at once."""
    from . import audit

    with audit.action(
        "core.identity",
        by=by,
        allowed=allowed,
        target=identity,
        fields="__all__",
        versions=[Version.SITE],
    ):
        identity.full_clean()
        identity.save()
    return identity
