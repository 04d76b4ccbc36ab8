"""Several workers tick at once: each testimony is purged once, with one audit row."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from plaidoyer.core.models import AuditLog
from plaidoyer.help import services
from plaidoyer.help.models import Testimony

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers itself; the race matters on PostgreSQL",
)


@pytest.mark.postgres_only
@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workers_purging_at_once_purge_each_testimony_once(testify):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400)):
        for _ in range(10):
            testify(consent_referral=False)  # closed at once
    threads = 6
    barrier = threading.Barrier(threads)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(services.purge_expired())
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=run) for _i in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    assert errors == []
    assert sum(results) == 10
    assert AuditLog.objects.filter(action="help.purge_testimony").count() == 10
    assert not Testimony.objects.filter(purged_at=None).exists()
