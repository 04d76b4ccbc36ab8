import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from plaidoyer.commitments import selectors, services
from plaidoyer.commitments.models import (
    BarometerStatus,
    Follower,
    Memorandum,
    Notification,
    Recommendation,
    StatusUpdate,
)
from plaidoyer.commitments.tasks import notify_followers
from plaidoyer.core.models import AuditLog
from plaidoyer.core.ratelimit import RateLimited

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.mark.parametrize(
    "statuses,expected",
    [
        ([], "no_commitment"),
        (["announced"], "announced"),
        (["stalled", "announced"], "announced"),
        (["abandoned", "implemented"], "implemented"),
        (["stalled", "abandoned"], "stalled"),
        (["abandoned"], "abandoned"),
        (["in_progress", "partly_implemented", "not_started"], "partly_implemented"),
    ],
)
def test_barometer_status_rule(statuses, expected):
    assert services.barometer_status_for(statuses) == expected


def test_current_status_is_derived_from_the_latest_update(barometer, coordinator):
    commitment = barometer["commitment"]
    services.record_status_update(
        by=coordinator,
        commitment=commitment,
        date=datetime.date(2025, 1, 10),
        status="implemented",
        progress=100,
    )
    # An older update recorded later does not move the current status back.
    services.record_status_update(
        by=coordinator,
        commitment=commitment,
        date=datetime.date(2024, 6, 1),
        status="in_progress",
        progress=30,
    )
    commitment.refresh_from_db()
    assert (commitment.status, commitment.progress) == ("implemented", 100)
    assert commitment.last_update_on == datetime.date(2025, 1, 10)
    barometer["recs"]["EMP-01"].refresh_from_db()
    assert barometer["recs"]["EMP-01"].barometer_status == "implemented"
    assert barometer["recs"]["EMP-02"].barometer_status == "no_commitment"


def test_authority_report_is_kept_beside_the_coalition_assessment(
    barometer, coordinator
):
    commitment = barometer["commitment"]
    services.record_status_update(
        by=coordinator,
        commitment=commitment,
        date=TODAY,
        status="implemented",
        progress=100,
        source="authority",
    )
    commitment.refresh_from_db()
    assert commitment.status == "announced"
    assert (commitment.authority_status, commitment.authority_progress) == (
        "implemented",
        100,
    )


def test_a_correction_is_a_new_update_that_says_so(barometer, coordinator):
    commitment = barometer["commitment"]
    wrong = services.record_status_update(
        by=coordinator,
        commitment=commitment,
        date=datetime.date(2024, 5, 1),
        status="implemented",
    )
    fix = services.record_status_update(
        by=coordinator,
        commitment=commitment,
        date=datetime.date(2024, 5, 2),
        status="in_progress",
        note="Erreur de saisie",
        corrects=wrong,
    )
    assert StatusUpdate.objects.filter(commitment=commitment).count() == 3
    assert fix.corrects == wrong
    commitment.refresh_from_db()
    assert commitment.status == "in_progress"


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"date": datetime.date(2020, 1, 1)}, "date"),
        ({"date": TODAY + datetime.timedelta(days=2)}, "date"),
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ({"evidence_url": "JaVaScRiPt:alert(1)"}, "evidence_url"),
        ({"note": "x" * 5001}, "note"),
        ({"status": "done"}, "status"),
    ],
)
def test_bad_status_updates_are_refused_and_nothing_is_written(
    barometer, coordinator, kwargs, field
):
    commitment = barometer["commitment"]
    before = StatusUpdate.objects.count()
    audit_before = AuditLog.objects.count()
    values = {"date": TODAY, "status": "in_progress", **kwargs}
    with pytest.raises(ValidationError) as excinfo:
        services.record_status_update(by=coordinator, commitment=commitment, **values)
    assert field in excinfo.value.message_dict
    assert StatusUpdate.objects.count() == before
    assert AuditLog.objects.count() == audit_before
    commitment.refresh_from_db()
    assert commitment.status == "announced"


def test_only_coordinators_change_commitments(barometer, staff_user, make_user):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), staff_user, make_user("someone@example.org")):
        with pytest.raises(PermissionDenied):
            services.record_status_update(
                by=user,
                commitment=barometer["commitment"],
                date=TODAY,
                status="implemented",
            )
        with pytest.raises(PermissionDenied):
            services.create_commitment(
                by=user,
                authority=barometer["namur"],
                recommendations=[barometer["recs"]["LOG-01"]],
                title="x",
                committed_on=TODAY,
            )
    assert StatusUpdate.objects.count() == 1


def test_every_write_is_audited(barometer, coordinator):
    services.record_status_update(
        by=coordinator,
        commitment=barometer["commitment"],
        date=TODAY,
        status="in_progress",
    )
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "commitments.save_recommendation",
        "commitments.publish_memorandum",
        "commitments.create_commitment",
        "commitments.record_status_update",
    } <= actions


def test_overview_changes_at_once_after_an_update(barometer, coordinator):
    before = selectors.barometer_overview()
    assert before["overall"] == {"announced": 1, "no_commitment": 2}
    services.record_status_update(
        by=coordinator,
        commitment=barometer["commitment"],
        date=TODAY,
        status="implemented",
    )
    after = selectors.barometer_overview()
    assert after["overall"] == {"implemented": 1, "no_commitment": 2}
    assert dict(after["by_sector"])["Emploi"] == {"implemented": 1, "no_commitment": 1}


def test_stale_commitments_are_counted(barometer, settings):
    settings.BAROMETER_STALE_MONTHS = 1
    assert selectors.barometer_overview()["stale"] == 1


def test_derived_edition_keeps_codes_and_history(barometer, coordinator):
    first = barometer["memorandum"]
    second = services.derive_edition(
        by=coordinator, source=first, title="Mémorandum", year=2026
    )
    assert second.state == Memorandum.State.DRAFT
    assert set(second.items.values_list("recommendation__code", flat=True)) == {
        "EMP-01",
        "EMP-02",
        "LOG-01",
    }
    item = second.items.get(recommendation__code="EMP-01")
    item.title_fr = "Généraliser les tests de situation, aussi dans le privé"
    item.save()
    services.publish_memorandum(by=coordinator, memorandum=second)
    first.refresh_from_db()
    assert first.state == Memorandum.State.SUPERSEDED
    rec = selectors.get_recommendation("EMP-01")
    assert rec.title_fr == "Généraliser les tests de situation, aussi dans le privé"
    assert [i.memorandum.edition for i in rec.editions] == [2, 1]
    assert len(rec.commitment_list) == 1  # commitments follow the stable code


def test_follow_needs_confirmation_and_emails_once_per_change(
    barometer, coordinator, django_capture_on_commit_callbacks
):
    rec = barometer["recs"]["EMP-01"]
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_recommendation(
            recommendation=rec, email="Ana@Example.org", language="nl", ip="10.0.0.1"
        )
    assert len(mail.outbox) == 1
    assert (
        "bevestig" in mail.outbox[0].body.lower()
        or "confirm" in mail.outbox[0].body.lower()
    )
    follower = Follower.objects.get()
    assert follower.email == "ana@example.org" and follower.confirmed_at is None
    # Unconfirmed followers get nothing.
    with django_capture_on_commit_callbacks(execute=True):
        services.record_status_update(
            by=coordinator,
            commitment=barometer["commitment"],
            date=TODAY,
            status="in_progress",
        )
    assert len(mail.outbox) == 1
    services.confirm_follow(token=follower.token)
    with django_capture_on_commit_callbacks(execute=True):
        update = services.record_status_update(
            by=coordinator,
            commitment=barometer["commitment"],
            date=TODAY,
            status="implemented",
        )
    assert len(mail.outbox) == 2
    assert "EMP-01" in mail.outbox[1].subject
    assert follower.token in mail.outbox[1].body  # unsubscribe link
    # The task running again (worker restart, second worker) sends nothing more.
    notify_followers.call(update_id=update.pk)
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 1
    assert services.unfollow(token=follower.token)
    assert not Follower.objects.exists()


def test_follow_does_not_reveal_existing_subscriptions_and_is_rate_limited(barometer):
    rec = barometer["recs"]["EMP-01"]
    for _ in range(services.FOLLOW_LIMIT):
        services.follow_recommendation(
            recommendation=rec, email="a@example.org", language="fr", ip="10.0.0.2"
        )
    assert Follower.objects.count() == 1
    with pytest.raises(RateLimited):
        services.follow_recommendation(
            recommendation=rec, email="b@example.org", language="fr", ip="10.0.0.2"
        )
    assert Follower.objects.count() == 1


def test_bulk_status_update(barometer, coordinator):
    second = services.create_commitment(
        by=coordinator,
        authority=barometer["namur"],
        recommendations=[barometer["recs"]["LOG-01"]],
        title="Tests logement",
        committed_on=datetime.date(2024, 1, 1),
    )
    services.bulk_record_status(
        by=coordinator,
        commitments=[barometer["commitment"], second],
        status="stalled",
        date=TODAY,
        note="Aucune nouvelle",
    )
    assert set(
        Recommendation.objects.filter(code__in=["EMP-01", "LOG-01"]).values_list(
            "barometer_status", flat=True
        )
    ) == {BarometerStatus.STALLED}
