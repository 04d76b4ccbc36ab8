"""Background work shared by every app (run by `manage.py db_worker`)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str = "",
    reply_to: list[str] | None = None,
) -> None:
    """Send one email; the caller has rendered it in the recipient's language."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@task()
def tick() -> dict:
    """Run the periodic jobs of every app (see plaidoyer.core.periodic)."""
    from . import periodic

    return {name: str(result) for name, result in periodic.run_all().items()}
