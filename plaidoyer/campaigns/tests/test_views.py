import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from plaidoyer.campaigns import forms, selectors, services
from plaidoyer.campaigns.models import Action, PaperBatch
from plaidoyer.core import versions
from plaidoyer.core.versions import Version


def _form_data(**extra):
    started = forms.ActionForm.signer().sign(str(timezone.now().timestamp() - 30))
    return {
        "case": "ana",
        "kind": "letter",
        "name": "An Peeters",
        "email": "an@example.org",
        "in_belgium": "yes",
        "postcode": "9000",
        "letter": "Laat Ana vrij.",
        "share_name": "on",
        "consent": "on",
        "started": started,
        **extra,
    }


@pytest.mark.django_db
def test_sign_in_dutch_confirm_and_the_counter_moves(client, campaign, capture):
    with capture(execute=True):
        response = client.post("/nl/campaigns/marathon/act/", _form_data())
    assert response.status_code == 200
    action = Action.objects.get()
    assert action.language == "nl" and action.municipality.nis_code == "44021"
    confirm = f"/nl/campaigns/confirm/{action.token}/"
    assert confirm in mail.outbox[0].body
    assert client.get("/fr/campaigns/marathon/counter.json").json()["total"] == 0
    assert client.post(confirm).status_code == 200
    from django.core.cache import cache

    cache.clear()  # the counter may be 3 s stale; do not wait in a test
    assert client.get("/fr/campaigns/marathon/counter.json").json()["total"] == 1
    assert client.post(confirm).status_code == 200  # replayed: "already"
    assert client.get("/fr/campaigns/confirm/forged/").status_code == 404


@pytest.mark.django_db
def test_counter_json_polled_within_its_ttl_costs_no_query(
    client, campaign, django_assert_num_queries, settings
):
    # The data versions (which say whether the campaigns module is on) are read
    # once per DATA_VERSION_TTL per process, as in production.
    settings.DATA_VERSION_TTL = 60
    first = client.get("/fr/campaigns/marathon/counter.json")
    with django_assert_num_queries(0):
        again = client.get("/fr/campaigns/marathon/counter.json")
    assert again.json() == first.json() and again["Content-Type"] == "application/json"
    assert "max-age=3" in again["Cache-Control"]
    assert client.get("/fr/campaigns/unknown/counter.json").status_code == 404
    assert client.get("/fr/campaigns/marathon/municipalities.xml").status_code == 404


@pytest.mark.django_db
def test_ambiguous_postcode_shows_a_choice(client, campaign):
    from plaidoyer.campaigns.models import Campaign, Case

    Campaign.objects.update(description_fr="Une lettre peut changer une vie.")
    Case.objects.filter(slug="ana").update(story_fr="Ana défend sa communauté.")
    response = client.post("/fr/campaigns/marathon/act/", _form_data(postcode="1040"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="21005"' in body and 'value="21004"' in body
    # The page shown again is whole: its texts were not read on submit.
    assert "Une lettre peut changer une vie." in body
    assert "Ana défend sa communauté." in body
    response = client.post(
        "/fr/campaigns/marathon/act/", _form_data(postcode="1040", municipality="21005")
    )
    assert response.status_code == 200
    assert Action.objects.get().municipality.nis_code == "21005"


@pytest.mark.django_db
def test_a_municipality_chosen_before_the_postcode_changed_is_dropped(client, campaign):
    # 1040 asked which municipality; the writer chose Etterbeek, then corrected the
    # postcode to 1000, which has one: the stale choice is no error on a hidden field.
    response = client.post(
        "/nl/campaigns/marathon/act/", _form_data(postcode="1000", municipality="21005")
    )
    assert response.status_code == 200, response.content.decode()[-2000:]
    assert Action.objects.get().municipality.nis_code == "21004"  # Brussel
    # A choice that is not among a shared postcode's municipalities says so.
    response = client.post(
        "/nl/campaigns/marathon/act/",
        _form_data(email="b@example.org", postcode="1040", municipality="21009"),
        REMOTE_ADDR="10.9.9.9",
    )
    assert response.status_code == 400
    assert "Kies uw gemeente in de lijst." in response.content.decode()


@pytest.mark.django_db
def test_case_cards_link_to_the_form_with_their_letter(client, campaign):
    from plaidoyer.campaigns.models import Case

    Case.objects.filter(slug="karim").update(letter_template_fr="Libérez Karim.")
    body = client.get("/fr/campaigns/marathon/").content.decode()
    assert '<a href="?case=karim#act">' in body
    assert "Karim</h3>" in body  # no country given: no empty brackets
    assert '"karim": "Lib\\u00e9rez Karim."' in body  # the letter to swap in
    body = client.get("/fr/campaigns/marathon/", {"case": "karim"}).content.decode()
    assert "Libérez Karim.</textarea>" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"email": "nope"},
        {"postcode": "99"},
        {"consent": ""},
        {"name": "x" * 200},
        {"letter": "x" * 20_000},
        {"in_belgium": "no", "country": ""},
    ],
)
def test_bad_input_is_a_400_and_writes_nothing(client, campaign, data):
    response = client.post("/nl/campaigns/marathon/act/", _form_data(**data))
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_flood_answers_429_and_keeps_the_action(client, campaign):
    statuses = [
        client.post(
            "/fr/campaigns/marathon/act/",
            _form_data(email=f"p{i}@example.org", case="ana"),
        ).status_code
        for i in range(3)
    ]
    assert statuses[0] == 200 and 429 in statuses
    assert Action.objects.count() == 3
    assert Action.objects.filter(flagged=True).count() == 2


@pytest.mark.django_db
def test_public_pages(client, campaign, coordinator, organisation, make_batch):
    batch = make_batch(by=coordinator, letters=12, drawings=3)
    services.review_batch(by=coordinator, batch=batch, validate=True)
    for url in [
        "/fr/campaigns/",
        "/fr/campaigns/marathon/",
        "/nl/campaigns/marathon/leaderboard/",
        "/fr/campaigns/marathon/map/",
        "/fr/campaigns/marathon/counter/",
        "/fr/campaigns/marathon/widget/",
        "/fr/campaigns/marathon/municipalities/92094/",
    ]:
        assert client.get(url).status_code == 200, url
    data = client.get("/fr/campaigns/marathon/map.json").json()
    assert data["points"][0][3] == 15 and data["provinces"]["90000"] == 15
    csv = b"".join(
        client.get("/fr/campaigns/marathon/municipalities.csv").streaming_content
    )
    assert b"92094" in csv and b"@" not in csv
    api = client.get("/api/v1/campaigns/marathon/municipalities").json()
    assert api[0]["total"] == 15
    assert "X-Frame-Options" not in client.get("/fr/campaigns/marathon/widget/")


@pytest.mark.django_db
def test_personal_data_is_for_coordinators_only(
    client, campaign, staff_user, coordinator
):
    services.submit_action(
        case=campaign.cases.first(),
        kind="letter",
        name="Ana",
        email="ana@example.org",
        postcode="5000",
    )
    for user in (None, staff_user):
        if user:
            client.force_login(user)
        for url in [
            "/fr/campaigns/marathon/actions.csv",
            "/fr/campaigns/marathon/cases/ana/letters.zip",
            "/fr/campaigns/marathon/review/",
        ]:
            assert client.get(url).status_code in (302, 403), url
    client.force_login(coordinator)
    body = b"".join(client.get("/fr/campaigns/marathon/actions.csv").streaming_content)
    assert b"ana@example.org" in body
    assert (
        client.get("/fr/campaigns/marathon/cases/ana/letters.zip")["Content-Type"]
        == "application/zip"
    )


@pytest.mark.django_db
def test_local_group_keys_in_a_batch_coordinator_validates(
    client, campaign, staff_user, coordinator, organisation, make_organisation
):
    client.force_login(staff_user)

    def post_batch(group, letters, drawings):
        return client.post(
            "/fr/campaigns/marathon/batches/new/",
            {
                "case": campaign.cases.first().pk,
                "organisation": group.pk,
                "municipality": group.municipality.pk,
                "collected_on": timezone.localdate().isoformat(),
                "letters": letters,
                "drawings": drawings,
            },
        )

    assert post_batch(organisation, "30", "4").status_code == 302
    other = make_organisation("Autre groupe")
    # not one of their organisations
    assert post_batch(other, "30", "4").status_code == 400
    assert post_batch(organisation, "-5", "0").status_code == 400
    assert PaperBatch.objects.count() == 1
    client.force_login(coordinator)
    batch = PaperBatch.objects.get()
    client.post("/fr/campaigns/marathon/review/validate/", {"batch": batch.pk})
    batch.refresh_from_db()
    assert batch.status == "validated"
    body = client.get("/fr/campaigns/marathon/municipalities/92094/").content.decode()
    assert "34" in body or "30" in body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_confirmations_and_validations_count_exactly(
    campaign, coordinator, organisation, make_batch
):
    """Threads confirm actions (twice each) and validate batches at once."""
    actions = [
        services.submit_action(
            case=campaign.cases.first(),
            kind="letter",
            name=f"P{i}",
            email=f"p{i}@example.org",
            postcode="5000",
        ).action
        for i in range(20)
    ]
    batches = [make_batch(by=coordinator, letters=10, drawings=1) for _ in range(6)]
    work = [lambda a=a: services.confirm_action(token=a.token) for a in actions] * 2
    work += [
        lambda b=b: services.review_batch(by=coordinator, batch=b, validate=True)
        for b in batches
    ] * 2
    barrier = threading.Barrier(len(work))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # a second validation of a batch is expected to refuse
            errors.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(errors) <= {"ValidationError"}
    assert errors.count("ValidationError") == 6  # each batch validated exactly once
    data = selectors.counts(campaign, fresh=True)
    assert data["online"] == 20
    assert (data["paper_letters"], data["drawings"]) == (60, 6)
    assert Action.objects.filter(confirmed_at__isnull=False).count() == 20


@pytest.mark.django_db
def test_labels_pages(client, coordinator, label_criterion):
    from plaidoyer.campaigns.models import (
        Evidence,
        LabelApplication,
    )
    from plaidoyer.places.models import Municipality

    application = LabelApplication.objects.create(
        programme=label_criterion.programme,
        year=2025,
        status="awarded",
        municipality=Municipality.objects.get(nis_code="93088"),
        commitment_fr="Mieux intégrer les demandeurs d'asile",
    )
    Evidence.objects.create(
        application=application, criterion=label_criterion, validated=True
    )
    body = client.get("/fr/campaigns/labels/ville-lumieres/").content.decode()
    assert "Walcourt" in body and "demandeurs d&#x27;asile" in body
    points = client.get("/fr/campaigns/labels/ville-lumieres/points.json").json()[
        "points"
    ]
    assert points[0][2] == "Walcourt"
    badge = client.get(f"/fr/campaigns/badges/{application.pk}.svg")
    assert badge["Content-Type"] == "image/svg+xml" and b"Walcourt" in badge.content


@pytest.mark.django_db
def test_odd_input(client, campaign):
    for q in ["x" * 10_000, "'; DROP TABLE x;--", "\x00", "😀"]:
        assert client.get("/fr/campaigns/marathon/", {"case": q}).status_code == 200
        assert (
            client.get(f"/fr/campaigns/marathon/municipalities/{q[:5]}/").status_code
            == 404
        )
    assert client.get("/fr/campaigns/nope/").status_code == 404
    assert (
        client.get("/fr/campaigns/labels/ville-lumieres/", {"year": "abc"}).status_code
        == 404
    )


@pytest.mark.django_db
def test_municipality_staff_apply_for_a_label_coordinators_decide(
    client, coordinator, make_user, make_organisation, label_criterion
):
    from plaidoyer.campaigns.models import LabelApplication
    from plaidoyer.organisations.models import Staff

    town = make_organisation(
        "Ville de Walcourt", kind="municipality", municipality="93088"
    )
    clerk = make_user("clerk@walcourt.example.org")
    Staff.objects.create(user=clerk, organisation=town)
    client.force_login(clerk)
    url = "/fr/campaigns/labels/ville-lumieres/apply/"
    response = client.post(
        url,
        {
            "organisation": town.pk,
            f"text_{label_criterion.pk}": "Délibération du conseil",
            f"url_{label_criterion.pk}": "javascript:alert(1)",
        },
    )
    assert response.status_code == 400 and not LabelApplication.objects.exists()
    response = client.post(
        url,
        {
            "organisation": town.pk,
            f"text_{label_criterion.pk}": "Délibération du conseil",
            f"url_{label_criterion.pk}": "https://walcourt.example.org/d",
        },
    )
    assert response.status_code == 302
    application = LabelApplication.objects.get()
    assert (
        application.municipality.nis_code == "93088"
        and application.status == "candidate"
    )
    # Once the coordinators decided, a new application this year is refused, said
    # on the form (it was a 500: the service's error names no field).
    LabelApplication.objects.update(status="awarded")
    response = client.post(
        url,
        {
            "organisation": town.pk,
            f"text_{label_criterion.pk}": "Autre délibération",
            f"url_{label_criterion.pk}": "",
        },
    )
    assert response.status_code == 400
    assert "Une décision a déjà été prise" in response.content.decode()
    assert LabelApplication.objects.get().status == "awarded"
    client.force_login(make_user("nobody@example.org"))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_htmx_gets_fragments_the_thank_you_the_errors_and_the_429(client, campaign):
    url = "/nl/campaigns/marathon/act/"
    thanks = client.post(url, _form_data(), HTTP_HX_REQUEST="true")
    body = thanks.content.decode()
    assert thanks.status_code == 200 and "<html" not in body
    assert body.startswith('<section id="act" class="registration-box">')
    assert '<h2 tabindex="-1" data-focus-after-swap>Bedankt' in body
    errors = client.post(url, _form_data(email="nope"), HTTP_HX_REQUEST="true")
    body = errors.content.decode()
    assert errors.status_code == 400 and "<html" not in body
    assert body.count('id="act"') == 1 and 'class="error-summary"' in body
    assert 'name="started"' in body  # the form still carries its start time
    flood = client.post(url, _form_data(email="b@example.org"), HTTP_HX_REQUEST="true")
    assert flood.status_code == 429 and "<html" not in flood.content.decode()
    assert Action.objects.count() == 2
    campaign.closes_at = timezone.now()
    campaign.save()
    versions.bump(Version.CAMPAIGNS)  # as the admin does (the form reads a cached copy)
    closed = client.post(url, _form_data(email="c@example.org"), HTTP_HX_REQUEST="true")
    body = closed.content.decode()
    assert closed.status_code == 400 and "<form" not in body
    assert "Deze campagne is afgelopen." in body
    assert Action.objects.count() == 2


@pytest.mark.django_db
def test_the_campaign_page_preselects_the_case_asked_for(client, campaign):
    body = client.get("/fr/campaigns/marathon/", {"case": "karim"}).content.decode()
    assert (
        '<input type="radio" name="case" value="ana" id="id_case_0" required>' in body
    )
    assert 'value="karim" id="id_case_1" required checked>' in body


@pytest.mark.django_db
def test_closing_a_campaign_in_the_admin_stops_the_next_action(
    client, campaign, save_in_admin
):
    """Action POSTs read the campaign from the cache, per data version: an edit
    in the admin bumps it, so the very next POST sees the new dates."""
    import datetime

    url = "/fr/campaigns/marathon/act/"
    assert client.post(url, _form_data(email="a@example.org")).status_code == 200
    save_in_admin(
        campaign,
        closes_at=timezone.now() - datetime.timedelta(minutes=5),
        collects_letters="on",
        collects_signatures="on",
        is_published="on",
    )
    refused = client.post(url, _form_data(email="b@example.org", case="karim"))
    assert refused.status_code == 400
    assert "Cette campagne est clôturée." in refused.content.decode()
    assert not Action.objects.filter(email="b@example.org").exists()


@pytest.mark.django_db
def test_a_failed_import_reports_its_errors_only(client, campaign, staff_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff_user)
    rows = "case;organisation;municipality;date;letters\n" + "nobody;x;y;z;1\n" * 80
    response = client.post(
        "/nl/campaigns/marathon/batches/import/",
        {"file": SimpleUploadedFile("b.csv", rows.encode())},
    )
    body = response.content.decode()
    assert "field-error" not in body  # the one-batch form was not sent
    assert body.count("<li>") < 120  # the first 50 errors, then how many more
    assert "<code>ana</code> (Ana)" in body  # the codes the file must use
    assert PaperBatch.objects.count() == 0


@pytest.mark.django_db
def test_letter_posted_too_fast_is_held_and_the_page_says_so(client, campaign, capture):
    fast = forms.ActionForm.signer().sign(str(timezone.now().timestamp() - 1))
    with capture(execute=True):
        response = client.post("/fr/campaigns/marathon/act/", _form_data(started=fast))
    assert response.status_code == 200
    assert "vérification" in response.content.decode() or "check" in (
        response.content.decode()
    )
    action = Action.objects.get()
    assert action.flagged
    assert len(mail.outbox) == 1  # the confirmation the page promises


@pytest.mark.django_db
def test_held_letter_appears_in_the_review(client, campaign, coordinator):
    services.submit_action(
        case=campaign.cases.get(slug="ana"),
        kind="letter",
        name="Fast Fingers",
        email="fast@example.org",
        postcode="9000",
        seconds_on_form=0.2,
    )
    client.force_login(coordinator)
    assert (
        "Fast Fingers" in client.get("/fr/campaigns/marathon/review/").content.decode()
    )


@pytest.mark.django_db
def test_consent_boxes_are_never_pre_ticked(client, campaign):
    body = client.get("/fr/campaigns/marathon/").content.decode()
    for name in ("share_name", "news_opt_in", "consent"):
        start = body.index(f'name="{name}"')
        tag = body[body.rindex("<input", 0, start) : body.index(">", start)]
        assert "checked" not in tag, name
