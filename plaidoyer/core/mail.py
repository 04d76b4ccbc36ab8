"""Plain-text emails, rendered by the "text" template engine (settings.TEMPLATES),
which does not escape HTML: a text email shows "D'Hondt", not "D&#x27;Hondt"."""

from django.template import engines


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
