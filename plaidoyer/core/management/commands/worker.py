"""Run the task worker, plus a clock that queues the periodic jobs every minute.

Production: run one or more of these (on one or several machines); they share
the PostgreSQL queue. Periodic jobs are idempotent, so several clocks are fine.
"""

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_tasks_db.management.commands.db_worker import Command as DbWorker

from plaidoyer.core.startup import require_encryption_keys, require_secret_key


class TaskWorker(DbWorker):
    """django-tasks-db's worker, logging at the levels settings.LOGGING gives
    (TASKS_LOG_LEVEL) instead of those of its verbosity, which printed a line per
    task even when `make run` asked for warnings only."""

    def configure_logging(self, verbosity: int) -> None:
        pass


class Command(BaseCommand):
    help = "Process background tasks and queue the periodic jobs every minute."

    def add_arguments(self, parser):
        parser.add_argument("--tick-seconds", type=float, default=60.0)
        parser.add_argument(
            "--no-clock",
            action="store_true",
            help="Only process tasks; another process keeps the clock.",
        )

    def handle(self, *args, tick_seconds: float, no_clock: bool, **options):
        require_secret_key()  # the emails it sends carry signed links
        require_encryption_keys()  # the retention job rewrites testimonies
        stop = threading.Event()
        if not no_clock:
            threading.Thread(
                target=self._clock, args=(stop, tick_seconds), daemon=True
            ).start()
        try:
            call_command(TaskWorker(), queue_name="*", interval=1, reload=False)
        finally:
            stop.set()

    def _clock(self, stop: threading.Event, seconds: float) -> None:
        from django.db import close_old_connections

        from plaidoyer.core.tasks import tick

        while True:
            try:
                tick.enqueue()
            except Exception as exc:  # the database may be briefly unreachable
                self.stderr.write(f"clock: could not queue the tick: {exc}")
            finally:
                close_old_connections()
            if stop.wait(seconds):
                return
