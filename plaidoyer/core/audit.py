"""The one place services check who may write, record what they changed and tell
the caches.

A service wraps its write in ``action`` (Wagtail's ``BaseAction`` is the model):

    @transaction.atomic
    def set_roles(*, by, user, is_coordinator, is_platform_admin) -> User:
        with audit.action(
            "accounts.set_roles", by=by, allowed=can_manage_users(by),
            target=user, fields=ROLE_FIELDS,
        ):
            user.is_coordinator = is_coordinator
            user.save(update_fields=["is_coordinator"])
        return user

It raises PermissionDenied unless ``allowed``, snapshots ``fields`` of ``target``
before the block and after it, writes one audit row with what changed, and bumps
the data ``versions`` the change makes stale. An exception in the block (a
ValidationError) writes nothing and bumps nothing.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.fields.files import FieldFile

from . import versions as data_versions
from .models import AuditLog

Fields = Sequence[str] | Literal["__all__"]

# Personal fields: the log records that one was set, changed or cleared, never
# the address or number itself (an audit log is kept long and read widely).
PERSONAL_FIELDS = frozenset({"email", "phone", "email_key", "ip_address"})
CHANGED = "(changed)"


def mask_personal(values: dict | None) -> dict | None:
    """Return ``values`` with every non-empty personal field replaced by CHANGED."""
    if not values:
        return values
    return {
        key: mask_personal(value)
        if isinstance(value, dict)
        else CHANGED
        if key in PERSONAL_FIELDS and value not in ("", None)
        else value
        for key, value in values.items()
    }


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
    by: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    before: dict | None = None,
    after: dict | None = None,
    target_id: Any = None,
) -> AuditLog:
    """Write one audit-log row; ``by`` may be None for the system itself.

    ``target_id``: the target's id when it no longer has one (it was deleted)."""
    if before is not None and after is not None:
        before, after = diff(before, after)
    before, after = mask_personal(before), mask_personal(after)
    actor = by if getattr(by, "pk", None) else None
    if target is not None and target.pk:
        target_id = target.pk
    return AuditLog.objects.create(
        actor=actor,
        actor_repr=(getattr(by, "email", "") or str(by or "system"))[:255],
        action=action,
        target_type=target_type or (target._meta.label_lower if target else ""),
        target_id=str(target_id) if target_id else "",
        target_repr=str(target)[:255] if target is not None else "",
        before=_jsonable(before) if before else None,
        after=_jsonable(after) if after else None,
    )


class Change:
    """One audited write, as the service inside ``action`` fills it in.

    ``target``: set it in the block when the object only exists there (a
    creation): then there is no "before". ``before``/``after``: set them to record
    something else than the snapshots of ``fields``. ``versions``: add data
    versions found stale in the block. ``skip()``: nothing happened after all (no
    row, no bump); ``no_row()``: nothing worth a row, but the data changed.
    """

    def __init__(
        self,
        *,
        name: str,
        by: Any,
        target: models.Model | None,
        target_type: str,
        fields: Fields | None,
        versions: Iterable[str],
    ) -> None:
        self.name = name
        self.by = by
        self.target = target
        self.target_type = target_type
        self.fields = fields
        self.versions = list(versions)
        self.before: dict | None = None
        self.after: dict | None = None
        self.skipped = False
        self.recorded = True
        self._target_id = target.pk if target is not None else None

    def snapshot(self, obj: models.Model | None) -> dict:
        """``obj``'s audited fields (none when the action audits no fields)."""
        if self.fields is None:
            return {}
        return snapshot(obj, None if self.fields == "__all__" else self.fields)

    def skip(self) -> None:
        self.skipped = True

    def no_row(self) -> None:
        self.recorded = False

    def _finish(self, *, only_if_changed: bool) -> AuditLog | None:
        if self.skipped:
            return None
        after = self.after if self.after is not None else self.snapshot(self.target)
        before = self.before or None
        if only_if_changed and (before or {}) == (after or {}):
            return None
        entry = None
        if self.recorded:
            entry = record(
                by=self.by,
                action=self.name,
                target=self.target,
                target_type=self.target_type,
                before=before,
                after=after or None,
                target_id=self._target_id,
            )
        for version in self.versions:
            data_versions.bump(version)
        return entry


@contextmanager
def action(
    name: str,
    *,
    by: Any,
    allowed: bool = True,
    target: models.Model | None = None,
    target_type: str = "",
    fields: Fields | None = None,
    stored: bool = False,
    versions: Iterable[str] = (),
    only_if_changed: bool = False,
) -> Iterator[Change]:
    """Check, snapshot, let the service write, record and bump (module docstring).

    ``stored``: take the "before" snapshot from the database, for a ``target`` a
    form has already changed in memory. ``only_if_changed``: no row (and no bump)
    when the snapshots are the same.
    """
    if not allowed:
        raise PermissionDenied
    change = Change(
        name=name,
        by=by,
        target=target,
        target_type=target_type,
        fields=fields,
        versions=versions,
    )
    if target is not None and target.pk is not None and fields is not None:
        source = (
            type(target)._default_manager.filter(pk=target.pk).first()
            if stored
            else target
        )
        change.before = change.snapshot(source)
    yield change
    change._finish(only_if_changed=only_if_changed)
