import datetime

import feedparser
import pytest
from django.core import mail

from plaidoyer.commitments import services
from plaidoyer.commitments.models import Follower

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_barometer_shows_charts_and_tables_in_constant_queries(
    client, barometer, coordinator, django_assert_max_num_queries
):
    client.get("/fr/barometer/")
    for i in range(5):
        services.create_commitment(
            by=coordinator,
            authority=barometer["namur"],
            recommendations=[barometer["recs"]["LOG-01"]],
            title=f"Engagement {i}",
            committed_on=TODAY,
        )
    # A cold cache costs a fixed number of aggregate queries, whatever the data size
    # (in tests every data-version read is a query: DATA_VERSION_TTL is 0)...
    with django_assert_max_num_queries(21):  # four: the header, two: the replies panel
        response = client.get("/nl/barometer/")
    # ...and a warm one reads only the data versions (the module switch's and
    # the replies panel's too: memoised in production) and the memorandum.
    with django_assert_max_num_queries(5):
        client.get("/nl/barometer/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<ul class="hbars"' in body and "<table" in body
    assert "Huisvesting" in body


def test_memorandum_filters_and_query_count(
    client, barometer, django_assert_max_num_queries
):
    # One is the site's data version; four read the header's identity, funders
    # and menu and the module switch on a cold cache (once per site version).
    with django_assert_max_num_queries(13):
        response = client.get("/nl/memorandum/", {"sector": "emploi"})
    codes = [i.recommendation.code for i in response.context["page"].object_list]
    assert codes == ["EMP-01", "EMP-02"]
    response = client.get("/fr/memorandum/", {"status": "announced"})
    assert [i.recommendation.code for i in response.context["page"].object_list] == [
        "EMP-01"
    ]
    response = client.get("/fr/memorandum/", {"level": "communes", "q": "logement"})
    assert [i.recommendation.code for i in response.context["page"].object_list] == [
        "LOG-01"
    ]


@pytest.mark.parametrize(
    "query", ["x" * 10_000, "'; DROP TABLE x; --", "<b>", "😀", "\x00"]
)
def test_odd_input_never_fails(client, barometer, query):
    for url in (
        "/fr/memorandum/",
        "/fr/barometer/widget/",
        "/fr/barometer/feed/",
        "/fr/barometer/recommendations.csv",
        "/api/v1/barometer/recommendations",
        "/api/v1/barometer/commitments",
    ):
        params = {
            "q": query,
            "sector": query,
            "level": query,
            "status": query,
            "authority": query,
            "recommendation": query,
        }
        assert client.get(url, params).status_code in (200, 404), url
    assert client.get(
        f"/fr/recommendations/{query[:20].strip() or 'x'}/"
    ).status_code in (200, 404)


def test_recommendation_page_shows_commitments_and_timeline(client, barometer):
    body = client.get("/fr/recommendations/EMP-01/").content.decode()
    assert "Tests de situation dans le secteur public" in body
    assert "https://www.example.org/accord" in body
    assert client.get("/fr/recommendations/ZZZ-99/").status_code == 404


def test_feeds_parse_and_filter(client, barometer, coordinator):
    services.record_status_update(
        by=coordinator,
        commitment=barometer["commitment"],
        date=TODAY,
        status="in_progress",
        note="Avance",
    )
    feed = feedparser.parse(client.get("/fr/barometer/feed/").content)
    assert not feed.bozo
    assert len(feed.entries) == 2
    assert "Gouvernement fédéral" in feed.entries[0].title
    assert (
        len(
            feedparser.parse(
                client.get("/fr/barometer/feed/?sector=logement").content
            ).entries
        )
        == 0
    )
    feed = feedparser.parse(client.get("/fr/recommendations/EMP-01/feed/").content)
    assert len(feed.entries) == 2
    assert client.get("/fr/barometer/feed/?sector=nope").status_code == 404


def test_widget_can_be_framed(client, barometer):
    response = client.get("/fr/barometer/widget/?sector=emploi")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert client.get("/fr/barometer/")["X-Frame-Options"] == "DENY"


def test_csv_exports(client, barometer):
    body = b"".join(client.get("/fr/barometer/recommendations.csv").streaming_content)
    assert b"EMP-01" in body and b"LOG-01" in body
    body = b"".join(client.get("/fr/barometer/commitments.csv").streaming_content)
    assert "Gouvernement fédéral".encode() in body
    body = b"".join(client.get("/fr/barometer/updates.csv").streaming_content)
    assert body.count(b"\n") == 2


def test_follow_form_double_opt_in(
    client, barometer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/nl/recommendations/EMP-01/follow/", {"email": "ana@example.org"}
        )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    follower = Follower.objects.get()
    assert follower.language == "nl"
    assert client.post(f"/nl/follow/{follower.token}/confirm/").status_code == 200
    follower.refresh_from_db()
    assert follower.confirmed_at is not None
    # Asking again says the same thing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            "/nl/recommendations/EMP-01/follow/", {"email": "ana@example.org"}
        )

    def main(r):  # the page minus the per-response CSRF token in the header
        return r.content.split(b"<main")[1]

    assert main(again) == main(response)
    assert len(mail.outbox) == 1
    assert client.get("/nl/follow/forged-token/confirm/").status_code == 404
    client.post(f"/nl/follow/{follower.token}/stop/")
    assert not Follower.objects.exists()


def test_follow_rejects_bad_email_and_bots(client, barometer):
    response = client.post(
        "/fr/recommendations/EMP-01/follow/", {"email": "not-an-email"}
    )
    assert response.status_code == 400
    response = client.post(
        "/fr/recommendations/EMP-01/follow/",
        {"email": "bot@example.org", "website": "http://spam"},
    )
    assert response.status_code == 200
    assert not Follower.objects.exists()


def test_follow_rate_limit_answers_429(client, barometer):
    for i in range(services.FOLLOW_LIMIT):
        client.post(
            "/fr/recommendations/EMP-01/follow/", {"email": f"p{i}@example.org"}
        )
    response = client.post(
        "/fr/recommendations/EMP-01/follow/", {"email": "x@example.org"}
    )
    assert response.status_code == 429


def test_api(client, barometer):
    data = client.get("/api/v1/barometer/recommendations", {"sector": "emploi"}).json()
    assert [r["code"] for r in data["items"]] == ["EMP-01", "EMP-02"]
    assert data["items"][0]["barometer_status"] == "announced"
    one = client.get("/api/v1/barometer/recommendations/emp-01").json()
    assert one["levels"] == ["federal"]
    commitments = client.get(
        "/api/v1/barometer/commitments", {"recommendation": "EMP-01"}
    ).json()
    assert commitments["items"][0]["authority"] == "gouvernement-federal"
    updates = client.get("/api/v1/barometer/updates").json()
    assert updates["count"] == 1
    assert client.get("/api/v1/barometer/memoranda").json()[0]["edition"] == 1
    assert len(client.get("/api/v1/barometer/authorities").json()) == 2


def test_authority_scorecard(client, barometer):
    body = client.get("/fr/authorities/gouvernement-federal/").content.decode()
    assert "Tests de situation dans le secteur public" in body
    assert client.get("/fr/authorities/").status_code == 200
    assert client.get("/fr/authorities/nope/").status_code == 404


@pytest.mark.django_db
def test_a_status_update_makes_only_its_recommendations_pages_stale(
    client, settings, barometer, coordinator
):
    import datetime

    from plaidoyer.commitments import services

    settings.PAGE_CACHE = True
    emp01, emp02 = "/fr/recommendations/EMP-01/", "/fr/recommendations/EMP-02/"
    for url in (emp01, emp02, "/fr/barometer/"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    services.record_status_update(
        by=coordinator,
        commitment=barometer["commitment"],
        date=datetime.date(2024, 6, 1),
        status="implemented",
        progress=100,
    )
    fresh = client.get(emp01)
    assert "X-Page-Cache" not in fresh
    assert "status-implemented" in fresh.content.decode()
    assert "X-Page-Cache" not in client.get("/fr/barometer/")
    assert client.get(emp02)["X-Page-Cache"] == "hit"  # no commitment of its own moved
    # Anything else (here: a recommendation saved) makes every page stale.
    services.save_recommendation(
        by=coordinator, recommendation=barometer["recs"]["LOG-01"]
    )
    assert "X-Page-Cache" not in client.get(emp02)


@pytest.mark.django_db
def test_a_commitment_edited_in_the_admin_refreshes_its_recommendation_page(
    client, settings, barometer, coordinator
):
    settings.PAGE_CACHE = True
    url = "/fr/recommendations/EMP-01/"
    client.get(url)
    commitment = barometer["commitment"]
    from django.test import Client

    admin = Client()
    admin.force_login(coordinator)
    data = {
        "authority": commitment.authority_id,
        "recommendations": [barometer["recs"]["EMP-01"].pk],
        "title_fr": "Tests de situation partout",
        "committed_on": "2024-03-01",
        "status": commitment.status,
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
    }
    response = admin.post(
        f"/admin/commitments/commitment/{commitment.pk}/change/", data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(url)
    assert (
        "X-Page-Cache" not in page
        and "Tests de situation partout" in page.content.decode()
    )


def test_latest_status_changes_read_in_the_visitors_language_newest_date_first(
    client, barometer, coordinator
):
    # They were read with values(): French titles on /nl/, sorted by entry time.
    commitment = services.create_commitment(
        by=coordinator,
        authority=barometer["namur"],
        recommendations=[barometer["recs"]["LOG-01"]],
        title="Loger les familles",
        translations={"title_nl": "Gezinnen huisvesten"},
        committed_on=TODAY - datetime.timedelta(days=90),
    )
    services.record_status_update(
        by=coordinator,
        commitment=commitment,
        date=TODAY - datetime.timedelta(days=2),
        status="in_progress",
        evidence_url="https://example.org/recent",
    )
    services.record_status_update(  # typed in later, but dated earlier
        by=coordinator,
        commitment=commitment,
        date=TODAY - datetime.timedelta(days=60),
        status="announced",
        evidence_url="https://example.org/older",
    )
    body = client.get("/nl/barometer/").content.decode()
    timeline = body[body.index('id="timeline-title"') :]
    assert "Gezinnen huisvesten" in timeline and "Loger les familles" not in timeline
    recent = (TODAY - datetime.timedelta(days=2)).isoformat()
    older = (TODAY - datetime.timedelta(days=60)).isoformat()
    assert timeline.index(recent) < timeline.index(older)
