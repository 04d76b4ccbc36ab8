"""Plain-text emails, rendered by the "text" template engine (settings.TEMPLATES),
which does not escape HTML: a text email shows "D'Hondt", not "D&#x27;Hondt"."""

from django.template import engines


def render_text(name: str, context: dict) -> str:
    return engines["text"].get_template(name).render(context)


def render_email(prefix: str, context: dict) -> tuple[str, str]:
    """The subject, on one line, from ``<prefix>_subject.txt``; the body from
    ``<prefix>.txt``. Render inside the recipient's language."""
    subject = " ".join(render_text(f"{prefix}_subject.txt", context).split())
    return subject, render_text(f"{prefix}.txt", context)
