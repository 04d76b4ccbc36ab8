import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from plaidoyer.commitments.models import Commitment
from plaidoyer.elections import services
from plaidoyer.elections.models import Candidate, Party, Pledge, PledgeLink

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script>'


def _answer_url(token):
    return f"/de/elections/answer/{token}/"


def _send_url(token):
    return f"/de/elections/answer/{token}/send/"


def _answers(barometer, **codes):
    data = {}
    for code, (answer, comment) in codes.items():
        pk = barometer["recs"][code.replace("_", "-")].pk
        data[f"answer_{pk}"] = answer
        data[f"comment_{pk}"] = comment
    return data


# --- The answer link -------------------------------------------------------------------


def test_party_answers_through_its_link_in_german(client, token, barometer):
    page = client.get(_answer_url(token["beta"]))
    assert page.status_code == 200
    assert "Ihre Zusagen 2029" in page.content.decode()
    response = client.post(
        _send_url(token["beta"]), _answers(barometer, EMP_01=("yes", "Gern"))
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.party.slug == "beta" and pledge.comment == "Gern"


def test_link_cannot_answer_for_another_party_with_forged_ids(
    client, token, links, barometer
):
    alpha = Party.objects.get(slug="alpha")
    data = _answers(barometer, EMP_01=("yes", "")) | {
        "party": alpha.pk,
        "link": links["alpha"].pk,
        "answer_999999": "yes",
    }
    client.post(_send_url(token["beta"]), data)
    assert list(Pledge.objects.values_list("party__slug", flat=True)) == ["beta"]


@pytest.mark.parametrize(
    "bad", ["forged", "1.abc:def", "", "x" * 300, f"{2**70}.key:sig", "²"]
)
def test_forged_tokens_do_nothing(client, links, barometer, bad):
    url = f"/de/elections/answer/{bad}/send/" if bad else "/de/elections/answer//send/"
    response = client.post(url, _answers(barometer, EMP_01=("yes", "")))
    assert response.status_code == 404
    assert client.get(f"/de/elections/answer/{bad or 'x'}/").status_code == 404
    assert not Pledge.objects.exists()


def test_revoked_link_does_nothing(client, token, links, coordinator, barometer):
    services.revoke_link(by=coordinator, link=links["beta"])
    response = client.post(
        _send_url(token["beta"]), _answers(barometer, EMP_01=("yes", ""))
    )
    assert response.status_code == 404
    assert not Pledge.objects.exists()


def test_answer_after_deadline_refused_with_a_clear_message(
    client, token, pledge_campaign, barometer
):
    pledge_campaign.deadline = timezone.now() - datetime.timedelta(hours=1)
    pledge_campaign.save()
    page = client.get(_answer_url(token["beta"]))
    assert page.status_code == 200
    response = client.post(
        _send_url(token["beta"]), _answers(barometer, EMP_01=("yes", ""))
    )
    assert response.status_code == 400
    assert "Antworten wurden am" in response.content.decode() or "closed" in (
        response.content.decode()
    )
    assert not Pledge.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"answer_{pk}": "maybe"},
        {"answer_{pk}": "yes", "comment_{pk}": "x" * 100_000},
        {"answer_{pk}": MARKUP},
    ],
)
def test_bad_answers_save_nothing(client, token, barometer, data):
    pk = barometer["recs"]["EMP-01"].pk
    posted = {k.format(pk=pk): v for k, v in data.items()}
    response = client.post(_send_url(token["alpha"]), posted)
    assert response.status_code == 400
    assert "<script>alert" not in response.content.decode()
    assert not Pledge.objects.exists()


def test_answer_get_is_not_a_write(client, token):
    assert client.get(_answer_url(token["alpha"])).status_code == 200
    assert client.get(_send_url(token["alpha"])).status_code == 405
    assert not Pledge.objects.exists()


# --- Public pages ----------------------------------------------------------------------


def _answer(links, barometer, party, code, answer, comment=""):
    services.answer_pledges(
        link=links[party], answers={barometer["recs"][code].pk: (answer, comment)}
    )


def test_comparison_shows_answers_dates_and_no_answer_escaped(client, links, barometer):
    _answer(links, barometer, "alpha", "EMP-01", "yes", MARKUP)
    Party.objects.filter(slug="beta").update(name=MARKUP)
    for lang, no_answer in [("fr", "Pas de réponse"), ("de", "Keine Antwort")]:
        page = client.get(f"/{lang}/elections/pledges/engagements-2029/")
        html = page.content.decode()
        assert page.status_code == 200
        assert no_answer in html
        assert "<script>alert" not in html and "&lt;script&gt;" in html
        assert 'datetime="' in html
    party = client.get("/fr/elections/pledges/engagements-2029/parties/alpha/")
    assert "&lt;script&gt;" in party.content.decode()
    assert "<script>alert" not in party.content.decode()


def test_comparison_shows_each_comment_in_its_cell_escaped_long_ones_cut(
    client, links, barometer
):
    _answer(links, barometer, "alpha", "EMP-01", "yes", f"Oui.\n{MARKUP}")
    _answer(links, barometer, "beta", "EMP-01", "no", "Non, " + "trop cher " * 60)
    _answer(links, barometer, "alpha", "EMP-02", "partly")  # no comment: no detail
    html = client.get("/fr/elections/pledges/engagements-2029/").content.decode()
    alpha = html[html.index('id="rec-EMP-01"') :]
    assert (
        '<td class="pledge-yes"><details><summary>Oui <time datetime="' in alpha
        and "(commentaire)</summary><p>Oui. &lt;script&gt;alert(&quot;x&quot;)"
        "&lt;/script&gt;</p></details></td>"
        in alpha
    )
    assert "<script>alert" not in html
    # The long comment: its first 280 characters, then the whole answer's link.
    beta = alpha[alpha.index('<td class="pledge-no">') :]
    shown = beta[beta.index("<p>") + 3 : beta.index("…")]
    assert shown.startswith("Non, trop cher") and len(shown) <= 280
    assert '… <a href="parties/beta/#rec-EMP-01">la réponse entière</a>' in beta
    emp02 = html[html.index('id="rec-EMP-02"') :]
    assert emp02.split("</tr>")[0].count("<details>") == 0
    widget = client.get("/fr/elections/pledges/engagements-2029/widget/")
    assert 'href="../parties/beta/#rec-EMP-01" target="_top"' in widget.text


def test_comparison_is_cached_and_a_new_answer_shows(
    client, links, barometer, settings
):
    settings.PAGE_CACHE = True
    url = "/fr/elections/pledges/engagements-2029/"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    _answer(links, barometer, "alpha", "EMP-02", "partly")
    page = client.get(url)
    assert "X-Page-Cache" not in page
    assert "Partiellement" in page.content.decode() or "partly" in page.content.decode()


def test_unknown_campaign_or_party_is_404(client, pledge_campaign):
    assert client.get("/fr/elections/pledges/nope/").status_code == 404
    assert (
        client.get("/fr/elections/pledges/engagements-2029/parties/nope/").status_code
        == 404
    )
    assert client.get("/fr/elections/pledges/nope/pledges.csv").status_code == 404


def test_unpublished_campaign_is_404(client, pledge_campaign):
    pledge_campaign.is_published = False
    pledge_campaign.save()
    assert client.get("/fr/elections/pledges/engagements-2029/").status_code == 404


def test_widget_may_be_framed_the_comparison_may_not(client, links, barometer):
    widget = client.get("/fr/elections/pledges/engagements-2029/widget/?party=alpha")
    assert widget.status_code == 200 and "X-Frame-Options" not in widget
    assert 'target="_top"' in widget.content.decode()
    page = client.get("/fr/elections/pledges/engagements-2029/")
    assert page["X-Frame-Options"] == "DENY"


def test_csv_export_lists_every_answer_and_no_answer_safely(
    client, links, barometer, election
):
    Candidate.objects.create(election=election, slug="anna", name="=HYPERLINK()")
    _answer(links, barometer, "alpha", "EMP-01", "yes", "=1+1 <b>")
    response = client.get("/fr/elections/pledges/engagements-2029/pledges.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 3 * 3  # two parties and a candidate, three recommendations
    yes = [r for r in rows if r["answer"] == "yes"]
    assert yes[0]["comment"] == "'=1+1 <b>" and yes[0]["answered_at"]
    assert sum(1 for r in rows if r["answer"] == "") == 8
    assert any(r["name"] == "'=HYPERLINK()" for r in rows)


def test_api_lists_answers_per_party(client, links, barometer):
    _answer(links, barometer, "alpha", "EMP-01", "no", MARKUP)
    campaigns = client.get("/api/v1/pledge-campaigns").json()
    assert campaigns[0]["slug"] == "engagements-2029"
    parties = client.get("/api/v1/pledge-campaigns/engagements-2029/parties").json()
    alpha = next(p for p in parties if p["slug"] == "alpha")
    answers = {a["recommendation"]: a for a in alpha["answers"]}
    assert answers["EMP-01"]["answer"] == "no" and answers["EMP-01"]["answered_at"]
    assert answers["EMP-02"]["answer"] is None
    assert client.get("/api/v1/pledge-campaigns/nope").status_code == 404


def _grow(election, campaign, sector, *, parties: int, recs: int, start: int):
    from plaidoyer.commitments.models import Recommendation

    new = [
        Recommendation.objects.create(
            code=f"BEN-{i:02d}", title_fr=f"R {i}", sector=sector, sort_key=f"z{i:03d}"
        )
        for i in range(start, start + recs)
    ]
    campaign.recommendations.add(*new)
    for i in range(start, start + parties):
        party = Party.objects.create(election=election, slug=f"p{i}", name=f"P{i}")
        Pledge.objects.bulk_create(
            Pledge(
                campaign=campaign,
                recommendation=r,
                party=party,
                answer="yes",
                comment="ok",
                answered_at=timezone.now(),
            )
            for r in campaign.recommendations.all()
        )


def test_comparison_queries_do_not_grow_with_size(client, election, pledge_campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plaidoyer.commitments.models import Sector

    sector = Sector.objects.create(slug="bench", code="BEN", name_fr="Banc")
    urls = [
        "/fr/elections/pledges/engagements-2029/",
        "/fr/elections/pledges/engagements-2029/widget/",
        "/fr/elections/pledges/engagements-2029/parties/p0/",
        "/api/v1/pledge-campaigns/engagements-2029/parties",
    ]
    client.get(urls[0])  # per-process memos (site settings, versions) filled once
    counts = []
    for parties, recs, start in [(2, 3, 0), (8, 20, 10)]:
        _grow(
            election, pledge_campaign, sector, parties=parties, recs=recs, start=start
        )
        sizes = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            sizes.append(len(queries))
        counts.append(sizes)
    assert counts[0] == counts[1]
    assert counts[0][0] <= 6


# --- Coordinators: the permission matrix -----------------------------------------------

MANAGE_GETS = ["/fr/elections/manage/", "/fr/elections/manage/federales-2029/"]


def _posts(links):
    return [
        ("/fr/elections/manage/federales-2029/parties/import/", {}),
        ("/fr/elections/manage/federales-2029/candidates/import/", {}),
        ("/fr/elections/manage/federales-2029/result/", {}),
        ("/fr/elections/manage/campaigns/engagements-2029/links/send/", {}),
        (
            f"/fr/elections/manage/campaigns/engagements-2029/links/{links['alpha'].pk}/revoke/",
            {},
        ),
    ]


def test_anonymous_is_sent_to_login_and_nothing_changes(client, links):
    for url in MANAGE_GETS:
        assert client.get(url).status_code == 302
    for url, data in _posts(links):
        assert client.post(url, data).status_code == 302
    assert not PledgeLink.objects.filter(revoked_at__isnull=False).exists()


def test_member_staff_is_refused_everywhere(client, links, staff_user):
    client.force_login(staff_user)
    for url in MANAGE_GETS:
        assert client.get(url).status_code == 403
    for url, data in _posts(links):
        assert client.post(url, data).status_code == 403
    assert not PledgeLink.objects.filter(revoked_at__isnull=False).exists()


def test_a_party_link_opens_no_coordinator_page(client, token, links):
    for url, data in _posts(links):
        assert client.post(f"{url}?token={token['alpha']}", data).status_code == 302


def test_coordinator_pages_and_forged_ids(client, coordinator, links):
    client.force_login(coordinator)
    for url in MANAGE_GETS:
        assert client.get(url).status_code == 200
    assert client.get("/fr/elections/manage/nope/").status_code == 404
    for bad in ["abc", "99999999", str(2**70), "²"]:
        url = f"/fr/elections/manage/campaigns/engagements-2029/links/{bad}/revoke/"
        assert client.post(url).status_code == 404
    assert (
        client.post("/fr/elections/manage/campaigns/nope/links/send/").status_code
        == 404
    )


def test_coordinator_cannot_revoke_a_link_through_another_campaign(
    client, coordinator, links, pledge_campaign
):
    from plaidoyer.elections.models import PledgeCampaign

    PledgeCampaign.objects.create(
        election=pledge_campaign.election,
        slug="autre",
        title_fr="Autre",
        deadline=pledge_campaign.deadline,
    )
    client.force_login(coordinator)
    url = f"/fr/elections/manage/campaigns/autre/links/{links['alpha'].pk}/revoke/"
    assert client.post(url).status_code == 404
    assert PledgeLink.objects.get(pk=links["alpha"].pk).revoked_at is None


def test_coordinator_revokes_a_link(client, coordinator, links, token):
    client.force_login(coordinator)
    url = f"/fr/elections/manage/campaigns/engagements-2029/links/{links['alpha'].pk}/revoke/"
    assert client.post(url).status_code == 302
    assert client.get(_answer_url(token["alpha"])).status_code == 404


def _upload(text, name="file.csv"):
    return {
        "file": SimpleUploadedFile(
            name, text if isinstance(text, bytes) else text.encode()
        )
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "Choose a CSV file"),
        ("name;nope\nX;y\n", "Unknown column"),
        ("name;email\nX;bad\n;\nY;y@example.org\n" + "", "Line 2"),
        (b"\x00\x01binary", "not a CSV"),
        ("name\n" + "x" * 100_000 + "\n", "Line 2"),
        (f"name;slug\nX;{MARKUP}\n", "Line 2"),
    ],
)
def test_bad_party_imports_save_nothing_and_say_why(
    client, coordinator, election, content, message
):
    client.force_login(coordinator)
    data = _upload(content) if content != "" else {}
    response = client.post("/en/elections/manage/federales-2029/parties/import/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "<script>alert" not in html
    assert Party.objects.count() == 2


def test_coordinator_imports_candidates(client, coordinator, election):
    client.force_login(coordinator)
    response = client.post(
        "/fr/elections/manage/federales-2029/candidates/import/",
        _upload(
            "name;party;constituency;email;language\nAnna;alpha;liege;a@example.org;nl\n"
        ),
    )
    assert response.status_code == 302
    assert Candidate.objects.get().party.slug == "alpha"


def test_coordinator_sends_links(client, coordinator, pledge_campaign):
    client.force_login(coordinator)
    response = client.post(
        "/fr/elections/manage/campaigns/engagements-2029/links/send/"
    )
    assert response.status_code == 302
    assert PledgeLink.objects.count() == 2


def test_coordinator_records_result_and_pledges_become_commitments(
    client, coordinator, links, barometer
):
    _answer(links, barometer, "alpha", "EMP-02", "yes")
    alpha = Party.objects.get(slug="alpha")
    client.force_login(coordinator)
    url = "/fr/elections/manage/federales-2029/result/"
    data = {"majority": [alpha.pk], "government": barometer["government"].pk}
    before = Commitment.objects.count()
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Commitment.objects.count() == before + 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"majority": ["abc"], "government": "1"},
        {"majority": ["999999"], "government": "999999"},
        {"majority": [MARKUP], "government": MARKUP},
    ],
)
def test_bad_result_saves_nothing(client, coordinator, links, barometer, data):
    client.force_login(coordinator)
    response = client.post("/fr/elections/manage/federales-2029/result/", data)
    assert response.status_code == 400
    assert "<script>alert" not in response.content.decode()
    assert not Party.objects.filter(in_majority=True).exists()


def test_result_refuses_a_party_of_another_election(
    client, coordinator, links, barometer
):
    from plaidoyer.elections.models import Election

    other = Election.objects.create(
        slug="autre", title_fr="Autre", date=datetime.date(2030, 1, 1), level="regional"
    )
    stranger = Party.objects.create(election=other, slug="x", name="X")
    client.force_login(coordinator)
    response = client.post(
        "/fr/elections/manage/federales-2029/result/",
        {"majority": [stranger.pk], "government": barometer["government"].pk},
    )
    assert response.status_code == 400
    assert not Party.objects.filter(in_majority=True).exists()


@pytest.mark.parametrize("code", ["EMP-01", "É 1&x", "a:b@c~d", "50%+"])
def test_comparison_links_recommendations_as_their_own_url(code):
    from django.utils import translation

    from plaidoyer.commitments.models import Recommendation
    from plaidoyer.core.urlmaker import url_maker

    with translation.override("nl"):
        url = url_maker("commitments:recommendation", "code")(code)
        assert url == Recommendation(code=code).get_absolute_url()
