import contextlib
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import override

from plaidoyer.core.models import AuditLog
from plaidoyer.help import services
from plaidoyer.help.forms import ReplyForm, TestimonyForm
from plaidoyer.help.models import Message, Service, Testimony

pytestmark = pytest.mark.django_db

BIG = "x" * 100_000
MARKUP = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def url(name, **kwargs):
    with override("fr"):
        return reverse(f"help:{name}", kwargs=kwargs)


# --- Where to turn --------------------------------------------------------------------


def test_where_to_turn_lists_bodies_and_services_nearby(client, help_data):
    response = client.get(
        "/nl/help/", {"field": "housing", "ground": "origin", "place": "2000"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-slug="unia"' in body and 'data-slug="vmri"' in body
    assert 'data-slug="mediateur-wallonie"' not in body
    assert "Sociaal-juridische permanentie" in body
    assert "Maandag en donderdag, 9u–12u" in body
    assert "Elke werkdag, 13u–17u" in body
    assert "Accueil namurois" not in body


def test_the_map_shows_the_organisations_of_the_answer(client, help_data):
    points = client.get(
        "/nl/help/map.json", {"field": "housing", "place": "2000"}
    ).json()["points"]
    assert sorted(p[3] for p in points) == sorted(
        [help_data["huis"].slug, help_data["buurt"].slug]
    )
    assert client.get("/nl/help/map.json", {"place": "Atlantis"}).json() == {
        "points": []
    }


def test_where_to_turn_works_empty_and_says_what_is_wrong(client, help_data):
    assert client.get("/fr/help/").status_code == 200
    for place in ("Atlantis", BIG[:5000], MARKUP):
        response = client.get("/fr/help/", {"place": place, "field": "housing"})
        assert response.status_code == 400
        body = response.content.decode()
        assert "error-summary" in body
        assert "<script>alert" not in body
    response = client.get("/fr/help/", {"field": "moon"})
    assert response.status_code == 400


def test_where_to_turn_by_region_only(client, help_data):
    response = client.get(
        "/fr/help/", {"field": "housing", "region": help_data["wallonia"].slug}
    )
    body = response.content.decode()
    assert 'data-slug="mediateur-wallonie"' in body and 'data-slug="vmri"' not in body
    assert "Accueil namurois" in body


def test_where_to_turn_query_count_is_constant(
    client, help_data, django_assert_max_num_queries
):
    params = {"field": "housing", "place": "2000"}
    client.get("/fr/help/", params)
    with django_assert_max_num_queries(12):
        client.get("/fr/help/", params)


# --- Leaving a testimony --------------------------------------------------------------


def form_data(**values):
    started = TestimonyForm.signer().sign(str(0))  # shown long ago: no bot
    return {
        "text": "Le propriétaire a refusé quand il a entendu mon nom.",
        "field": "housing",
        "ground": "origin",
        "place": "Antwerpen",
        "consent_figures": "on",
        "consent_referral": "on",
        "started": started,
        "website": "",
    } | values


def test_testimony_form_has_unticked_consents(client, help_data):
    body = client.get(url("testify")).content.decode()
    for name in ("consent_figures", "consent_referral", "consent_contact"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', body).group(0)
        assert "checked" not in tag
    assert 'name="website"' in body
    assert client.get(url("testify")).headers["Cache-Control"].count("no-store")


def test_leaving_an_anonymous_testimony(client, help_data):
    response = client.post(url("testify"), form_data())
    assert response.status_code == 302 and response["Location"] == url("thanks")
    testimony = Testimony.objects.get()
    assert testimony.organisation == help_data["huis"]
    assert testimony.municipality == help_data["antwerp"]
    assert testimony.contact == ""
    assert client.get(url("thanks")).status_code == 200


@pytest.mark.parametrize(
    "values, field",
    [
        ({"text": ""}, "text"),
        ({"text": BIG}, "text"),
        ({"field": ""}, "field"),
        ({"ground": MARKUP}, "ground"),
        ({"place": ""}, "place"),
        ({"place": MARKUP}, "place"),
        ({"place": BIG}, "place"),
        ({"organisation": "99999999999999999999"}, "organisation"),
        ({"organisation": "abc"}, "organisation"),
        ({"consent_contact": "on"}, "email"),
        ({"consent_contact": "on", "email": "nope"}, "email"),
        ({"happened_on": "31/02/2026"}, "happened_on"),
    ],
)
def test_bad_testimonies_get_a_clear_message_and_nothing_is_saved(
    client, help_data, values, field
):
    response = client.post(url("testify"), form_data(**values))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    body = response.content.decode()
    assert "error-summary" in body and "<script>alert" not in body
    assert not Testimony.objects.exists()


def test_a_forged_organisation_that_takes_no_testimonies_is_refused(client, help_data):
    response = client.post(
        url("testify"), form_data(organisation=help_data["buurt"].pk)
    )
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not Testimony.objects.exists()


def test_markup_in_a_testimony_is_stored_as_plain_text(client, help_data):
    client.post(url("testify"), form_data(text="Il a dit " + MARKUP + " puis rien."))
    testimony = Testimony.objects.get()
    content = services.read_testimony(by=help_data["handler"], testimony=testimony)
    assert "<script>" not in content["text"] and "onerror" not in content["text"]


def test_a_filled_honeypot_is_thanked_and_nothing_saved(client, help_data):
    response = client.post(url("testify"), form_data(website="http://spam"))
    assert response.status_code == 302
    fresh = form_data(started=TestimonyForm.signer().sign("9999999999"))
    assert client.post(url("testify"), fresh).status_code == 302
    assert not Testimony.objects.exists()


def test_too_many_testimonies_from_one_connection(client, help_data):
    for _ in range(services.TESTIMONY_LIMIT):
        assert client.post(url("testify"), form_data()).status_code == 302
    response = client.post(url("testify"), form_data())
    assert response.status_code == 429
    assert Testimony.objects.count() == services.TESTIMONY_LIMIT


def test_the_testimony_form_is_off_when_the_module_is(client, help_data, settings):
    settings.HELP_TESTIMONIES = False
    assert client.get(url("testify")).status_code == 404
    assert client.post(url("testify"), form_data()).status_code == 404


# --- Handling: who may see what -----------------------------------------------------


@pytest.fixture
def testimony(testify):
    return testify(
        text="Secret: de eigenaar weigerde.",
        consent_contact=True,
        email="person@example.be",
    )


TESTIMONY_URLS = [
    ("get", "testimony", {}),
    ("post", "testimony_status", {"status": "closed"}),
    ("post", "testimony_message", {"body": "Hallo"}),
]


@pytest.mark.parametrize("method, name, data", TESTIMONY_URLS)
@pytest.mark.parametrize(
    "who", ["other_staff", "namur_handler", "former", "coordinator", "staff_user"]
)
def test_nobody_but_the_designated_handlers_reach_a_testimony(
    client, help_data, testimony, coordinator, staff_user, method, name, data, who
):
    user = {"coordinator": coordinator, "staff_user": staff_user}.get(who) or help_data[
        who
    ]
    client.force_login(user)
    for pk in (testimony.pk, testimony.pk + 1000, "abc", "²", "9" * 30):
        response = getattr(client, method)(url(name, pk=pk), data)
        assert response.status_code in (403, 404), (pk, response.status_code)
        assert b"Secret" not in response.content
    testimony.refresh_from_db()
    assert testimony.status == Testimony.Status.RECEIVED
    assert not Message.objects.exists()
    assert not AuditLog.objects.filter(action="help.read_testimony").exists()


@pytest.mark.parametrize("method, name, data", TESTIMONY_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, testimony, method, name, data):
    response = getattr(client, method)(url(name, pk=testimony.pk), data)
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_the_inbox_is_only_for_designated_staff(client, help_data, testimony):
    client.force_login(help_data["other_staff"])
    assert client.get(url("inbox")).status_code == 403
    client.force_login(help_data["namur_handler"])
    assert f"#{testimony.pk}" not in client.get(url("inbox")).content.decode()
    client.force_login(help_data["handler"])
    body = client.get(url("inbox")).content.decode()
    assert f"#{testimony.pk}" in body and "Secret" not in body


def test_the_handler_reads_acknowledges_and_writes_back(
    client, help_data, testimony, capture
):
    client.force_login(help_data["handler"])
    response = client.get(url("testimony", pk=testimony.pk))
    assert response.status_code == 200
    assert "Secret: de eigenaar weigerde." in response.content.decode()
    assert "no-store" in response.headers["Cache-Control"]
    assert "person@example.be" not in response.content.decode()
    assert AuditLog.objects.filter(
        action="help.read_testimony", actor=help_data["handler"]
    ).exists()

    response = client.post(
        url("testimony_status", pk=testimony.pk), {"status": "acknowledged"}
    )
    assert response.status_code == 302
    testimony.refresh_from_db()
    assert testimony.status == "acknowledged"

    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(
            url("testimony_message", pk=testimony.pk), {"body": "We bellen u."}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["person@example.be"]]


@pytest.mark.parametrize(
    "name, data",
    [
        ("testimony_status", {"status": ""}),
        ("testimony_status", {"status": "received"}),
        ("testimony_status", {"status": MARKUP}),
        ("testimony_message", {"body": ""}),
        ("testimony_message", {"body": BIG}),
    ],
)
def test_bad_handling_input_is_refused_with_a_message(
    client, help_data, testimony, name, data
):
    client.force_login(help_data["handler"])
    response = client.post(url(name, pk=testimony.pk), data)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    testimony.refresh_from_db()
    assert testimony.status == "received" and not Message.objects.exists()


def test_a_closed_status_cannot_go_back(client, help_data, testimony):
    client.force_login(help_data["handler"])
    client.post(url("testimony_status", pk=testimony.pk), {"status": "closed"})
    response = client.post(
        url("testimony_status", pk=testimony.pk), {"status": "acknowledged"}
    )
    assert response.status_code == 400
    testimony.refresh_from_db()
    assert testimony.status == "closed"


def test_the_person_reads_and_answers_through_the_signed_link(
    client, help_data, testimony
):
    services.write_to_person(
        by=help_data["handler"], testimony=testimony, body="We bellen u morgen."
    )
    link = url("reply", token=services.reply_token(testimony))
    response = client.get(link)
    assert response.status_code == 200
    body = response.content.decode()
    assert "We bellen u morgen." in body and "handler@example.org" not in body
    assert response.headers["Referrer-Policy"] == "no-referrer"
    started = ReplyForm.signer().sign("0")
    response = client.post(link, {"body": "Dank u.", "started": started})
    assert response.status_code == 302
    assert Message.objects.filter(direction="from_person").count() == 1
    assert client.post(link, {"body": "", "started": started}).status_code == 400
    assert client.post(link, {"body": BIG, "started": started}).status_code == 400
    assert Message.objects.filter(direction="from_person").count() == 1
    for forged in ("abc", f"{testimony.pk}.x:y", link.split("/")[-2] + "x"):
        assert client.get(url("reply", token=forged)).status_code == 404


def test_the_person_deletes_their_testimony_through_the_link(
    client, help_data, testimony
):
    services.write_to_person(by=help_data["handler"], testimony=testimony, body="Hallo")
    token = services.reply_token(testimony)
    assert client.get(url("reply_erase", token=token)).status_code == 405
    assert client.post(url("reply_erase", token="forged")).status_code == 404
    response = client.post(url("reply_erase", token=token))
    assert response.status_code == 200
    testimony.refresh_from_db()
    assert (testimony.text, testimony.contact, testimony.status) == ("", "", "closed")
    assert not testimony.messages.exists()
    assert testimony.field == "housing" and testimony.consent_figures
    assert client.get(url("reply", token=token)).status_code == 404
    assert AuditLog.objects.filter(action="help.erase_by_person").exists()
    client.force_login(help_data["handler"])
    assert client.get(url("testimony", pk=testimony.pk)).status_code == 403


def test_coordinators_see_counts_not_texts(client, coordinator, help_data, testimony):
    client.force_login(coordinator)
    response = client.get(url("overview"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Huis van de Mens Antwerpen" in body and "Secret" not in body
    client.force_login(help_data["handler"])
    assert client.get(url("overview")).status_code == 403


def test_nothing_about_a_testimony_in_public_pages_api_or_search(
    client, help_data, testimony
):
    pages = [
        "/fr/",
        "/fr/help/?field=housing&place=2000",
        "/fr/help/figures/",
        "/fr/search/?q=eigenaar",
        "/fr/news/feed/rss/",
        "/fr/news/feed/atom/",
        "/sitemap.xml",
        help_data["huis"].get_absolute_url(),
        "/api/v1/help/bodies",
        "/api/v1/help/services",
        "/api/v1/help/figures",
        "/api/v1/openapi.json",
    ]
    for page in pages:
        response = client.get(page, follow=True)
        assert response.status_code == 200, page
        content = (
            b"".join(response.streaming_content)
            if response.streaming
            else (response.content)
        )
        assert b"Secret" not in content and b"person@example.be" not in content, page
    csv = b"".join(client.get("/fr/help/figures.csv").streaming_content)
    assert b"Secret" not in csv


def test_testimony_pages_are_never_page_cached(client, help_data, testimony, settings):
    settings.PAGE_CACHE = True
    link = url("reply", token=services.reply_token(testimony))
    for _ in range(2):
        response = client.get(link)
        assert "X-Page-Cache" not in response.headers
        assert "no-store" in response.headers["Cache-Control"]


# --- Organisations' services ------------------------------------------------------------


def service_data(**values):
    return {
        "kind": "reception",
        "name_fr": "Accueil social",
        "opening_hours_fr": "Mardi 9h–12h",
        "fields_served": ["housing"],
        "municipality_names": "Namur, 5100",
        "position": "0",
        "is_published": "on",
    } | values


def test_staff_add_edit_and_delete_a_service(
    client, staff_user, organisation, help_data
):
    client.force_login(staff_user)
    assert client.get(url("services_manage", slug=organisation.slug)).status_code == 200
    response = client.post(
        url("service_create", slug=organisation.slug), service_data()
    )
    assert response.status_code == 302
    service = Service.objects.get(organisation=organisation)
    assert [m.nis_code for m in service.municipalities.all()] == ["92094"]
    response = client.post(
        url("service_edit", slug=organisation.slug, pk=service.pk),
        service_data(name_fr="Accueil du mardi"),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name_fr == "Accueil du mardi"
    profile = client.get(organisation.get_absolute_url()).content.decode()
    assert "Accueil du mardi" in profile and "Mardi 9h–12h" in profile
    response = client.post(url("service_delete", slug=organisation.slug, pk=service.pk))
    assert response.status_code == 302
    assert not Service.objects.filter(pk=service.pk).exists()


@pytest.mark.parametrize(
    "values, field",
    [
        ({"name_fr": ""}, "name_fr"),
        ({"name_fr": BIG}, "name_fr"),
        ({"kind": MARKUP}, "kind"),
        ({"opening_hours_fr": BIG}, "opening_hours_fr"),
        ({"municipality_names": "Atlantis"}, "municipality_names"),
        ({"municipality_names": ""}, None),
        ({"fields_served": ["moon"]}, "fields_served"),
        ({"regions": ["99999999999999999999"]}, "regions"),
    ],
)
def test_bad_service_input_is_refused(client, staff_user, organisation, values, field):
    client.force_login(staff_user)
    response = client.post(
        url("service_create", slug=organisation.slug), service_data(**values)
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert (field or "__all__") in form.errors, form.errors
    assert not Service.objects.exists()


def test_staff_cannot_touch_another_organisations_services(client, help_data):
    client.force_login(help_data["other_staff"])  # staff of Buurtwerk
    huis, service = help_data["huis"], help_data["huis_service"]
    assert client.get(url("services_manage", slug=huis.slug)).status_code == 403
    assert (
        client.post(url("service_create", slug=huis.slug), service_data()).status_code
        == 403
    )
    assert (
        client.post(
            url("service_edit", slug=huis.slug, pk=service.pk),
            service_data(name_fr="X"),
        ).status_code
        == 403
    )
    assert (
        client.post(url("service_delete", slug=huis.slug, pk=service.pk)).status_code
        == 403
    )
    # Their own organisation's page with another's service id: not found.
    buurt = help_data["buurt"].slug
    for pk in (service.pk, "abc", "9" * 30):
        assert client.post(url("service_delete", slug=buurt, pk=pk)).status_code == 404
        assert client.get(url("service_edit", slug=buurt, pk=pk)).status_code == 404
    assert Service.objects.filter(
        pk=service.pk, name_fr="Permanence socio-juridique"
    ).exists()


@pytest.mark.parametrize("name", ["testify", "reply", "testimony_message"])
def test_error_reports_never_carry_what_a_person_wrote(rf, name, testimony):
    from django.views.debug import SafeExceptionReporterFilter

    from plaidoyer.help import views

    kwargs = {
        "testify": {},
        "reply": {"token": services.reply_token(testimony)},
        "testimony_message": {"pk": testimony.pk},
    }[name]
    request = rf.post("/", {"text": "Secret", "body": "Secret"})
    request.user = testimony.organisation.staff.first().user
    request.session = {}
    request._dont_enforce_csrf_checks = True
    with contextlib.suppress(Exception):  # only what the view marks matters here
        getattr(views, name)(request, **kwargs)
    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert "Secret" not in str(dict(cleaned))


# --- Testimony desks ---------------------------------------------------------------------


def test_coordinators_mark_an_organisation_and_designate_its_staff(
    client, coordinator, help_data, organisation, staff_user
):
    from plaidoyer.help.models import HandlingDesk

    client.force_login(coordinator)
    assert client.get(url("desks")).status_code == 200
    buurt = help_data["buurt"]
    response = client.post(
        url("desks"),
        {"organisation": buurt.pk, "fields_handled": ["housing"], "is_active": "on"},
    )
    desk = HandlingDesk.objects.get(organisation=buurt)
    assert response.status_code == 302 and response["Location"] == url(
        "desk_edit", pk=desk.pk
    )
    other = help_data["other_staff"]  # on Buurtwerk's staff
    response = client.post(
        url("desk_edit", pk=desk.pk),
        {
            "handlers": [other.pk],
            "regions": [help_data["flanders"].pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert list(desk.handlers.all()) == [other]
    assert AuditLog.objects.filter(action="help.save_desk").count() == 2


@pytest.mark.parametrize(
    "data, field",
    [
        ({"handlers": ["STAFF_USER"]}, "handlers"),  # not on this organisation's staff
        ({"handlers": ["9" * 30]}, "handlers"),
        ({"handlers": ["abc"]}, "handlers"),
        ({"regions": [MARKUP]}, "regions"),
        ({"fields_handled": ["moon"]}, "fields_handled"),
    ],
)
def test_bad_desk_input_is_refused(
    client, coordinator, help_data, staff_user, data, field
):
    desk = help_data["desk"]
    client.force_login(coordinator)
    data = {
        k: [staff_user.pk if v == "STAFF_USER" else v for v in values]
        for k, values in data.items()
    }
    response = client.post(url("desk_edit", pk=desk.pk), {"is_active": "on", **data})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert list(desk.handlers.all()) == [help_data["handler"]]


def test_only_coordinators_manage_desks(client, help_data):
    desk = help_data["desk"]
    client.force_login(help_data["handler"])
    assert client.get(url("desks")).status_code == 403
    assert (
        client.post(url("desks"), {"organisation": desk.organisation_id}).status_code
        == 403
    )
    response = client.post(url("desk_edit", pk=desk.pk), {"handlers": []})
    assert response.status_code == 403
    assert list(desk.handlers.all()) == [help_data["handler"]]


def test_no_log_line_and_no_counter_says_anything_about_a_testimony(
    client, help_data, caplog, settings
):
    import logging

    from django.db import connection

    from plaidoyer.core.models import RateLimitCounter

    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    connection.force_debug_cursor = True  # SQL and its parameters logged too
    try:
        client.post(
            url("testify"),
            form_data(
                text="Secret story",
                consent_contact="on",
                email="person@example.be",
                phone="0470 11 22 33",
            ),
            REMOTE_ADDR="198.51.100.77",
        )
        testimony = Testimony.objects.get()
        client.force_login(help_data["handler"])
        client.get(url("testimony", pk=testimony.pk))
        client.post(url("testimony_message", pk=testimony.pk), {"body": "Secret reply"})
    finally:
        connection.force_debug_cursor = False
    assert "INSERT" in caplog.text  # the queries were logged, with their parameters
    for secret in ("Secret", "person@example.be", "0470 11", "198.51.100.77"):
        assert secret not in caplog.text
    assert not any(
        "198.51.100.77" in key
        for key in RateLimitCounter.objects.values_list("key", flat=True)
    )


def test_the_directory_and_its_map_say_which_organisations_offer_help(
    client, help_data
):
    page = client.get("/nl/organisations/?q=antwerpen").content.decode()
    assert '<p class="card-notes">Sociaal-juridische hulp</p>' in page
    assert '<p class="card-notes">Onthaal</p>' in page
    points = client.get("/nl/organisations/map.json?q=antwerpen").json()["points"]
    notes = {point[2]: point[4] for point in points}
    assert notes == {
        "Huis van de Mens Antwerpen": "Sociaal-juridische hulp",
        "Buurtwerk Antwerpen-Noord": "Onthaal",
    }


def test_the_cached_where_to_turn_page_keeps_its_answers_and_drops_junk(
    client, help_data, settings
):
    # The page cache drops query parameters a page does not declare: the answers
    # of this form must stay.
    settings.PAGE_CACHE = True
    url = "/nl/help/?field=housing&ground=origin&place=Antwerpen&utm_source=x"
    for _ in range(2):
        page = client.get(url).content.decode()
        assert 'value="Antwerpen"' in page and "Huis van de Mens Antwerpen" in page
        assert "utm_source" not in page
    points = client.get("/nl/help/map.json?field=housing&place=Antwerpen").json()
    assert points
