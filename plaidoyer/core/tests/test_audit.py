"""audit.action: permission check, audit row and data-version bump in one place."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plaidoyer.core import audit, versions
from plaidoyer.core.models import AuditLog
from plaidoyer.core.versions import Version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_versions(settings):
    settings.DATA_VERSION_TTL = 0


def test_refused_before_anything_is_read_or_written(coordinator):
    with (
        pytest.raises(PermissionDenied),
        audit.action("t.x", by=coordinator, allowed=False, versions=[Version.SITE]),
    ):
        raise AssertionError("the block must not run")
    assert not AuditLog.objects.exists()
    assert versions.current(Version.SITE) == 0


def test_a_change_records_what_changed_and_bumps_its_versions(coordinator):
    with audit.action(
        "t.rename",
        by=coordinator,
        target=coordinator,
        fields=["full_name", "language"],
        versions=[Version.SITE, Version.EVENTS],
    ):
        coordinator.full_name = "Renamed"
        coordinator.save()
    row = AuditLog.objects.get()
    assert (row.action, row.actor, row.target_id) == (
        "t.rename",
        coordinator,
        str(coordinator.pk),
    )
    assert (row.before, row.after) == (
        {"full_name": "Coordinator"},
        {"full_name": "Renamed"},
    )
    assert versions.current(Version.SITE) == versions.current(Version.EVENTS) == 1


def test_an_error_in_the_block_writes_nothing_and_bumps_nothing(coordinator):
    with (
        pytest.raises(ValidationError),
        audit.action(
            "t.x", by=coordinator, target=coordinator, versions=[Version.SITE]
        ),
    ):
        raise ValidationError("no")
    assert not AuditLog.objects.exists()
    assert versions.current(Version.SITE) == 0


def test_stored_takes_before_from_the_database(coordinator):
    coordinator.full_name = "Changed in a form"  # not saved yet
    with audit.action(
        "t.save", by=coordinator, target=coordinator, fields=["full_name"], stored=True
    ):
        coordinator.save()
    row = AuditLog.objects.get()
    assert row.before == {"full_name": "Coordinator"}
    assert row.after == {"full_name": "Changed in a form"}


def test_a_creation_has_no_before_and_a_deletion_keeps_its_id(make_user, coordinator):
    with audit.action("t.create", by=coordinator, fields=["email"]) as change:
        change.target = user = make_user("new@example.org")
    with audit.action("t.delete", by=coordinator, target=user, fields=["email"]):
        pk = user.pk
        user.delete()
    created, deleted = AuditLog.objects.order_by("id")
    # A personal field: the log says it was set, not to what.
    assert (created.before, created.after) == (None, {"email": audit.CHANGED})
    assert (deleted.before, deleted.after) == ({"email": audit.CHANGED}, None)
    assert deleted.target_id == str(pk)


def test_skip_only_if_changed_and_no_row(coordinator):
    with audit.action("t.skip", by=None, versions=[Version.SITE]) as change:
        change.skip()
    with audit.action(
        "t.same",
        by=coordinator,
        target=coordinator,
        fields="__all__",
        versions=[Version.SITE],
        only_if_changed=True,
    ):
        coordinator.save()
    assert not AuditLog.objects.exists()
    assert versions.current(Version.SITE) == 0
    with audit.action("t.quiet", by=None, versions=[Version.SITE]) as change:
        change.no_row()
    assert not AuditLog.objects.exists()
    assert versions.current(Version.SITE) == 1
