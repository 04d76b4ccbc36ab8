"""Real threads racing on PostgreSQL: one decision per label application."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from plaidoyer.campaigns import services
from plaidoyer.campaigns.models import (
    Criterion,
    Evidence,
    LabelApplication,
    LabelProgramme,
)
from plaidoyer.core.models import AuditLog
from plaidoyer.places.models import Municipality

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers itself; the row lock matters on PostgreSQL",
)


@pytest.mark.postgres_only
@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_coordinators_deciding_at_once_give_one_decision(
    coordinator, make_user, monkeypatch
):
    second = make_user("second@example.org", is_coordinator=True, is_staff=True)
    programme = LabelProgramme.objects.create(slug="vl-race", name_fr="Ville")
    criterion = Criterion.objects.create(programme=programme, text_fr="Adopter")
    application = LabelApplication.objects.create(
        programme=programme,
        year=2025,
        municipality=Municipality.objects.get(nis_code="92094"),
    )
    Evidence.objects.create(
        application=application, criterion=criterion, validated=True
    )
    check = services._check_decision

    def slow_check(application, status):
        check(application, status)
        time.sleep(0.3)  # both would have passed the check by now

    monkeypatch.setattr(services, "_check_decision", slow_check)
    barrier = threading.Barrier(2)
    done, refused, errors = [], [], []

    def decide(by):
        try:
            # Each coordinator's page read the application as a candidate.
            seen = LabelApplication.objects.get(pk=application.pk)
            barrier.wait()
            services.decide_application(by=by, application=seen, status="awarded")
            done.append(by)
        except ValidationError as exc:
            refused.append(exc)
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [
        threading.Thread(target=decide, args=(u,)) for u in (coordinator, second)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(done) == 1 and len(refused) == 1
    assert refused[0].code == "stale"
    assert LabelApplication.objects.get(pk=application.pk).status == "awarded"
    assert AuditLog.objects.filter(action="campaigns.decide_application").count() == 1
