"""Every email the platform sends goes through ``send_email``: rendered in the
recipient's language, as plain text (and HTML when the template has an ``.html``
version), sent by ``deliver``.

Plain-text emails are rendered by the "text" template engine (settings.TEMPLATES),
which does not escape HTML: a text email shows "D'Hondt", not "D&#x27;Hondt".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist, engines
from django.utils import translation

from . import outbox, suppressions

# A file attached to an email: (filename, content, MIME type).
Attachment = tuple[str, bytes | str, str]


def render_text(name: str, context: dict) -> str:
    return engines["text"].get_template(name).render(context)


def render_subject(name: str, context: dict) -> str:
    """An email subject: one line, however the template wraps it."""
    return " ".join(render_text(name, context).split())


def render_email(prefix: str, context: dict) -> tuple[str, str]:
    """The subject from ``<prefix>_subject.txt`` and the body from ``<prefix>.txt``.
    Render inside the recipient's language."""
    return render_subject(f"{prefix}_subject.txt", context), render_text(
        f"{prefix}.txt", context
    )


def render_html(prefix: str, context: dict) -> str:
    """The HTML version from ``<prefix>.html``, or "" when the email has none."""
    try:
        template = engines["django"].get_template(f"{prefix}.html")
    except TemplateDoesNotExist:
        return ""
    return template.render(context)


def send_email(
    *,
    to: str | Sequence[str],
    template: str,
    context: dict[str, Any] | Callable[[], dict[str, Any]],
    language: str,
    attachments: Iterable[Attachment] | Callable[[], Iterable[Attachment]] = (),
    headers: dict[str, str] | None = None,
    reply_to: Sequence[str] | None = None,
    key: str | None = None,
) -> None:
    """Render ``template`` (``<template>_subject.txt``, ``<template>.txt`` and, if
    it exists, ``<template>.html``) in ``language`` and send it to ``to``.

    ``context`` and ``attachments`` may be functions, called inside ``language``:
    addresses (``reverse``) and translated fields then come out in it too.
    """
    with translation.override(language):
        values = context() if callable(context) else context
        subject, body = render_email(template, values)
        html = render_html(template, values)
        files = list(attachments() if callable(attachments) else attachments)
    deliver(
        subject=subject,
        body=body,
        html=html,
        to=[to] if isinstance(to, str) else list(to),
        attachments=files,
        headers=headers,
        reply_to=reply_to,
        key=key,
    )


def deliver(
    *,
    subject: str,
    body: str,
    to: Sequence[str],
    html: str = "",
    attachments: Iterable[Attachment] = (),
    headers: dict[str, str] | None = None,
    reply_to: Sequence[str] | None = None,
    key: str | None = None,
) -> None:
    """Hand one rendered email to the outbox: the single place where mail leaves
    the platform. It is sent once the current transaction commits (core.outbox);
    with ``key``, a second email with the same key is never queued. Addresses on
    the suppression list (core.suppressions) are dropped; with none left, nothing
    is queued."""
    to = suppressions.deliverable(list(to))
    if not to:
        return
    outbox.queue(
        subject=subject,
        body=body,
        html=html,
        to=list(to),
        attachments=attachments,
        headers=headers,
        reply_to=reply_to,
        key=key,
    )


def deliver_many(emails: Sequence[dict[str, Any]]) -> None:
    """``deliver()`` for a mailing's batch: each a dict of its keyword arguments
    (no attachments); the suppression list is read once for the batch and the
    outbox rows are written in one statement."""
    gone = suppressions.suppressed_among(a for e in emails for a in e["to"])
    kept = []
    for email in emails:
        to = [a for a in email["to"] if suppressions.normalise(a) not in gone]
        if to:
            kept.append(email | {"to": to})
    outbox.queue_many(kept)


def is_suppressed(address: str) -> bool:
    """True when no email may go to ``address`` (a bounce, a complaint)."""
    return bool(suppressions.suppressed_among([address]))


Recipient = TypeVar("Recipient")


def send_each_once(
    recipients: Iterable[Recipient],
    *,
    claim: Callable[[Recipient], object],
    send: Callable[[Recipient], None],
) -> int:
    """For each recipient, in one transaction: ``claim`` (insert the row a unique
    constraint allows once per recipient and mailing) then ``send``. A recipient
    someone already claimed (another worker, an earlier run) is skipped; a failed
    send rolls its claim back, so that a retry sends it. Return how many were sent.
    """
    sent = 0
    for recipient in recipients:
        try:
            with transaction.atomic():
                claim(recipient)
                send(recipient)
        except IntegrityError:
            continue
        sent += 1
    return sent
