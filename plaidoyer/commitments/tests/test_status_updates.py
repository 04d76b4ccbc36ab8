"""Recording a status update from the site: evidence, confirmation, corrections."""

import datetime

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from plaidoyer.commitments import services
from plaidoyer.commitments.models import Commitment, StatusUpdate
from plaidoyer.core.models import AuditLog

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def today():
    return timezone.localdate()


@pytest.fixture
def other_staff(make_user, make_organisation):
    from plaidoyer.organisations.models import Staff

    user = make_user("other-staff@example.org")
    Staff.objects.create(user=user, organisation=make_organisation("Autre asbl"))
    return user


@pytest.fixture
def urls(barometer):
    pk = barometer["commitment"].pk
    return {
        "record": "/fr/status-updates/new/",
        "new": f"/fr/commitments/{pk}/update/",
        "confirm": f"/fr/commitments/{pk}/update/confirm/",
    }


def valid(**extra):
    return {
        "date": today().isoformat(),
        "status": "in_progress",
        "progress": "40",
        "note": "Budget voté en séance plénière.",
        "note_source": "Compte rendu intégral de la Chambre",
        **extra,
    }


def test_coordinator_sees_a_confirmation_before_anything_is_saved(
    client, coordinator, barometer, urls
):
    client.force_login(coordinator)
    response = client.post(urls["new"], valid())
    assert response.status_code == 302
    assert response["Location"].endswith(urls["confirm"])
    assert StatusUpdate.objects.count() == 1  # nothing yet
    page = client.get(urls["confirm"]).content.decode()
    assert "status-announced" in page and "status-in_progress" in page  # before → after
    assert "Budget voté en séance plénière." in page
    assert "Compte rendu intégral de la Chambre" in page
    assert f'datetime="{today().isoformat()}"' in page
    assert StatusUpdate.objects.count() == 1


def test_confirming_records_the_update_with_its_evidence_and_audit(
    client, coordinator, barometer, urls, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    client.post(urls["new"], valid())
    digest = client.get(urls["confirm"]).context["digest"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(urls["confirm"], {"digest": digest})
    update = StatusUpdate.objects.latest("id")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#update-{update.pk}")
    assert update.note_source == "Compte rendu intégral de la Chambre"
    assert update.author == coordinator
    assert Commitment.objects.get().status == "in_progress"
    assert AuditLog.objects.filter(action="commitments.record_status_update").exists()
    # The draft is gone: confirming twice saves nothing more.
    client.post(urls["confirm"], {"digest": digest})
    assert StatusUpdate.objects.count() == 2


def test_going_back_from_the_confirmation_keeps_the_input(
    client, coordinator, barometer, urls
):
    client.force_login(coordinator)
    client.post(urls["new"], valid(evidence_file=SimpleUploadedFile("a.pdf", PDF)))
    form = client.get(urls["new"]).context["form"]
    assert form.initial["note"] == "Budget voté en séance plénière."
    assert form.initial["status"] == "in_progress"
    assert form.initial["progress"] == 40
    body = client.get(urls["new"]).content.decode()
    assert "a.pdf" in body and 'name="keep_file"' in body


def test_a_document_kept_through_the_confirmation_is_saved_with_the_update(
    client, coordinator, barometer, urls
):
    client.force_login(coordinator)
    data = valid(note="", note_source="")
    client.post(
        urls["new"], {**data, "evidence_file": SimpleUploadedFile("x.pdf", PDF)}
    )
    # Back to the form, change the status, keep the document.
    client.post(urls["new"], {**data, "status": "implemented", "keep_file": "1"})
    digest = client.get(urls["confirm"]).context["digest"]
    client.post(urls["confirm"], {"digest": digest})
    update = StatusUpdate.objects.latest("id")
    assert update.status == "implemented"
    assert update.evidence_file.read() == PDF


def test_a_changed_draft_is_not_saved_from_an_older_confirmation(
    client, coordinator, barometer, urls
):
    client.force_login(coordinator)
    client.post(urls["new"], valid())
    digest = client.get(urls["confirm"]).context["digest"]
    client.post(urls["new"], valid(status="abandoned"))  # another tab
    client.post(urls["confirm"], {"digest": digest})
    assert StatusUpdate.objects.count() == 1


@pytest.mark.parametrize(
    "data,field",
    [
        ({"note": "", "note_source": ""}, None),  # no evidence at all
        ({"note_source": ""}, "note_source"),  # a note without its source
        ({"note": "x" * 100_000}, "note"),
        ({"note": "<script>alert(1)</script>"}, "note"),
        ({"note_source": "<b>Le Soir</b>"}, "note_source"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ({"date": "2999-01-01"}, "date"),
        (
            {"date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "date",
        ),
        ({"date": ""}, "date"),
        ({"status": "done"}, "status"),
        ({"progress": "140"}, "progress"),
        ({"corrects": "999999999"}, "corrects"),
        ({"corrects": "abc"}, "corrects"),
    ],
)
def test_bad_input_gets_a_message_and_saves_nothing(
    client, coordinator, barometer, urls, data, field
):
    client.force_login(coordinator)
    response = client.post(urls["new"], valid(**data))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[field or "__all__"]
    assert 'class="error-summary"' in response.content.decode()
    assert (
        client.session.get(f"status_update_draft:{barometer['commitment'].pk}") is None
    )
    assert StatusUpdate.objects.count() == 1


@pytest.mark.parametrize(
    "name,content",
    [
        ("notes.txt", b"plain"),
        ("fake.pdf", b"<html>not a pdf</html>"),
        ("image.png", b"\x89PNG\r\n"),
    ],
)
def test_only_real_pdf_odt_or_docx_documents_are_evidence(
    client, coordinator, barometer, urls, name, content
):
    client.force_login(coordinator)
    upload = SimpleUploadedFile(name, content)
    response = client.post(urls["new"], valid(evidence_file=upload))
    assert response.status_code == 400
    assert response.context["form"].errors["evidence_file"]


def test_a_too_large_document_is_refused(
    client, coordinator, barometer, urls, settings
):
    from plaidoyer.commitments import forms

    client.force_login(coordinator)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (forms.MAX_EVIDENCE_BYTES))
    response = client.post(urls["new"], valid(evidence_file=big))
    assert response.status_code == 400
    assert "10" in response.context["form"].errors["evidence_file"][0]


def test_confirming_with_nothing_kept_saves_nothing(
    client, coordinator, barometer, urls
):
    client.force_login(coordinator)
    response = client.post(urls["confirm"], {"digest": "x"})
    assert response.status_code == 302
    assert StatusUpdate.objects.count() == 1


def test_forged_commitment_ids_answer_404(client, coordinator, barometer):
    client.force_login(coordinator)
    for pk in ("999999", "99999999999999999999999"):
        assert client.get(f"/fr/commitments/{pk}/update/").status_code == 404
        assert client.post(f"/fr/commitments/{pk}/update/", valid()).status_code == 404
        assert (
            client.post(f"/fr/commitments/{pk}/update/confirm/", {}).status_code == 404
        )
    assert StatusUpdate.objects.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "staff_a", "staff_b", "coordinator"])
def test_permission_matrix(
    client, barometer, urls, who, staff_user, other_staff, coordinator
):
    user = {"staff_a": staff_user, "staff_b": other_staff, "coordinator": coordinator}
    if who != "anonymous":
        client.force_login(user[who])
    expected_get = {"anonymous": 302, "staff_a": 403, "staff_b": 403}.get(who, 200)
    for url in (urls["record"], urls["new"]):
        response = client.get(url)
        assert response.status_code == expected_get, url
        if who == "anonymous":
            assert "/login" in response["Location"]
    expected_post = {"anonymous": 302, "staff_a": 403, "staff_b": 403}.get(who, 302)
    assert client.post(urls["new"], valid()).status_code == expected_post
    response = client.post(urls["confirm"], {"digest": "x"})
    assert response.status_code == expected_post
    assert StatusUpdate.objects.count() == 1
    page = client.get(barometer["commitment"].get_absolute_url()).content.decode()
    assert (urls["new"] in page) == (who == "coordinator")


def test_record_page_lists_an_authoritys_commitments(
    client, coordinator, barometer, urls
):
    client.force_login(coordinator)
    page = client.get(urls["record"] + "?authority=gouvernement-federal")
    assert urls["new"] in page.content.decode()
    page = client.get(urls["record"] + "?authority=ville-de-namur")
    assert urls["new"] not in page.content.decode()
    page = client.get(urls["record"] + "?q=secteur+public")
    assert urls["new"] in page.content.decode()
    page = client.get(urls["record"] + "?authority=nope&q=" + "x" * 200)
    assert page.status_code == 200
    assert page.context["commitments"] is None


def _record(coordinator, commitment, **extra):
    return services.record_status_update(
        by=coordinator,
        commitment=commitment,
        date=extra.pop("date", today()),
        status=extra.pop("status", "implemented"),
        evidence_url="https://www.example.org/moniteur",
        require_evidence=True,
        **extra,
    )


def test_a_correction_from_the_site_is_shown_with_the_entry_it_corrects(
    client, coordinator, barometer, urls
):
    commitment = barometer["commitment"]
    wrong = _record(coordinator, commitment)
    client.force_login(coordinator)
    assert client.get(urls["new"] + f"?corrects={wrong.pk}").context["form"].initial[
        "corrects"
    ] == str(wrong.pk)
    client.post(urls["new"], valid(corrects=str(wrong.pk), status="in_progress"))
    page = client.get(urls["confirm"]).content.decode()
    assert "correction" in page
    client.post(
        urls["confirm"], {"digest": client.get(urls["confirm"]).context["digest"]}
    )
    fix = StatusUpdate.objects.latest("id")
    assert fix.corrects == wrong
    assert Commitment.objects.get().status == "in_progress"
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert f'href="/fr/commitments/{commitment.pk}/#update-{fix.pk}"' in page
    assert f'href="/fr/commitments/{commitment.pk}/#update-{wrong.pk}"' in page
    assert 'class="corrected"' in page
    # A corrected update cannot be corrected a second time.
    response = client.post(urls["new"], valid(corrects=str(wrong.pk)))
    assert response.status_code == 400
    assert StatusUpdate.objects.count() == 3


def test_a_corrected_entry_no_longer_sets_the_status(barometer, coordinator):
    commitment = barometer["commitment"]
    wrong = _record(coordinator, commitment, status="implemented")
    _record(
        coordinator,
        commitment,
        status="in_progress",
        date=today() - datetime.timedelta(days=1),  # dated before the mistake
        corrects=wrong,
    )
    commitment.refresh_from_db()
    assert commitment.status == "in_progress"


def test_a_correction_cannot_point_at_another_commitments_entry(barometer, coordinator):
    from django.core.exceptions import ValidationError

    other = services.create_commitment(
        by=coordinator,
        authority=barometer["namur"],
        recommendations=[barometer["recs"]["LOG-01"]],
        title="Autre",
        committed_on=datetime.date(2024, 1, 1),
    )
    foreign = other.updates.get()
    with pytest.raises(ValidationError) as error:
        _record(coordinator, barometer["commitment"], corrects=foreign)
    assert "corrects" in error.value.message_dict
    assert StatusUpdate.objects.count() == 2


def test_two_corrections_of_one_entry_are_refused(barometer, coordinator):
    from django.core.exceptions import ValidationError

    wrong = _record(coordinator, barometer["commitment"])
    _record(coordinator, barometer["commitment"], corrects=wrong)
    with pytest.raises(ValidationError):
        _record(coordinator, barometer["commitment"], corrects=wrong)
    assert StatusUpdate.objects.count() == 3


def test_the_service_requires_evidence_when_asked(barometer, coordinator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.record_status_update(
            by=coordinator,
            commitment=barometer["commitment"],
            date=today(),
            status="implemented",
            note="Sans source",
            require_evidence=True,
        )
    assert StatusUpdate.objects.count() == 1


def test_feed_csv_and_barometer_mark_the_correction_and_the_corrected_entry(
    client, barometer, coordinator
):
    commitment = barometer["commitment"]
    wrong = _record(coordinator, commitment)
    fix = _record(coordinator, commitment, status="in_progress", corrects=wrong)
    feed = feedparser.parse(client.get("/en/barometer/feed/").content)
    titles = {e.link.rsplit("#", 1)[1]: e for e in feed.entries}
    assert "(correction)" in titles[f"update-{fix.pk}"].title
    assert "(corrected)" in titles[f"update-{wrong.pk}"].title
    assert "see the correction" in titles[f"update-{wrong.pk}"].summary
    body = b"".join(client.get("/en/barometer/updates.csv").streaming_content)
    rows = {
        line.split(",")[9]: line for line in body.decode("utf-8-sig").splitlines()[1:]
    }
    assert rows[str(wrong.pk)].endswith(f",{fix.pk}")
    assert rows[str(fix.pk)].split(",")[8] == str(wrong.pk)
    page = client.get("/en/barometer/").content.decode()
    assert "corrected on" in page and "corrects the update of" in page


def test_the_commitment_page_stays_cacheable_for_visitors(client, barometer, settings):
    settings.PAGE_CACHE = True
    url = barometer["commitment"].get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_followers_are_told_of_an_update_recorded_from_the_site(
    client, coordinator, barometer, urls, django_capture_on_commit_callbacks
):
    from django.core import mail

    from plaidoyer.commitments.models import Follower

    Follower.objects.create(
        recommendation=barometer["recs"]["EMP-01"],
        email="reader@example.org",
        confirmed_at=timezone.now(),
    )
    client.force_login(coordinator)
    client.post(urls["new"], valid())
    digest = client.get(urls["confirm"]).context["digest"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(urls["confirm"], {"digest": digest})
    assert any("reader@example.org" in m.to for m in mail.outbox)


def test_documents_of_unconfirmed_updates_are_purged_after_a_day(
    client, coordinator, barometer, urls
):
    import os

    from django.core.files.storage import default_storage

    from plaidoyer.commitments import drafts
    from plaidoyer.core import periodic

    client.force_login(coordinator)
    client.post(urls["new"], valid(evidence_file=SimpleUploadedFile("a.pdf", PDF)))
    path = client.session[f"status_update_draft:{barometer['commitment'].pk}"]["file"][
        "path"
    ]
    assert periodic.jobs()["commitments.purge_pending_evidence"]() == 0
    assert default_storage.exists(path)
    old = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(default_storage.path(path), (old, old))
    assert drafts.purge_pending() == 1
    assert not default_storage.exists(path)


def test_the_form_refuses_a_correction_of_another_commitments_entry(
    client, coordinator, barometer, urls
):
    other = services.create_commitment(
        by=coordinator,
        authority=barometer["namur"],
        recommendations=[barometer["recs"]["LOG-01"]],
        title="Autre",
        committed_on=datetime.date(2024, 1, 1),
    )
    client.force_login(coordinator)
    response = client.post(urls["new"], valid(corrects=str(other.updates.get().pk)))
    assert response.status_code == 400
    assert response.context["form"].errors["corrects"]
    assert StatusUpdate.objects.count() == 2
