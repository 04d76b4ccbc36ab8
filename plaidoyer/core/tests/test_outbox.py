"""The outbox sends each email once, survives a killed worker with at most one
duplicate, retries failures, and forgets what it sent."""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from plaidoyer.core import outbox, taskqueue
from plaidoyer.core.models import OutgoingEmail

pytestmark = pytest.mark.django_db
Status = OutgoingEmail.Status


def _row(**fields) -> OutgoingEmail:
    fields = {
        "to": ["ana@example.org"],
        "subject": "Lien",
        "body": "https://visio.example.org",
        "next_attempt_at": timezone.now(),
    } | fields
    return OutgoingEmail.objects.create(**fields)


def test_queued_email_is_sent_once_with_its_parts():
    outbox.queue(
        subject="Votre lien",
        body="Texte",
        html="<p>Texte</p>",
        to=["ana@example.org"],
        attachments=[("event.ics", "BEGIN:VCALENDAR", "text/calendar")],
        headers={"List-Unsubscribe": "<https://example.org/u>"},
        reply_to=["org@example.org"],
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Votre lien" and message.reply_to == ["org@example.org"]
    assert message.alternatives[0][0] == "<p>Texte</p>"
    assert message.attachments[0][:2] == ("event.ics", "BEGIN:VCALENDAR")
    assert message.extra_headers["List-Unsubscribe"] == "<https://example.org/u>"
    row = OutgoingEmail.objects.get()
    assert row.status == Status.SENT and row.sent_at and row.attempts == 1
    assert outbox.drain() == 0  # nothing is sent twice
    assert len(mail.outbox) == 1


def test_a_producer_that_runs_twice_queues_the_email_once():
    for _ in range(2):
        outbox.queue(subject="Lien", body="x", to=["a@example.org"], key="link:7:1")
    assert len(mail.outbox) == 1 and OutgoingEmail.objects.count() == 1


def test_an_email_left_sending_by_a_killed_worker_is_sent_again_once_stale(settings):
    settings.OUTBOX_STALE_SECONDS = 300
    now = timezone.now()
    _row(status=Status.SENDING, claimed_at=now - datetime.timedelta(seconds=60))
    assert outbox.drain() == 0  # its worker may still be sending it
    with time_machine.travel(now + datetime.timedelta(seconds=301), tick=False):
        assert outbox.drain() == 1
    assert len(mail.outbox) == 1


def test_failed_sends_are_retried_with_backoff_then_given_up(settings, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    row = _row()
    start = timezone.now()
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        with time_machine.travel(start + datetime.timedelta(days=attempt), tick=False):
            assert outbox.drain() == 0
        row.refresh_from_db()
        assert row.attempts == attempt
        assert "smtp down" in row.error
    assert row.status == Status.FAILED
    with time_machine.travel(start + datetime.timedelta(days=30), tick=False):
        assert outbox.claim(10) == []


def test_done_emails_are_forgotten_after_the_retention(settings):
    settings.OUTBOX_RETENTION_DAYS = 7
    old = timezone.now() - datetime.timedelta(days=8)
    _row(status=Status.SENT, sent_at=old)
    kept = _row(status=Status.SENT, sent_at=timezone.now())
    outbox.wake_outbox()
    assert list(OutgoingEmail.objects.values_list("pk", flat=True)) == [kept.pk]


def test_stale_running_tasks_run_again_and_finished_ones_are_purged(settings):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from plaidoyer.core.tasks import tick

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_STALE_SECONDS, settings.TASK_RETENTION_DAYS = 900, 7
    killed, done = tick.enqueue(), tick.enqueue()
    now = timezone.now()
    DBTaskResult.objects.filter(pk=killed.id).update(
        status=TaskResultStatus.RUNNING, started_at=now - datetime.timedelta(hours=1)
    )
    DBTaskResult.objects.filter(pk=done.id).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=now - datetime.timedelta(days=8)
    )
    assert taskqueue.tidy_task_queue() == {"requeued": 1, "purged": 1}
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_draining_at_once_send_each_email_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    OutgoingEmail.objects.bulk_create(
        OutgoingEmail(
            to=[f"p{i}@example.org"],
            subject="Lien",
            body="x",
            next_attempt_at=timezone.now(),
        )
        for i in range(300)
    )
    barrier = threading.Barrier(4)

    def work():
        barrier.wait()
        try:
            outbox.drain(batch=7)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 300 and len(set(recipients)) == 300
    assert OutgoingEmail.objects.filter(status=Status.SENT).count() == 300
