"""The worker logs at the levels the settings give, not at its verbosity's."""

import logging

from plaidoyer.core.management.commands.worker import TaskWorker


def test_worker_keeps_the_configured_task_log_level():
    # `make run` sets TASKS_LOG_LEVEL=WARNING: a line per task buried the URL and
    # the demo login it had just printed.
    logger = logging.getLogger("django_tasks_db")
    before = logger.level
    logger.setLevel(logging.WARNING)
    try:
        TaskWorker().configure_logging(verbosity=1)
        assert logger.level == logging.WARNING
    finally:
        logger.setLevel(before)
