"""Run the task worker, plus a clock that queues the periodic jobs every minute.

Production: run one or more of these (on one or several machines); they share
the PostgreSQL queue. Periodic jobs are idempotent, so several clocks are fine.

The worker outlives the database: when PostgreSQL restarts or the network drops,
it logs the error, waits (1, 2, 4 … at most ``--max-backoff`` seconds) and carries
on where it was, instead of exiting and leaving the queue unattended.
"""

import logging
import threading
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connections
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker

from plaidoyer.core.startup import require_encryption_keys, require_secret_key
from plaidoyer.core.tasks import tick

logger = logging.getLogger("plaidoyer.worker")


def _drop_connections() -> None:
    """Forget every connection, broken ones included, so the next query reconnects."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except DatabaseError:
            conn.connection = None


class ResilientWorker(Worker):
    """django-tasks-db's worker loop, restarted with back-off after database errors."""

    max_backoff = 30.0

    def run(self) -> None:
        backoff = 1.0
        while self.running:
            started = time.monotonic()
            try:
                super().run()
                return
            except DatabaseError as exc:
                if time.monotonic() - started > self.max_backoff:
                    backoff = 1.0  # it ran fine for a while: a new outage
                logger.warning(
                    "Database unavailable (%s); retrying in %.0f s.", exc, backoff
                )
                _drop_connections()
                time.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff)
        return


class Command(BaseCommand):
    help = "Process background tasks and queue the periodic jobs every minute."

    def add_arguments(self, parser):
        parser.add_argument("--tick-seconds", type=float, default=60.0)
        parser.add_argument(
            "--no-clock",
            action="store_true",
            help="Only process tasks; another process keeps the clock.",
        )
        parser.add_argument("--max-backoff", type=float, default=30.0)
        parser.add_argument("--worker-id", default="")

    def handle(
        self,
        *args,
        tick_seconds: float,
        no_clock: bool,
        max_backoff: float,
        worker_id: str,
        **options,
    ):
        require_secret_key()  # the emails it sends carry signed links
        require_encryption_keys()  # the retention job rewrites testimonies
        stop = threading.Event()
        if not no_clock:
            threading.Thread(
                target=self._clock, args=(stop, tick_seconds), daemon=True
            ).start()
        worker = ResilientWorker(
            queue_names=["*"],
            interval=1,
            batch=False,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=True,
            max_tasks=None,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=[],
        )
        worker.max_backoff = max_backoff
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()

    def _clock(self, stop: threading.Event, seconds: float) -> None:
        while True:
            try:
                tick.enqueue()
            except Exception as exc:  # the database may be briefly unreachable
                logger.warning("clock: could not queue the tick: %s", exc)
                _drop_connections()
            finally:
                close_old_connections()
            if stop.wait(seconds):
                return
