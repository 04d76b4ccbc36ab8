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
    # and menu and the module switch on a cold cache (once per site version); two
    # the sectors and levels (cached), and their data-version reads (in tests every
    # one is a query: DATA_VERSION_TTL is 0).
    with django_assert_max_num_queries(15):
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


def test_french_only_texts_on_the_dutch_barometer_are_marked_and_named_once(
    client, barometer, coordinator
):
    # Ville de Namur has no Dutch name; this commitment's title is French only
    # and starts with the authority's name, as the demo's do.
    commitment = services.create_commitment(
        by=coordinator,
        authority=barometer["namur"],
        recommendations=[barometer["recs"]["LOG-01"]],
        title="Ville de Namur : contrôler les annonces",
        committed_on=TODAY - datetime.timedelta(days=30),
    )
    services.record_status_update(
        by=coordinator,
        commitment=commitment,
        date=TODAY - datetime.timedelta(days=3),
        status="in_progress",
        evidence_url="https://example.org/namur",
    )
    body = client.get("/nl/barometer/").content.decode()
    timeline = body[body.index('id="timeline-title"') :]
    timeline = timeline[: timeline.index("</ol>")]
    assert (
        '<span lang="fr">Ville de Namur : contrôler les annonces</span> '
        '<span class="fallback-note">(in het Frans)</span>'
    ) in timeline
    # Not "Ville de Namur: Ville de Namur : …"; a title without the name gets it.
    assert "Ville de Namur</span>: " not in timeline
    assert "Federale regering: " in timeline
    # The authorities' table and chart: the name marked, without a note.
    tables = body[
        body.index('id="authority-title"') : body.index('id="timeline-title"')
    ]
    assert '<th scope="row"><span lang="fr">Ville de Namur</span></th>' in tables
    assert '<span class="hbar-label" lang="fr">Ville de Namur</span>' in tables
    # A Dutch name is shown as it is.
    assert '<th scope="row">Federale regering</th>' in tables
    assert '<th scope="row">Huisvesting</th>' in body
    # In French nothing is marked.
    french = client.get("/fr/barometer/").content.decode()
    assert "<span lang=" not in french and "fallback-note" not in french


def _recommendations_with_levels(barometer, coordinator, n: int) -> None:
    from plaidoyer.commitments.models import MemorandumItem, Recommendation

    for i in range(n):
        rec = services.save_recommendation(
            by=coordinator,
            recommendation=Recommendation(
                code=f"LOG-{i + 10}",
                sector=barometer["housing"],
                title_fr=f"Recommandation {i}",
            ),
            levels=[barometer["federal"], barometer["communes"]],
        )
        MemorandumItem.objects.create(
            memorandum=barometer["memorandum"], recommendation=rec, title_fr=rec.title
        )


def test_memorandum_reads_the_same_queries_whatever_its_rows(
    client, barometer, coordinator, django_assert_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/fr/memorandum/")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    _recommendations_with_levels(barometer, coordinator, 20)
    assert queries() == few
    body = client.get("/fr/memorandum/").content.decode()
    # Each row still names its sector and its levels, in the levels' order.
    assert body.count("Logement · Fédéral, Communes") == 20
    assert "Emploi · Fédéral" in body


def _commitment_with_updates(barometer, coordinator, i: int, updates: int):
    commitment = services.create_commitment(
        by=coordinator,
        authority=barometer["namur"],
        recommendations=[barometer["recs"]["LOG-01"]],
        title=f"Engagement {i}",
        committed_on=TODAY - datetime.timedelta(days=30 + i),
    )
    for k in range(updates):
        services.record_status_update(
            by=coordinator,
            commitment=commitment,
            date=TODAY - datetime.timedelta(days=20 - k),
            status="in_progress",
            note=f"Note {i}.{k}",
        )
    return commitment


def test_recommendation_page_reads_the_same_queries_whatever_its_commitments(
    client, barometer, coordinator
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/fr/recommendations/LOG-01/"

    def queries(*, cold: bool) -> int:
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _commitment_with_updates(barometer, coordinator, 0, 2)
    few_cold, few_warm = queries(cold=True), queries(cold=False)
    for i in range(1, 12):
        _commitment_with_updates(barometer, coordinator, i, 3)
    assert queries(cold=True) == few_cold
    # Blocks already rendered need no timeline (nor the header its queries).
    assert queries(cold=False) == few_warm < few_cold
    body = client.get(url).content.decode()
    assert body.count('class="commitment-card"') == 12
    assert "Note 11.2" in body and "Note 0.1" in body


def test_recommendation_page_block_follows_its_commitment(
    client, barometer, coordinator
):
    from plaidoyer.commitments.models import Commitment

    url = "/fr/recommendations/LOG-01/"
    commitment = _commitment_with_updates(barometer, coordinator, 0, 1)
    other = _commitment_with_updates(barometer, coordinator, 1, 1)
    assert "Note 0.0" in client.get(url).content.decode()
    # A new update (the page cache is off in tests: the blocks' cache answers).
    update = services.record_status_update(
        by=coordinator,
        commitment=commitment,
        date=TODAY - datetime.timedelta(days=2),
        status="implemented",
        note="Tout est fait.",
    )
    body = client.get(url).content.decode()
    assert "Tout est fait." in body and "Note 1.0" in body
    # A correction marks the corrected update.
    services.record_status_update(
        by=coordinator,
        commitment=commitment,
        date=TODAY - datetime.timedelta(days=1),
        status="in_progress",
        note="Pas tout à fait.",
        corrects=update,
    )
    body = client.get(url).content.decode()
    assert "Pas tout à fait." in body and 'class="corrected"' in body
    # The commitment's title, even written behind the services' back...
    Commitment.objects.filter(pk=other.pk).update(title_fr="Engagement renommé")
    assert "Engagement renommé" in client.get(url).content.decode()
    # ...and its authority's name.
    namur = barometer["namur"]
    namur.name_fr = "Ville de Namur (renommée)"
    services.save_authority(by=coordinator, authority=namur)
    assert "Ville de Namur (renommée)" in client.get(url).content.decode()
    # A reader who may correct updates sees the links to do so.
    client.force_login(coordinator)
    assert (
        "Record a correction"
        in client.get("/en/recommendations/LOG-01/").content.decode()
    )


@pytest.mark.django_db
def test_authority_list_shows_each_row_in_a_fixed_number_of_queries(
    client, barometer, django_assert_num_queries, settings
):
    from plaidoyer.commitments.models import Authority

    settings.DATA_VERSION_TTL = 60  # read once per minute per process, as in production
    for i in range(40):
        Authority.objects.create(
            slug=f"commune-{i}",
            kind="municipality",
            level=barometer["communes"],
            name_fr=f"Commune {i}",
        )
    client.get("/nl/authorities/")  # the data versions, read once per process
    with django_assert_num_queries(2):  # the rows, the levels
        body = client.get("/nl/authorities/").content.decode()
    row = (
        '<tr><th scope="row"><a href="/nl/authorities/gouvernement-federal/">'
        "Federale regering</a></th><td>Federaal</td>"
        '<td class="n">1</td><td class="n">0</td></tr>'
    )
    assert row in body
    # Only in French: marked as such, the name alone (no note) in the list.
    assert (
        '<a href="/nl/authorities/ville-de-namur/"><span lang="fr">Ville de Namur'
        "</span></a>" in body
    )
    assert '<a href="/nl/authorities/commune-39/">' in body
