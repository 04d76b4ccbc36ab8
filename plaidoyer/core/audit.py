"""The one place services record what they changed."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from .models import AuditLog


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model | None, fields: Iterable[str] | None = None) -> dict:
    """Return the concrete field values of ``obj`` (all, or ``fields``) as JSON."""
    if obj is None or obj.pk is None:
        return {}
    data = {}
    for field in obj._meta.concrete_fields:
        if (
            fields is not None
            and field.name not in fields
            and field.attname not in fields
        ):
            continue
        data[field.attname] = _jsonable(getattr(obj, field.attname))
    return data


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    """Return only the keys whose values changed, as (before, after)."""
    keys = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    return ({k: before.get(k) for k in keys}, {k: after.get(k) for k in keys})


def record(
    *,
    by,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditLog:
    """Write one audit-log row; ``by`` may be None for the system itself."""
    if before is not None and after is not None:
        before, after = diff(before, after)
    actor = by if getattr(by, "pk", None) else None
    return AuditLog.objects.create(
        actor=actor,
        actor_repr=(getattr(by, "email", "") or str(by or "system"))[:255],
        action=action,
        target_type=target_type or (target._meta.label_lower if target else ""),
        target_id=str(target.pk) if target is not None and target.pk else "",
        target_repr=str(target)[:255] if target is not None else "",
        before=_jsonable(before) if before else None,
        after=_jsonable(after) if after else None,
    )
