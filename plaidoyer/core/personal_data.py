"""Per-person export and erasure: each app registers what it holds about an address.

The apps depend one way (core ← … ← processes), so no single module may import
them all; as for ``core.search``, each app registers providers here in its
``AppConfig.ready()``. A provider, given an address, finds the rows that name it
(as plain data, for the screen and the export) and erases them: rows that feed a
public count (a seat, a signature) are anonymised and stay counted, the rest is
deleted.

Core registers its own providers below: queued emails, task rows and audit rows.
The audit rows come last, after every other provider had its say.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from . import audit
from .csvutils import safe_cell
from .models import AuditLog, OutgoingEmail, Suppression

# What the erased fields of a row that stays say instead.
ERASED = "erased"
TOKEN_SALT = "plaidoyer.personal-data"  # noqa: S105 - a salt, not a secret
TOKEN_MAX_AGE = 24 * 3600
MAX_EMAIL_LENGTH = 254

Row = dict[str, Any]
# The audit rows this module writes hold no address, only its hash.
OWN_ACTIONS = ("core.erase_personal_data", "core.export_personal_data")


@dataclass(frozen=True)
class Provider:
    kind: str
    label: object  # a lazy translation
    order: int
    find: Callable[[str], list[Row]]
    erase: Callable[[str], int]


_providers: dict[str, Provider] = {}


def register(
    kind: str,
    label,
    *,
    find: Callable[[str], list[Row]],
    erase: Callable[[str], int],
    order: int = 50,
) -> None:
    """Register what one app holds of one kind: ``find(email)`` returns rows as
    JSON-able dicts, ``erase(email)`` anonymises or deletes them and returns how
    many. Both receive the address stripped and lower-cased; each matches it the
    way its app stores it."""
    _providers[kind] = Provider(kind, label, order, find, erase)


def delete_rows(queryset) -> int:
    """Delete ``queryset``; return how many of its own rows went (not cascades)."""
    _total, by_model = queryset.delete()
    return by_model.get(queryset.model._meta.label, 0)


def delete_unconfirmed(model, *, days: int, now=None) -> int:
    """Delete the rows of ``model`` (with ``confirmed_at`` and ``created_at``) that
    nobody confirmed within ``days``: an address nobody confirmed is not kept."""
    limit = (now or timezone.now()) - datetime.timedelta(days=days)
    return delete_rows(
        model.objects.filter(confirmed_at__isnull=True, created_at__lt=limit)
    )


def providers() -> list[Provider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.kind))


def normalise(email: str) -> str:
    """Return ``email`` stripped and lower-cased; raise ValidationError unless it
    is one valid address."""
    email = (email or "").strip().lower()
    if not email or len(email) > MAX_EMAIL_LENGTH:
        raise ValidationError(_("Enter a valid email address."), code="invalid")
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("Enter a valid email address."), code="invalid"
        ) from None
    return email


def email_hash(email: str) -> str:
    """A keyed hash of the address: the audit log can say which address was
    erased, to whoever knows it, without holding it in clear."""
    return salted_hmac(TOKEN_SALT, email.strip().lower()).hexdigest()[:32]


def collect(email: str) -> list[tuple[Provider, list[Row]]]:
    """Return (provider, rows) for every kind that holds something on ``email``."""
    email = normalise(email)
    found = []
    for provider in providers():
        rows = provider.find(email)
        if rows:
            found.append((provider, rows))
    return found


def export_zip(email: str) -> bytes:
    """Everything held on ``email``: ``data.json`` and one CSV per kind, zipped."""
    email = normalise(email)
    groups = collect(email)
    data = {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "records": {provider.kind: rows for provider, rows in groups},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(data, indent=2, ensure_ascii=False, default=str)
        )
        for provider, rows in groups:
            archive.writestr(f"{provider.kind}.csv", _csv(rows))
    return buffer.getvalue()


def _csv(rows: list[Row]) -> str:
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                key: safe_cell(
                    json.dumps(value, ensure_ascii=False, default=str)
                    if isinstance(value, dict | list)
                    else value
                )
                for key, value in row.items()
            }
        )
    return out.getvalue()


@transaction.atomic
def export(*, email: str, by: Any, allowed: bool) -> bytes:
    """``export_zip``, checked and audited (with a hash of the address)."""
    if not allowed:
        raise PermissionDenied
    email = normalise(email)
    with audit.action(
        "core.export_personal_data", by=by, target_type="personal_data"
    ) as change:
        change.after = {"email_hash": email_hash(email)}
        return export_zip(email)


@transaction.atomic
def erase(*, email: str, by: Any, allowed: bool) -> dict[str, int]:
    """Erase everything held on ``email``; return the count per kind.

    ``by``: who asked (None when the person did, through a signed link);
    ``allowed``: whether they may (the caller's permission check). One audit row
    records the erasure and its counts, with a hash of the address, not the
    address. All of it, or nothing: one transaction.
    """
    if not allowed:
        raise PermissionDenied
    email = normalise(email)
    counts: dict[str, int] = {}
    with audit.action(
        "core.erase_personal_data", by=by, target_type="personal_data"
    ) as change:
        for provider in providers():
            erased = provider.erase(email)
            if erased:
                counts[provider.kind] = erased
        change.after = {"email_hash": email_hash(email), "counts": counts}
    return counts


# --- Signed links for the person themselves ------------------------------------------


def make_token(email: str) -> str:
    return signing.dumps({"e": normalise(email)}, salt=TOKEN_SALT, compress=True)


def read_token(token: str, *, max_age: int = TOKEN_MAX_AGE) -> str | None:
    """Return the address a token was made for, or None if it is forged, altered
    or older than ``max_age`` seconds."""
    if not token or len(token) > 1000:
        return None
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired included
        return None
    email = data.get("e") if isinstance(data, dict) else None
    return email if isinstance(email, str) and email else None


# --- What core itself holds ----------------------------------------------------------


def _text_contains(qs, field: str, email: str):
    """Rows whose JSON ``field`` mentions ``email`` anywhere (as text)."""
    return qs.annotate(**{f"{field}_text": Cast(field, TextField())}).filter(
        **{f"{field}_text__icontains": email}
    )


def _outbox(email: str):
    # Emails being sent right now are left to finish.
    return _text_contains(
        OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENDING), "to", email
    )


def _find_emails(email: str) -> list[Row]:
    return [
        {
            "id": m.pk,
            "created_at": m.created_at.isoformat(),
            "status": m.status,
            "to": m.to,
            "subject": m.subject,
            "body": m.body,
        }
        for m in _outbox(email).order_by("created_at")
        # "Ana <ana@…>" or "ana@…": the address itself, not a longer one containing it.
        if email in [parseaddr(str(a))[1].strip().lower() for a in m.to]
    ]


def _erase_emails(email: str) -> int:
    ids = [row["id"] for row in _find_emails(email)]
    deleted, _rows = OutgoingEmail.objects.filter(pk__in=ids).delete()
    return deleted


def _tasks(email: str):
    from django_tasks_db.models import DBTaskResult

    return _text_contains(DBTaskResult.objects.all(), "args_kwargs", email)


def _find_tasks(email: str) -> list[Row]:
    return [
        {
            "id": str(t.pk),
            "task": t.task_path,
            "status": t.status,
            "enqueued_at": t.enqueued_at.isoformat(),
            "arguments": t.args_kwargs,
        }
        for t in _tasks(email).order_by("enqueued_at")
    ]


def _erase_tasks(email: str) -> int:
    from django_tasks.base import TaskResultStatus

    # Work still to do or under way is left alone: it finds nothing once the
    # rows it names are gone. Finished work only keeps the address.
    deleted, _rows = (
        _tasks(email)
        .filter(status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED])
        .delete()
    )
    return deleted


def _audit_rows(email: str):
    return (
        AuditLog.objects.annotate(
            before_text=Cast("before", TextField()),
            after_text=Cast("after", TextField()),
        )
        .filter(
            Q(actor_repr__iexact=email)
            | Q(target_repr__icontains=email)
            | Q(before_text__icontains=email)
            | Q(after_text__icontains=email)
        )
        .exclude(action__in=OWN_ACTIONS)
    )


def _find_audit(email: str) -> list[Row]:
    return [
        {
            "id": row.pk,
            "created_at": row.created_at.isoformat(),
            "action": row.action,
            "actor": row.actor_repr,
            "object": row.target_repr,
            "before": row.before,
            "after": row.after,
        }
        for row in _audit_rows(email).order_by("created_at", "id")
    ]


def _scrub(value: Any, email: str) -> Any:
    if isinstance(value, str):
        return ERASED if value.strip().lower() == email else value
    if isinstance(value, dict):
        return {k: _scrub(v, email) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, email) for v in value]
    return value


def _erase_audit(email: str) -> int:
    count = 0
    for row in _audit_rows(email):
        row.actor_repr = ERASED if row.actor_repr.lower() == email else row.actor_repr
        lowered = row.target_repr.lower()
        if email in lowered:
            start = lowered.index(email)
            row.target_repr = (
                row.target_repr[:start] + ERASED + row.target_repr[start + len(email) :]
            )
        row.before = _scrub(row.before, email)
        row.after = _scrub(row.after, email)
        # Rows are otherwise never changed: an update, not save(), keeps it plain.
        AuditLog.objects.filter(pk=row.pk).update(
            actor_repr=row.actor_repr,
            target_repr=row.target_repr,
            before=row.before,
            after=row.after,
        )
        count += 1
    return count


register(
    "core.outgoing_email",
    _("Emails waiting to be sent"),
    find=_find_emails,
    erase=_erase_emails,
    order=900,
)
register(
    "core.suppression",
    _("Suppressed address (bounce or complaint)"),
    find=lambda email: list(
        Suppression.objects.filter(email=email).values(
            "email", "reason", "detail", "created_at"
        )
    ),
    # Forgetting the address forgets that it bounced: a later subscription may
    # mail it again, which is what erasure asks for.
    erase=lambda email: delete_rows(Suppression.objects.filter(email=email)),
    order=905,
)
register(
    "core.task", _("Background tasks"), find=_find_tasks, erase=_erase_tasks, order=910
)
register(
    "core.audit_log",
    _("Audit log entries"),
    find=_find_audit,
    erase=_erase_audit,
    order=1000,
)
