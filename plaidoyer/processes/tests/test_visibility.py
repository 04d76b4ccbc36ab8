"""Members-only drafts, minutes and meeting documents, channel by channel.

For a process, "members" are the coalition's member organisations' staff and the
staff of the process's own organisations; its steering committee (steering or
organiser role) and the coordinators see everything.
"""

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plaidoyer.processes import services
from plaidoyer.processes.models import Draft, MeetingDocument

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "staff_a", "staff_b", "steering", "coordinator"]
SEES = {
    "anonymous": {"public"},
    "staff_a": {"public", "members"},  # a participant of the process
    "staff_b": {"public"},  # staff of an organisation outside it
    "steering": {"public", "members", "steering"},
    "coordinator": {"public", "members", "steering"},
}


@pytest.fixture
def people(process, staff_user, coordinator):
    return {
        "staff_a": staff_user,
        "staff_b": process["outsider"],
        "steering": process["steering_user"],
        "coordinator": coordinator,
    }


@pytest.fixture
def drafts(process):
    return {
        visibility: services.propose_draft(
            by=process["steering_user"],
            process=process["process"],
            sector=process["sector"],
            title=f"Projet {visibility}",
            visibility=visibility,
        )
        for visibility in ("public", "members", "steering")
    }


@pytest.fixture
def documents(process):
    meeting = process["meeting"]
    made = {}
    for visibility in ("public", "members", "steering"):
        services.close_meeting(
            by=process["steering_user"],
            meeting=meeting,
            minutes={"fr": "<p>Procès-verbal confidentiel</p>"},
            attendance_count=12,
            attending_organisations=[],
            documents=[
                SimpleUploadedFile(
                    f"pv-{visibility}.pdf", b"%PDF " + visibility.encode()
                )
            ],
            minutes_visibility="steering",
            documents_visibility=visibility,
        )
        made[visibility] = MeetingDocument.objects.get(title=f"pv-{visibility}.pdf")
    return made


def _as(client, people, who):
    if who != "anonymous":
        client.force_login(people[who])
    return client


@pytest.mark.parametrize("who", WHO)
def test_process_page_and_draft_pages_follow_the_visibility(
    client, people, drafts, who
):
    _as(client, people, who)
    listed = {
        d["visibility"] for d in client.get("/fr/processes/roms/").context["drafts"]
    }
    assert listed == SEES[who]
    for visibility, draft in drafts.items():
        expected = 200 if visibility in SEES[who] else 404
        assert client.get(draft.get_absolute_url()).status_code == expected
    csv = b"".join(client.get("/fr/processes/roms/drafts.csv").streaming_content)
    for visibility in ("members", "steering"):
        assert (f"Projet {visibility}".encode() in csv) == (visibility in SEES[who])


@pytest.mark.parametrize("who", WHO)
def test_meeting_minutes_and_documents_follow_the_visibility(
    client, people, process, documents, who
):
    _as(client, people, who)
    meeting = process["meeting"]
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert ("Procès-verbal confidentiel" in body) == ("steering" in SEES[who])
    for visibility, document in documents.items():
        url = f"/fr/processes/roms/meetings/{meeting.pk}/documents/{document.pk}/"
        allowed = visibility in SEES[who]
        assert (url in body) == allowed
        response = client.get(url)
        assert response.status_code == (200 if allowed else 404)
        if allowed:
            assert b"".join(response.streaming_content).endswith(visibility.encode())


def test_forged_document_ids_answer_404(client, coordinator, process, documents):
    client.force_login(coordinator)
    meeting = process["meeting"]
    base = "/fr/processes/roms/meetings"
    for url in (
        f"{base}/{meeting.pk}/documents/999999/",
        f"{base}/999999/documents/{documents['public'].pk}/",
        f"/fr/processes/nope/meetings/{meeting.pk}/documents/{documents['public'].pk}/",
        f"{base}/{meeting.pk}/documents/99999999999999999999999/",
    ):
        assert client.get(url).status_code == 404, url


def test_feed_and_api_carry_public_drafts_and_minutes_only(
    client, people, drafts, documents
):
    for who in ("anonymous", "coordinator"):  # whoever asks: these are public
        _as(client, people, who)
        feed = feedparser.parse(client.get("/fr/processes/roms/feed/").content)
        text = " ".join(e.title + e.get("summary", "") for e in feed.entries)
        assert "Projet public" in text
        assert "Projet members" not in text and "Projet steering" not in text
        assert "confidentiel" not in text
        titles = {
            d["title"] for d in client.get("/api/v1/processes/roms/drafts").json()
        }
        assert titles == {"Projet public"}


def test_page_cache_never_serves_restricted_drafts_to_visitors(
    client, people, drafts, settings
):
    from django.test import Client

    settings.PAGE_CACHE = True
    steering = Client()
    steering.force_login(people["steering"])
    assert "Projet steering" in steering.get("/fr/processes/roms/").content.decode()
    for _ in range(2):
        response = client.get("/fr/processes/roms/")
        assert "Projet steering" not in response.content.decode()
    assert response["X-Page-Cache"] == "hit"
    url = drafts["steering"].get_absolute_url()
    assert client.get(url).status_code == 404
    assert steering.get(url).status_code == 200
    assert client.get(url).status_code == 404
    assert "Projet steering" in steering.get("/fr/processes/roms/").content.decode()


def test_the_steering_committee_sets_visibility_on_its_forms(client, process):
    client.force_login(process["steering_user"])
    page = client.get("/fr/processes/roms/").content.decode()
    assert 'name="visibility"' in page
    client.post(
        "/fr/processes/roms/drafts/new/",
        {
            "sector": process["sector"].pk,
            "title": "Projet interne",
            "visibility": "members",
        },
    )
    assert Draft.objects.get(title="Projet interne").visibility == "members"
    url = f"/fr/processes/roms/meetings/{process['meeting'].pk}/close/"
    response = client.post(
        url,
        {
            "minutes_fr": "<p>Compte rendu</p>",
            "minutes_visibility": "steering",
            "documents_visibility": "members",
            "documents": [SimpleUploadedFile("annexe.pdf", b"%PDF annexe")],
        },
    )
    assert response.status_code == 302
    process["meeting"].refresh_from_db()
    assert process["meeting"].minutes_visibility == "steering"
    assert MeetingDocument.objects.get().visibility == "members"


@pytest.mark.parametrize("value", ["", "everyone", "<b>x</b>", "x" * 100_000])
def test_bad_visibility_values_save_nothing(client, process, value):
    client.force_login(process["steering_user"])
    client.post(
        "/fr/processes/roms/drafts/new/",
        {"sector": process["sector"].pk, "title": "Projet X", "visibility": value},
    )
    if value == "":  # empty is the default: public
        assert Draft.objects.get(title="Projet X").visibility == "public"
    else:
        assert not Draft.objects.filter(title="Projet X").exists()
    url = f"/fr/processes/roms/meetings/{process['meeting'].pk}/close/"
    response = client.post(
        url, {"minutes_fr": "<p>PV</p>", "minutes_visibility": value}
    )
    if value:
        assert response.status_code == 400
        process["meeting"].refresh_from_db()
        assert not process["meeting"].minutes_fr
