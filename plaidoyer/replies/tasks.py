"""Reminders to authorities that did not answer, and emails to the followers of a
recommendation when an authority's reply is published."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from plaidoyer.commitments.models import Follower
from plaidoyer.core import periodic
from plaidoyer.core.mail import send_each_once, send_email

from .models import Reply, ReplyNotification, UpdateRequest
from .services import absolute, send_reminder


@periodic.register("replies.send_reminders")
def send_reminders(now: datetime.datetime | None = None) -> int:
    """Remind, once, every authority asked ``remind_after_days`` ago that has not
    answered."""
    now = now or timezone.now()
    waiting = UpdateRequest.objects.filter(
        reminded_at__isnull=True, answered_at__isnull=True
    ).values_list("pk", "asked_at", "remind_after_days")
    due = [
        pk
        for pk, asked_at, days in waiting
        if asked_at + datetime.timedelta(days=days) <= now
    ]
    return sum(send_reminder(pk, now) for pk in due)


@task()
def notify_reply_published(*, reply_id: int) -> int:
    """Email every confirmed follower of the reply's recommendations, once each."""
    reply = (
        Reply.objects.select_related("authority", "commitment", "recommendation")
        .filter(pk=reply_id, state=Reply.State.ACCEPTED)
        .first()
    )
    if reply is None:
        return 0
    if reply.commitment_id is not None:
        followers = Follower.objects.filter(
            recommendation__commitments=reply.commitment_id
        )
    else:
        followers = Follower.objects.filter(recommendation=reply.recommendation_id)
    followers = (
        followers.filter(confirmed_at__isnull=False)
        .select_related("recommendation")
        .distinct()
    )
    return send_each_once(
        followers,
        claim=lambda follower: ReplyNotification.objects.create(
            follower=follower, reply=reply, sent_at=timezone.now()
        ),
        send=lambda follower: _send(follower, reply),
    )


def _send(follower: Follower, reply: Reply) -> None:
    send_email(
        to=follower.email,
        template="replies/email/published",
        context=lambda: {
            "recommendation": follower.recommendation,
            "reply": reply,
            "url": absolute(
                "commitments:recommendation", code=follower.recommendation.code
            ),
            "unsubscribe_url": absolute("commitments:unfollow", token=follower.token),
        },
        language=follower.language,
    )
