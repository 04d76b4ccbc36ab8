"""Every email the platform sends goes through ``send_email``: rendered in the
recipient's language, as plain text and HTML, sent by ``deliver``.

Plain-text emails are rendered by the "text" template engine (settings.TEMPLATES),
which does not escape HTML: a text email shows "D'Hondt", not "D&#x27;Hondt".
The text is the source of truth: the HTML part (``html_email``) is the
coalition's branded layout (core/email/base.html) around the text made into
paragraphs, lists and links, escaped; or around ``<template>.html`` where an
email has one (the newsletter).

The layout's CSS is inlined (css-inline) once per identity and language, then
only the subject, content and unsubscribe address are put in, so that a mailing
pays for the layout once, not per recipient.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import Any, TypeVar
from urllib.parse import urlsplit

import css_inline
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist, engines
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from . import identity as site_identity
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


def render_html(
    prefix: str, context: dict, *, subject: str, body: str, content: str | None = None
) -> str:
    """The HTML part of an email: the layout around ``<prefix>.html`` when the
    email has one, else around ``body`` (its plain text). Render inside the
    recipient's language."""
    if content is None:
        try:
            template = engines["django"].get_template(f"{prefix}.html")
        except TemplateDoesNotExist:
            pass
        else:
            content = template.render(context)
    return html_email(
        subject=subject,
        body=body,
        content=content,
        unsubscribe_url=str(context.get("unsubscribe_url") or ""),
    )


# Where the per-email parts go in the inlined layout: plain words, which the
# inliner keeps as they are, and which escaped text cannot forge (see _fill).
_TITLE, _CONTENT, _UNSUBSCRIBE = (
    "PLAIDOYER-EMAIL-TITLE",
    "PLAIDOYER-EMAIL-CONTENT",
    "PLAIDOYER-EMAIL-UNSUBSCRIBE",
)
_SLOT = re.compile(f"{_TITLE}|{_CONTENT}|{_UNSUBSCRIBE}")
_layouts: dict[tuple, tuple[str, str]] = {}
_inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def html_email(
    *, subject: str, body: str, content: str | None = None, unsubscribe_url: str = ""
) -> str:
    """The branded HTML version of an email: ``content`` (HTML, escaped already)
    or else the plain-text ``body`` made into HTML, in the coalition's layout,
    with an unsubscribe link in the footer when there is ``unsubscribe_url``
    (the text's own unsubscribe line then stays out of the HTML body)."""
    layout, content_css = _layout(bool(unsubscribe_url))
    if content is None:
        content = text_to_html(body, leave_out=unsubscribe_url)
    values = {
        _TITLE: escape(subject),
        _CONTENT: css_inline.inline_fragment(
            content, content_css, load_remote_stylesheets=False
        ),
        _UNSUBSCRIBE: escape(unsubscribe_url),
    }
    return _fill(layout, values)


def _fill(layout: str, values: dict[str, str]) -> str:
    # One pass: a slot's word inside a value (a subject that names it) stays text.
    return _SLOT.sub(lambda m: values[m.group(0)], layout)


def _layout(unsubscribe: bool) -> tuple[str, str]:
    """The inlined layout for the current identity and language, and the CSS of
    the content, built once per process for each."""
    identity = site_identity.get()
    language = translation.get_language() or settings.LANGUAGE_CODE
    logo = identity.logo.name if identity.logo else ""
    key = (
        identity.name,
        logo,
        identity.accent_colour,
        identity.publisher_name,
        identity.publisher_address,
        identity.publisher_responsible,
        identity.publisher_email,
        settings.SITE_URL,
        language,
        unsubscribe,
    )
    if key not in _layouts:
        accent = identity.accent_colour
        if site_identity.parse_colour(accent) is None:
            accent = "#1f4e8c"
        try:
            home = settings.SITE_URL + reverse("news:home")
        except NoReverseMatch:
            home = settings.SITE_URL + "/"
        # Many mail clients show no SVG: the name alone then.
        raster = logo and not logo.lower().endswith(".svg")
        html = (
            engines["django"]
            .get_template("core/email/base.html")
            .render(
                {
                    "language": language,
                    "identity": identity,
                    "accent": accent,
                    "logo_url": _absolute(identity.logo.url) if raster else "",
                    "home_url": home,
                    "site_host": urlsplit(settings.SITE_URL).netloc
                    or settings.SITE_URL,
                    "title": _TITLE,
                    "content": _CONTENT,
                    "unsubscribe": _UNSUBSCRIBE if unsubscribe else "",
                }
            )
        )
        if len(_layouts) > 64:  # identities and languages change rarely
            _layouts.clear()
        _layouts[key] = (
            _inliner.inline(html),
            _CONTENT_CSS.replace("ACCENT", accent),
        )
    return _layouts[key]


# The content's elements, inlined into each email's content (a few µs).
_CONTENT_CSS = """
p { margin: 0 0 16px; font-size: 16px; line-height: 1.5; }
ul, ol { margin: 0 0 16px; padding-left: 24px; font-size: 16px; line-height: 1.5; }
li { margin: 0 0 8px; }
h2 { margin: 24px 0 8px; font-size: 20px; line-height: 1.3; }
h3 { margin: 16px 0 8px; font-size: 18px; line-height: 1.3; }
a { color: ACCENT; text-decoration: underline; word-break: break-word; }
"""


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


_URL = re.compile(r"https?://[^\s<>\"'`]+")
_TRAILING = ".,;:!?)»”’"


def _line(text: str) -> str:
    """One line, escaped, its web addresses made links."""
    out, start = [], 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        out.append(escape(text[start : match.start()]))
        out.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        start = match.start() + len(url)
    out.append(escape(text[start:]))
    return "".join(out)


def text_to_html(text: str, *, leave_out: str = "") -> str:
    """A plain-text email as HTML: paragraphs at blank lines, line breaks, "- "
    items as a list, addresses as links; every character escaped. Lines that
    contain ``leave_out`` (the unsubscribe address, in the footer) are left out."""
    blocks = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        lines = [
            line.rstrip()
            for line in paragraph.split("\n")
            if line.strip() and not (leave_out and leave_out in line)
        ]
        if not lines:
            continue
        if lines[0].lstrip().startswith("- "):
            items: list[list[str]] = []
            for line in lines:
                if line.lstrip().startswith("- ") or not items:
                    items.append([_line(line.lstrip().removeprefix("- "))])
                else:
                    items[-1].append(_line(line.strip()))
            blocks.append(
                "<ul>"
                + "".join(f"<li>{'<br>'.join(item)}</li>" for item in items)
                + "</ul>"
            )
        else:
            blocks.append("<p>" + "<br>".join(_line(line) for line in lines) + "</p>")
    return "\n".join(blocks)


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
    it exists, ``<template>.html``) in ``language`` and send it to ``to``, as
    text and branded HTML (``html_email``).

    ``context`` and ``attachments`` may be functions, called inside ``language``:
    addresses (``reverse``) and translated fields then come out in it too.
    """
    with translation.override(language):
        values = context() if callable(context) else context
        subject, body = render_email(template, values)
        html = render_html(template, values, subject=subject, body=body)
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
