"""The outbox: every email leaves through here, exactly once per kill at worst.

``queue()`` writes an OutgoingEmail row inside the caller's transaction, so an
email exists if and only if the change that decided it was committed. A worker's
``drain()`` claims rows (``SELECT … FOR UPDATE SKIP LOCKED``: several workers
never claim the same row), sends each, and marks it sent at once. A worker killed
between a send and its mark leaves one row "sending"; after
``OUTBOX_STALE_SECONDS`` another worker sends it again: one duplicate for that
kill, and nothing lost. Failed sends are retried with back-off, then marked
failed with the error.
"""

from __future__ import annotations

import base64
import datetime
import logging
import time
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.models import DBTaskResult

from . import periodic
from .models import OutgoingEmail

logger = logging.getLogger(__name__)
Status = OutgoingEmail.Status
MAX_ATTEMPTS = 5


def queue(
    *,
    subject: str,
    body: str,
    to: Sequence[str],
    html: str = "",
    attachments: Iterable[tuple[str, bytes | str, str]] = (),
    headers: dict[str, str] | None = None,
    reply_to: Sequence[str] | None = None,
    key: str | None = None,
) -> OutgoingEmail | None:
    """Queue one rendered email; with ``key``, at most once for that key.

    Returns the row, or None when an email with ``key`` was queued before.
    """
    row = OutgoingEmail(
        key=key,
        to=list(to),
        subject=subject,
        body=body,
        html=html,
        headers=headers or {},
        reply_to=list(reply_to or []),
        attachments=[
            [name, base64.b64encode(_bytes(content)).decode(), mimetype]
            for name, content, mimetype in attachments
        ],
        next_attempt_at=timezone.now(),
    )
    if key is not None:
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            return None  # the producer ran before: the email is on its way already
    else:
        row.save()
    _wake()
    return row


def queue_many(emails: Sequence[dict]) -> None:
    """Queue many rendered emails in one statement (a mailing's batch): each a
    dict of ``queue()``'s keyword arguments, attachments aside. Keyed ones queued
    before are skipped, as with ``queue()``."""
    if not emails:
        return
    now = timezone.now()
    OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                key=email.get("key"),
                to=list(email["to"]),
                subject=email["subject"],
                body=email["body"],
                html=email.get("html", ""),
                headers=email.get("headers") or {},
                reply_to=list(email.get("reply_to") or []),
                attachments=[],
                next_attempt_at=now,
            )
            for email in emails
        ],
        ignore_conflicts=True,
    )
    _wake()


def _bytes(content: bytes | str) -> bytes:
    return content.encode() if isinstance(content, str) else content


def _inline() -> bool:
    """Tests run tasks at once (ImmediateBackend): send at once too."""
    return isinstance(drain_outbox.get_backend(), ImmediateBackend)


def _wake() -> None:
    if _inline():
        drain()
    else:
        transaction.on_commit(_enqueue_drain)


def _enqueue_drain() -> None:
    waiting = DBTaskResult.objects.ready().filter(task_path=drain_outbox.module_path)
    if not waiting.exists():
        drain_outbox.enqueue()


def claim(batch: int) -> list[int]:
    """Mark up to ``batch`` due rows "sending" for this worker; return their ids."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.OUTBOX_STALE_SECONDS)
    with transaction.atomic():
        ids = list(
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(
                Q(status=Status.QUEUED, next_attempt_at__lte=now)
                | Q(status=Status.SENDING, claimed_at__lt=stale)
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if ids:
            OutgoingEmail.objects.filter(pk__in=ids).update(
                status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    return ids


def _message(row: OutgoingEmail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=row.to,
        headers=row.headers or None,
        reply_to=row.reply_to or None,
        connection=connection,
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    for name, content, mimetype in row.attachments:
        message.attach(name, base64.b64decode(content), mimetype)
    return message


def drain(*, seconds: float = 50.0, batch: int = 50) -> int:
    """Send due emails for up to ``seconds``; return how many were sent."""
    deadline = time.monotonic() + seconds
    sent = 0
    with get_connection() as connection:
        while time.monotonic() < deadline:
            ids = claim(batch)
            if not ids:
                break
            for row in OutgoingEmail.objects.filter(pk__in=ids).order_by("pk"):
                try:
                    _message(row, connection).send()
                except Exception as exc:  # any backend's error: retry, then give up
                    _failed(row, exc)
                    continue
                OutgoingEmail.objects.filter(pk=row.pk).update(
                    status=Status.SENT, sent_at=timezone.now(), error=""
                )
                sent += 1
    return sent


def _failed(row: OutgoingEmail, exc: Exception) -> None:
    final = row.attempts >= MAX_ATTEMPTS  # claim() counted this attempt already
    logger.warning("Email %s to %s failed (%s)", row.pk, len(row.to), exc)
    OutgoingEmail.objects.filter(pk=row.pk).update(
        status=Status.FAILED if final else Status.QUEUED,
        next_attempt_at=timezone.now()
        + datetime.timedelta(minutes=2 ** min(row.attempts, 6)),
        error=f"{type(exc).__name__}: {exc}"[:2000],
    )


@task()
def drain_outbox() -> int:
    """Send what the outbox holds; queue another run if it is not empty yet."""
    sent = drain()
    if OutgoingEmail.objects.filter(
        status=Status.QUEUED, next_attempt_at__lte=timezone.now()
    ).exists():
        drain_outbox.enqueue()
    return sent


@periodic.register("core.outbox")
def wake_outbox() -> int:
    """Every minute: make sure something drains what is due (a stale "sending"
    row of a killed worker included), and forget emails done long ago."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.OUTBOX_STALE_SECONDS)
    due = OutgoingEmail.objects.filter(
        Q(status=Status.QUEUED, next_attempt_at__lte=now)
        | Q(status=Status.SENDING, claimed_at__lt=stale)
    )
    if due.exists():
        _enqueue_drain() if not _inline() else drain()
    done_before = now - datetime.timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    deleted, _ = OutgoingEmail.objects.filter(
        Q(status=Status.SENT, sent_at__lt=done_before)
        | Q(status=Status.FAILED, created_at__lt=done_before)
    ).delete()
    return deleted
