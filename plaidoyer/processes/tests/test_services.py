import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from plaidoyer.core.models import AuditLog
from plaidoyer.processes import selectors, services, tasks
from plaidoyer.processes.models import Comment, Draft, Endorsement, Phase


@pytest.mark.django_db
def test_participants_comment_and_endorse_during_consultation(
    process, draft, staff_user, organisation
):
    services.comment(
        by=staff_user, draft=draft, organisation=organisation, body="D'accord."
    )
    services.endorse(
        by=staff_user, draft=draft, organisation=organisation, reason="Urgent"
    )
    draft.refresh_from_db()
    assert (draft.comment_count, draft.endorsement_count) == (1, 1)
    with pytest.raises(ValidationError) as excinfo:
        services.endorse(by=staff_user, draft=draft, organisation=organisation)
    assert excinfo.value.code == "duplicate"
    assert Endorsement.objects.count() == 1


@pytest.mark.django_db
def test_nothing_outside_the_consultation_phase(
    process, draft, staff_user, organisation
):
    Phase.objects.update(
        starts_on=timezone.localdate() + datetime.timedelta(days=1),
        ends_on=timezone.localdate() + datetime.timedelta(days=9),
    )
    for call in (
        lambda: services.comment(
            by=staff_user, draft=draft, organisation=organisation, body="x"
        ),
        lambda: services.endorse(by=staff_user, draft=draft, organisation=organisation),
    ):
        with pytest.raises(ValidationError):
            call()
    assert not Comment.objects.exists() and not Endorsement.objects.exists()


@pytest.mark.django_db
def test_non_participating_organisations_cannot_take_part(process, draft):
    with pytest.raises(PermissionDenied):
        services.comment(
            by=process["outsider"],
            draft=draft,
            organisation=process["outsider_org"],
            body="x",
        )
    with pytest.raises(PermissionDenied):
        services.endorse(
            by=process["outsider"], draft=draft, organisation=process["outsider_org"]
        )


@pytest.mark.django_db
def test_comments_and_minutes_are_sanitised(process, draft, staff_user, organisation):
    comment = services.comment(
        by=staff_user,
        draft=draft,
        organisation=organisation,
        body="<script>alert(1)</script><b>Oui</b> merci",
    )
    assert "<" not in comment.body and "Oui merci" in comment.body
    meeting = services.close_meeting(
        by=process["steering_user"],
        meeting=process["meeting"],
        minutes={
            "fr": '<p onclick="x()">Bien</p><script>evil()</script>'
            '<a href="javascript:alert(1)">lien</a><iframe></iframe>'
        },
        attendance_count=12,
        attending_organisations=[organisation],
    )
    assert meeting.minutes_fr.startswith("<p>Bien</p>")
    assert "script" not in meeting.minutes_fr and "javascript" not in meeting.minutes_fr
    assert "onclick" not in meeting.minutes_fr and "iframe" not in meeting.minutes_fr


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,size", [("minutes.exe", 10), ("big.pdf", 11 * 1024 * 1024)]
)
def test_bad_documents_are_refused(process, organisation, name, size):
    upload = SimpleUploadedFile(name, b"x" * size)
    with pytest.raises(ValidationError):
        services.close_meeting(
            by=process["steering_user"],
            meeting=process["meeting"],
            minutes={"fr": "<p>x</p>"},
            attendance_count=3,
            attending_organisations=[],
            documents=[upload],
        )
    process["meeting"].refresh_from_db()
    assert process["meeting"].closed_at is None


@pytest.mark.django_db
def test_amendments_keep_a_version_history_and_notify_commenters(
    process, draft, staff_user, organisation, capture
):
    services.comment(
        by=staff_user, draft=draft, organisation=organisation, body="Précisez"
    )
    with capture(execute=True):
        services.amend_draft(
            by=process["steering_user"],
            draft=draft,
            title="Des médiateurs de santé formés",
            text="Dans chaque ville.",
            note="Précision",
        )
    draft.refresh_from_db()
    assert draft.version == 2
    versions = list(draft.versions.all())
    diff = selectors.version_diff(versions[1], versions[0])
    assert ("insert", "formés") in diff or any(
        op == "insert" and "formés" in t for op, t in diff
    )
    assert [m.to for m in mail.outbox] == [["staff@example.org"]]
    with pytest.raises(PermissionDenied):
        services.amend_draft(by=staff_user, draft=draft, title="x", text="y")


@pytest.mark.django_db
def test_only_the_steering_committee_adopts(process, draft, staff_user):
    with pytest.raises(PermissionDenied):
        services.adopt_draft(
            by=staff_user, draft=draft, memorandum=process["memorandum"]
        )
    recommendation = services.adopt_draft(
        by=process["steering_user"], draft=draft, memorandum=process["memorandum"]
    )
    assert recommendation.code == "EMP-03"  # after EMP-01, EMP-02 of the memorandum
    assert recommendation.items.get().memorandum == process["memorandum"]
    draft.refresh_from_db()
    assert draft.status == "adopted" and draft.adopted_as == recommendation
    with pytest.raises(ValidationError):
        services.adopt_draft(
            by=process["steering_user"], draft=draft, memorandum=process["memorandum"]
        )
    assert AuditLog.objects.filter(
        action="processes.adopt_draft", actor=process["steering_user"]
    ).exists()


@pytest.mark.django_db
def test_moderation_hides_with_a_visible_trace_and_is_logged(
    process, draft, staff_user, organisation
):
    comment = services.comment(
        by=staff_user, draft=draft, organisation=organisation, body="Hors sujet"
    )
    with pytest.raises(PermissionDenied):
        services.hide_comment(by=staff_user, comment=comment, reason="x")
    with pytest.raises(ValidationError):
        services.hide_comment(by=process["steering_user"], comment=comment, reason=" ")
    services.hide_comment(
        by=process["steering_user"], comment=comment, reason="Hors sujet"
    )
    comment.refresh_from_db()
    assert comment.hidden_at and comment.hidden_by == process["steering_user"]
    assert AuditLog.objects.filter(action="processes.hide_comment").exists()


@pytest.mark.django_db
def test_consultation_notices_go_out_once(process, staff_user):
    assert (
        tasks.consultation_notices() == 2
    )  # staff of the two participating organisations
    assert tasks.consultation_notices() == 0
    phase = Phase.objects.get()
    phase.ends_on = timezone.localdate() + datetime.timedelta(days=6)
    phase.save()
    assert tasks.consultation_notices() == 2  # one week before the end
    assert tasks.consultation_notices() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_endorsements_stay_unique_under_concurrency(process, staff_user, organisation):
    draft = services.propose_draft(
        by=process["steering_user"],
        process=process["process"],
        sector=process["sector"],
        title="Concurrent",
    )
    barrier = threading.Barrier(8)
    outcomes = []

    def run():
        try:
            barrier.wait()
            services.endorse(by=staff_user, draft=draft, organisation=organisation)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("duplicate")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and outcomes.count("duplicate") == 7
    assert Endorsement.objects.count() == 1
    assert Draft.objects.get(pk=draft.pk).endorsement_count == 1


@pytest.mark.django_db
def test_a_meeting_is_closed_after_it_took_place(process):
    import datetime

    from django.utils import timezone

    meeting = process["meeting"]
    meeting.event.starts_at = timezone.now() + datetime.timedelta(days=7)
    meeting.event.ends_at = meeting.event.starts_at + datetime.timedelta(hours=2)
    meeting.event.save()
    with pytest.raises(ValidationError):
        services.close_meeting(
            by=process["steering_user"],
            meeting=meeting,
            minutes={"fr": "<p>Trop tôt</p>"},
            attendance_count=3,
            attending_organisations=[],
        )
    meeting.refresh_from_db()
    assert meeting.closed_at is None and not meeting.minutes_fr
