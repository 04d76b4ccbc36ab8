"""Housekeeping of the task queue (django-tasks' database backend).

A worker killed mid-task (SIGKILL, a machine lost) leaves its task "running" for
ever: after ``TASK_STALE_SECONDS`` it is made ready again, so another worker runs
it. Tasks are written to bear that: emails go through the outbox, whose keys
and claims keep a repeated run from sending twice. Finished tasks keep their
arguments (addresses, reset links, contact messages): they are deleted
``TASK_RETENTION_DAYS`` after they finished.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import periodic


@periodic.register("core.task_queue")
def tidy_task_queue() -> dict[str, int]:
    now = timezone.now()
    stale_before = now - datetime.timedelta(seconds=settings.TASK_STALE_SECONDS)
    requeued = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=stale_before
    ).update(status=TaskResultStatus.READY, started_at=None)
    done_before = now - datetime.timedelta(days=settings.TASK_RETENTION_DAYS)
    purged, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=done_before,
    ).delete()
    return {"requeued": requeued, "purged": purged}
