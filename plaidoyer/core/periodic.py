"""Periodic jobs: registered by apps, run every minute by the worker's tick task.

Jobs must be idempotent (they claim rows before acting), so several workers
ticking at once, or a tick repeated after a crash, never do the work twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)
_jobs: dict[str, Callable[[], object]] = {}


def register(name: str):
    """Register ``func`` as a periodic job (use as a decorator in an app's tasks.py)."""

    def decorator(func: Callable[[], object]) -> Callable[[], object]:
        _jobs[name] = func
        return func

    return decorator


def jobs() -> dict[str, Callable[[], object]]:
    return dict(_jobs)


def run_all() -> dict[str, object]:
    """Run every job once; a failing job is logged and does not stop the others."""
    results = {}
    for name, func in _jobs.items():
        try:
            results[name] = func()
        except Exception:  # one broken job must not starve the rest
            logger.exception("Periodic job %s failed", name)
            results[name] = "error"
    return results
