from django.conf import settings
from django.urls import reverse
from django_tasks import task

from plaidoyer.core import periodic
from plaidoyer.core.mail import send_email

from . import services
from .models import Action


@task()
def send_action_confirmation(*, action_id: int) -> None:
    action = (
        Action.objects.select_related("case", "campaign").filter(pk=action_id).first()
    )
    if action is None or action.confirmed_at is not None or not action.email:
        return
    send_email(
        to=action.email,
        template="campaigns/email/confirm",
        context=lambda: {
            "action": action,
            "case": action.case,
            "campaign": action.campaign,
            "confirm_url": settings.SITE_URL
            + reverse("campaigns:confirm", kwargs={"token": action.token}),
        },
        language=action.language,
    )


@task()
def send_already_written(*, action_id: int) -> None:
    """Tell someone who wrote again for a case that their first letter stands."""
    action = (
        Action.objects.select_related("case", "campaign").filter(pk=action_id).first()
    )
    if action is None or not action.email:
        return
    send_email(
        to=action.email,
        template="campaigns/email/already_written",
        context=lambda: {
            "action": action,
            "case": action.case,
            "campaign": action.campaign,
            "confirm_url": ""
            if action.confirmed_at
            else settings.SITE_URL
            + reverse("campaigns:confirm", kwargs={"token": action.token}),
        },
        language=action.language,
    )


@periodic.register("campaigns.expire_unconfirmed")
def expire_unconfirmed() -> int:
    return services.expire_unconfirmed()


@periodic.register("campaigns.anonymise")
def anonymise() -> int:
    return services.anonymise_closed()
