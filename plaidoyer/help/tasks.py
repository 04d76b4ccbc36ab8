"""Emails and periodic jobs of the help module. Tasks get ids, never a text or an
address: the task queue stores its arguments in clear."""

from django.conf import settings
from django_tasks import task

from plaidoyer.core import periodic
from plaidoyer.core.mail import send_email

from . import crypto, services
from .models import Message, Testimony


@task()
def notify_handlers(*, testimony_id: int, template: str) -> int:
    """Email each designated handler of the testimony a link to it."""
    testimony = Testimony.objects.filter(pk=testimony_id, purged_at=None).first()
    if testimony is None or testimony.organisation_id is None:
        return 0
    handlers = services.handlers_of(testimony)
    for user in handlers:
        send_email(
            to=user.email,
            template=template,
            context=lambda: {
                "url": settings.SITE_URL + testimony.get_absolute_url(),
                "number": testimony.pk,
            },
            language=user.language or "fr",
        )
    return len(handlers)


@task()
def notify_person(*, message_id: int) -> bool:
    """Email the person the private link to a message written to them."""
    message = (
        Message.objects.select_related("testimony__organisation")
        .filter(pk=message_id, testimony__purged_at=None)
        .first()
    )
    if message is None:
        return False
    testimony = message.testimony
    email = crypto.decrypt_json(testimony.contact).get("email")
    if not email:
        return False
    organisation = testimony.organisation.name if testimony.organisation else ""
    send_email(
        to=email,
        template="help/email/message_to_person",
        context=lambda: {
            "url": services.reply_url(testimony),
            "organisation": organisation,
        },
        language=testimony.language,
    )
    return True


@periodic.register("help.purge_testimonies")
def purge_testimonies() -> int:
    """Delete the personal data of testimonies closed beyond the retention time."""
    return services.purge_expired()
