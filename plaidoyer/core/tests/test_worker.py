"""The worker outlives database outages instead of exiting for good."""

import pytest
from django.db import OperationalError
from django_tasks_db.management.commands import db_worker

from plaidoyer.core.management.commands import worker as worker_command


def _worker():
    return worker_command.ResilientWorker(
        queue_names=["*"],
        interval=0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )


def test_worker_retries_with_growing_backoff_after_database_errors(monkeypatch):
    calls, sleeps = [], []

    def flaky_run(self):
        calls.append(1)
        if len(calls) <= 3:
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(db_worker.Worker, "run", flaky_run)
    monkeypatch.setattr(worker_command.time, "sleep", sleeps.append)
    _worker().run()
    assert len(calls) == 4  # three failures, then it ran again
    assert sleeps == [1.0, 2.0, 4.0]


def test_worker_still_fails_loudly_on_a_programming_error(monkeypatch):
    def broken_run(self):
        raise TypeError("a bug is not an outage")

    monkeypatch.setattr(db_worker.Worker, "run", broken_run)
    with pytest.raises(TypeError):
        _worker().run()


def test_worker_stops_retrying_once_asked_to_stop(monkeypatch):
    w = _worker()

    def failing_run(self):
        self.running = False  # SIGTERM arrived during the outage
        raise OperationalError("gone")

    monkeypatch.setattr(db_worker.Worker, "run", failing_run)
    monkeypatch.setattr(worker_command.time, "sleep", lambda s: None)
    w.run()  # returns instead of looping forever
