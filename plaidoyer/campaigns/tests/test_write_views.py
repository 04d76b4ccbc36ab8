"""Review and paper-batch writes each have their own URL: permissions and junk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from plaidoyer.campaigns import services
from plaidoyer.campaigns.models import (
    Action,
    LabelApplication,
    LabelProgramme,
    PaperBatch,
)

pytestmark = pytest.mark.django_db

REVIEW = "/fr/campaigns/marathon/review"
BATCHES = "/fr/campaigns/marathon/batches"


@pytest.fixture
def batch(staff_user, make_batch):
    return make_batch(by=staff_user, letters=12)


@pytest.fixture
def held(campaign):
    action = services.submit_action(
        case=campaign.cases.first(),
        kind="letter",
        name="Ana",
        email="ana@example.org",
        postcode="5000",
    ).action
    Action.objects.filter(pk=action.pk).update(flagged=True)
    return action


def _review_posts(batch, held):
    return [
        (f"{REVIEW}/validate/", {"batch": batch.pk}),
        (f"{REVIEW}/reject/", {"batch": batch.pk, "reason": "Illisible"}),
        (f"{REVIEW}/clear/", {"ids": [held.pk]}),
    ]


def _unreviewed(batch, held):
    batch.refresh_from_db()
    held.refresh_from_db()
    assert batch.status == "submitted" and held.flagged


def test_review_posts_need_a_coordinator(client, batch, held, staff_user):
    for url, data in _review_posts(batch, held):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]
    client.force_login(staff_user)
    for url, data in _review_posts(batch, held):
        assert client.post(url, data).status_code == 403, url
        assert client.get(url).status_code == 405, url
    _unreviewed(batch, held)


def test_coordinators_reject_and_clear(client, batch, held, coordinator):
    client.force_login(coordinator)
    response = client.post(
        f"{REVIEW}/reject/", {"batch": batch.pk, "reason": "Illisible"}
    )
    assert response["Location"] == f"{REVIEW}/"
    batch.refresh_from_db()
    assert batch.status == "rejected" and batch.rejection_reason == "Illisible"
    response = client.post(f"{REVIEW}/clear/", {"ids": [held.pk]}, follow=True)
    assert "1 action comptée" in response.content.decode() or (
        'class="message message-success"' in response.content.decode()
    )
    held.refresh_from_db()
    assert not held.flagged


def test_rejecting_without_a_reason_says_why(client, batch, coordinator):
    client.force_login(coordinator)
    response = client.post(f"{REVIEW}/reject/", {"batch": batch.pk}, follow=True)
    assert 'class="message message-error"' in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == "submitted"


def test_clearing_nothing_says_what_to_do(client, held, coordinator):
    client.force_login(coordinator)
    response = client.post(f"{REVIEW}/clear/", {}, follow=True)
    assert 'class="message message-error"' in response.content.decode()
    held.refresh_from_db()
    assert held.flagged


@pytest.mark.parametrize("junk", ["abc", "²", "99999999999999999999", ""])
@pytest.mark.parametrize("action", ["validate", "reject"])
def test_junk_batch_ids_are_404_in_the_visitors_language(
    client, batch, coordinator, action, junk
):
    client.force_login(coordinator)
    response = client.post(
        f"/nl/campaigns/marathon/review/{action}/", {"batch": junk, "reason": "x"}
    )
    assert response.status_code == 404
    with translation.override("nl"):
        assert translation.gettext("Page not found") in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == "submitted"


@pytest.mark.parametrize("junk", ["²", "abc", "99999999999999999999"])
def test_junk_selections_are_400_in_the_visitors_language(
    client, held, coordinator, junk
):
    client.force_login(coordinator)
    response = client.post(
        "/nl/campaigns/marathon/review/clear/", {"ids": [held.pk, junk]}
    )
    assert response.status_code == 400
    with translation.override("nl"):
        title = translation.gettext("Bad request")
        said = translation.gettext("The selection sent is not valid.")
    body = response.content.decode()
    assert title != "Bad request" and title in body and said in body
    held.refresh_from_db()
    assert held.flagged


def test_batch_posts_need_an_organisation(client, campaign, make_user, organisation):
    data = {"case": campaign.cases.first().pk, "organisation": organisation.pk}
    for url in (f"{BATCHES}/new/", f"{BATCHES}/import/"):
        response = client.post(url, data)
        assert "/accounts/login/" in response["Location"]
    client.force_login(make_user("alone@example.org"))  # staff of no organisation
    for url in (f"{BATCHES}/new/", f"{BATCHES}/import/"):
        assert client.post(url, data).status_code == 403
    assert not PaperBatch.objects.exists()


def test_an_import_without_a_file_shows_the_error(client, campaign, staff_user):
    client.force_login(staff_user)
    response = client.post(f"{BATCHES}/import/", {})
    assert response.status_code == 400
    assert "field-error" in response.content.decode()
    assert not PaperBatch.objects.exists()


def test_a_good_import_records_its_batches(client, campaign, staff_user, organisation):
    client.force_login(staff_user)
    rows = (
        "case;organisation;municipality;date;letters;drawings\n"
        f"ana;{organisation.slug};92094;{timezone.localdate().isoformat()};7;1\n"
    )
    response = client.post(
        f"{BATCHES}/import/", {"file": SimpleUploadedFile("b.csv", rows.encode())}
    )
    assert response.status_code == 302
    assert PaperBatch.objects.get().letters == 7


@pytest.fixture
def label(db, organisation):
    programme = LabelProgramme.objects.create(slug="commune-amie", name="Commune amie")
    LabelApplication.objects.create(
        programme=programme,
        municipality=organisation.municipality,
        year=2025,
        status="awarded",
    )
    return programme


@pytest.mark.parametrize("path", ["", "points.json"])
@pytest.mark.parametrize("junk", ["²", "abc", "99999999999999999999", "-1"])
def test_junk_years_on_label_pages_are_400_in_the_visitors_language(
    client, label, path, junk
):
    response = client.get(f"/de/campaigns/labels/commune-amie/{path}", {"year": junk})
    assert response.status_code == 400
    with translation.override("de"):
        title = translation.gettext("Bad request")
    assert title != "Bad request" and title in response.content.decode()


def test_label_pages_take_a_year_or_none(client, label):
    for query in ({}, {"year": ""}, {"year": "2025"}, {"year": "1999"}):
        assert (
            client.get("/fr/campaigns/labels/commune-amie/", query).status_code == 200
        )
    points = client.get("/fr/campaigns/labels/commune-amie/points.json")
    assert len(points.json()["points"]) == 1
    none = client.get("/fr/campaigns/labels/commune-amie/points.json", {"year": 1999})
    assert none.json()["points"] == []
