"""Cheap cross-process cache invalidation (see models.DataVersion)."""

from django.db.models import F

from .models import DataVersion


def current(key: str) -> int:
    row = DataVersion.objects.filter(key=key).values_list("version", flat=True).first()
    return row or 0


def bump(key: str) -> None:
    """Advance ``key``'s version; call inside the writing transaction."""
    updated = DataVersion.objects.filter(key=key).update(version=F("version") + 1)
    if not updated:
        DataVersion.objects.get_or_create(key=key, defaults={"version": 1})
