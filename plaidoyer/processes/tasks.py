"""Consultation notifications, in each recipient's language."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from plaidoyer.accounts.models import User
from plaidoyer.core import periodic
from plaidoyer.core.mail import send_email

from .models import Comment, Draft, Phase


def _send(user: User, template: str, context: dict) -> None:
    send_email(
        to=user.email,
        template=f"processes/email/{template}",
        context=context,
        language=user.language,
    )


def _participants(process) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, staff_roles__organisation__process_roles__process=process
        ).distinct()
    )


def _claim(phase: Phase, field: str, now) -> bool:
    return bool(
        Phase.objects.filter(pk=phase.pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
    )


@periodic.register("processes.consultation_notices")
def consultation_notices(now: datetime.datetime | None = None) -> int:
    """Tell participants when a consultation opens, and a week before it closes."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    consultations = Phase.objects.filter(
        kind=Phase.Kind.CONSULTATION, starts_on__lte=today, ends_on__gte=today
    ).select_related("process")
    for phase in consultations:
        for field, template, due in (
            ("opening_notified_at", "consultation_open", True),
            (
                "closing_notified_at",
                "consultation_closing",
                phase.ends_on - datetime.timedelta(days=7) <= today,
            ),
        ):
            if not due:
                continue
            with transaction.atomic():
                if not _claim(phase, field, now):
                    continue
                url = settings.SITE_URL + phase.process.get_absolute_url()
                for user in _participants(phase.process):
                    _send(
                        user,
                        template,
                        {"phase": phase, "process": phase.process, "url": url},
                    )
                    sent += 1
    return sent


@task()
def notify_commenters(*, draft_id: int) -> int:
    draft = Draft.objects.select_related("process").get(pk=draft_id)
    authors = User.objects.filter(
        pk__in=Comment.objects.filter(draft=draft).values("author_id"), is_active=True
    )
    url = settings.SITE_URL + draft.get_absolute_url()
    for user in authors:
        _send(user, "draft_changed", {"draft": draft, "url": url})
    return authors.count()
