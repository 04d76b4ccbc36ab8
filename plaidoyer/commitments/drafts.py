"""A status update between its form and its confirmation.

The input waits in the coordinator's session, keyed by commitment, so that the
confirmation page shows exactly what the save will write and "back" finds the form
as it was left. An uploaded document waits in storage under an unguessable name
until the update is saved (then it is copied into the update) or discarded.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import secrets
from collections.abc import Iterator
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.text import get_valid_filename

from .models import Commitment, StatusUpdate

FIELDS = ("status", "progress", "note", "note_source", "evidence_url")
PENDING_DIR = "evidence/pending"


def _key(commitment: Commitment) -> str:
    return f"status_update_draft:{commitment.pk}"


def load(request, commitment: Commitment) -> dict[str, Any] | None:
    return request.session.get(_key(commitment))


def save(
    request,
    commitment: Commitment,
    values: dict[str, Any],
    *,
    upload=None,
    keep_file: bool = False,
) -> None:
    """Keep the checked input of the form (and its document) for the confirmation."""
    previous = load(request, commitment) or {}
    file_info = previous.get("file") if keep_file else None
    if previous.get("file") and not keep_file:
        default_storage.delete(previous["file"]["path"])
    if upload:
        if file_info:
            default_storage.delete(file_info["path"])
        name = get_valid_filename(upload.name)[-100:] or "document"
        path = default_storage.save(
            f"{PENDING_DIR}/{secrets.token_urlsafe(16)}/{name}", upload
        )
        file_info = {"path": path, "name": name}
    corrects = values.get("corrects")
    request.session[_key(commitment)] = {
        **{field: values.get(field) for field in FIELDS},
        "date": values["date"].isoformat(),
        "corrects": corrects.pk if corrects is not None else None,
        "file": file_info,
    }


def discard(request, commitment: Commitment) -> None:
    """Forget the input once it is saved (the document now belongs to the update)."""
    kept = request.session.pop(_key(commitment), None)
    if kept and kept.get("file"):
        default_storage.delete(kept["file"]["path"])


def initial(kept: dict[str, Any]) -> dict[str, Any]:
    """The form's initial values from kept input ("back" from the confirmation)."""
    return {
        **{field: kept[field] for field in FIELDS},
        "date": kept["date"],
        "corrects": kept["corrects"] or "",
    }


def values(kept: dict[str, Any], commitment: Commitment) -> dict[str, Any]:
    """The service's arguments (all but the document) from kept input."""
    corrects = None
    if kept["corrects"]:
        # Looked up within this commitment: a kept id never reaches another's entry.
        corrects = commitment.updates.filter(pk=kept["corrects"]).first()
    return {
        **{field: kept[field] for field in FIELDS},
        "progress": kept["progress"],
        "date": datetime.date.fromisoformat(kept["date"]),
        "corrects": corrects,
    }


def preview(kept: dict[str, Any], commitment: Commitment) -> StatusUpdate:
    """An unsaved update as the timeline will show it."""
    fields = values(kept, commitment)
    update = StatusUpdate(commitment=commitment, **fields)
    update.previous_status = commitment.status  # type: ignore[attr-defined]
    return update


def digest(kept: dict[str, Any]) -> str:
    """A fingerprint of the kept input: the confirmation saves what it showed."""
    return hashlib.sha256(
        json.dumps(kept, sort_keys=True, default=str).encode()
    ).hexdigest()[:32]


@contextlib.contextmanager
def opened_file(kept: dict[str, Any]) -> Iterator[File | None]:
    info = kept.get("file")
    if not info:
        yield None
        return
    with default_storage.open(info["path"], "rb") as handle:
        yield File(handle, name=info["name"])


PENDING_TTL = datetime.timedelta(days=1)


def purge_pending(now: datetime.datetime | None = None) -> int:
    """Delete the documents of updates nobody confirmed within PENDING_TTL (the
    session ended, the tab was closed). Idempotent: several workers may run it."""
    from django.utils import timezone

    limit = (now or timezone.now()) - PENDING_TTL
    deleted = 0
    try:
        directories, _files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return 0
    for directory in directories:
        base = f"{PENDING_DIR}/{directory}"
        for name in default_storage.listdir(base)[1]:
            path = f"{base}/{name}"
            with contextlib.suppress(FileNotFoundError):
                if default_storage.get_modified_time(path) < limit:
                    default_storage.delete(path)
                    deleted += 1
    return deleted
