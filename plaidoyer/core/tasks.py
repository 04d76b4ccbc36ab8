"""Background work shared by every app (run by `manage.py db_worker`)."""

from django_tasks import task

from . import mail, periodic, ratelimit


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
    mail.deliver(subject=subject, body=body, to=to, html=html, reply_to=reply_to)


@periodic.register("core.purge_rate_limits")
def purge_rate_limits() -> int:
    return ratelimit.purge_expired()


@task()
def tick() -> dict:
    """Run the periodic jobs of every app (see plaidoyer.core.periodic)."""
    return {name: str(result) for name, result in periodic.run_all().items()}
