"""Emails about recommendations, sent by the worker in each follower's language."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from plaidoyer.core import periodic
from plaidoyer.core.mail import send_each_once, send_email

from . import drafts
from .models import Follower, Notification, StatusUpdate


def _absolute(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


@task()
def send_follow_confirmation(*, follower_id: int) -> None:
    follower = (
        Follower.objects.select_related("recommendation").filter(pk=follower_id).first()
    )
    if follower is None or follower.confirmed_at is not None:
        return
    send_email(
        to=follower.email,
        template="commitments/email/follow_confirm",
        context=lambda: {
            "recommendation": follower.recommendation,
            "confirm_url": _absolute(
                "commitments:follow_confirm", token=follower.token
            ),
            "unsubscribe_url": _absolute("commitments:unfollow", token=follower.token),
        },
        language=follower.language,
    )


@task()
def notify_followers(*, update_id: int) -> int:
    """Email every confirmed follower of the update's recommendations, once each.

    The notification row and the email share one transaction: a second worker
    running the same task waits on the unique row and then skips it, and a failed
    send rolls the row back so a retry sends it.
    """
    update = (
        StatusUpdate.objects.select_related("commitment__authority")
        .filter(pk=update_id)
        .first()
    )
    if update is None:
        return 0
    followers = (
        Follower.objects.filter(
            recommendation__commitments=update.commitment, confirmed_at__isnull=False
        )
        .select_related("recommendation")
        .distinct()
    )
    return send_each_once(
        followers,
        claim=lambda follower: Notification.objects.create(
            follower=follower, update=update, sent_at=timezone.now()
        ),
        send=lambda follower: _send_status_email(follower, update),
    )


def _send_status_email(follower: Follower, update: StatusUpdate) -> None:
    send_email(
        to=follower.email,
        template="commitments/email/status_changed",
        context=lambda: {
            "recommendation": follower.recommendation,
            "update": update,
            "commitment": update.commitment,
            "url": _absolute(
                "commitments:recommendation", code=follower.recommendation.code
            ),
            "unsubscribe_url": _absolute("commitments:unfollow", token=follower.token),
        },
        language=follower.language,
    )


@periodic.register("commitments.purge_pending_evidence")
def purge_pending_evidence() -> int:
    return drafts.purge_pending()
