"""The personal-data pages: the coordinators' tool and the person's signed link."""

import datetime
import io
import json
import re
import zipfile

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from plaidoyer.accounts import personal_data as accounts_data
from plaidoyer.core import personal_data
from plaidoyer.core.models import AuditLog
from plaidoyer.events import services as event_services
from plaidoyer.events.models import Event, Registration
from plaidoyer.news.models import Subscriber

pytestmark = pytest.mark.django_db

ANA = "ana@example.org"
LOOKUP = "/fr/accounts/personal-data/lookup/"


@pytest.fixture
def ana(make_event):
    """Ana registered for a ten-seat event and subscribed to the newsletter."""
    event = make_event(capacity=10)
    event_services.register_participant(event=event, name="Ana Lima", email=ANA)
    Subscriber.objects.create(email=ANA, confirmed_at=timezone.now())
    return event


def _zip(response) -> zipfile.ZipFile:
    assert response["Content-Type"] == "application/zip"
    assert "attachment;" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def _link(capture, client, email=ANA, language="fr") -> str:
    with capture(execute=True):
        response = client.post(f"/{language}/accounts/personal-data/", {"email": email})
    assert response.status_code == 200
    body = mail.outbox[-1].body
    return re.search(r"https?://\S+(/\w\w/accounts/personal-data/[^/\s]+/)", body)[1]


# --- Coordinators ---------------------------------------------------------------------


def test_coordinator_finds_exports_and_erases_after_confirming(
    client, coordinator, ana
):
    client.force_login(coordinator)
    page = client.get(LOOKUP, {"email": " ANA@example.org "})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ana Lima" in html and "events.registration" not in html.split("<main")[0]
    assert page.context["groups"][0]["kind"] == "events.registration"

    archive = _zip(client.post(LOOKUP + "export/", {"email": ANA}))
    assert json.loads(archive.read("data.json"))["email"] == ANA
    assert "news.subscriber.csv" in archive.namelist()

    # First POST: a confirmation page, nothing erased.
    confirm = client.post(LOOKUP + "erase/", {"email": ANA})
    assert confirm.status_code == 200
    assert 'name="confirm"' in confirm.content.decode()
    assert Subscriber.objects.exists()
    # A wrong echo: still nothing erased, and it says so.
    wrong = client.post(LOOKUP + "erase/", {"email": ANA, "confirm": "bob@x.be"})
    assert "ne correspond pas" in wrong.content.decode()
    assert Subscriber.objects.exists()

    done = client.post(LOOKUP + "erase/", {"email": ANA, "confirm": ANA.upper()})
    assert done.status_code == 200
    assert not Subscriber.objects.exists()
    assert Registration.objects.get().anonymised_at is not None
    assert Event.objects.get(pk=ana.pk).seats_taken == 1
    entry = AuditLog.objects.get(action="core.erase_personal_data")
    assert entry.actor == coordinator
    assert entry.after["email_hash"] == personal_data.email_hash(ANA)
    assert ANA not in json.dumps(entry.after)
    assert client.get(LOOKUP, {"email": ANA}).context["groups"] == []


def test_the_tool_is_linked_from_the_coordinators_space(client, coordinator, make_user):
    client.force_login(coordinator)
    assert LOOKUP in client.get("/fr/workspace/").content.decode()
    client.force_login(make_user("staff@example.org"))
    assert LOOKUP not in client.get("/fr/workspace/").content.decode()


@pytest.mark.parametrize(
    "method,url",
    [("get", LOOKUP), ("post", LOOKUP + "export/"), ("post", LOOKUP + "erase/")],
)
def test_only_coordinators_may_use_the_tool(client, make_user, ana, method, url):
    data = {"email": ANA, "confirm": ANA}
    anonymous = getattr(client, method)(url, data)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(make_user("staff@example.org"))
    assert getattr(client, method)(url, data).status_code == 403
    assert Subscriber.objects.exists()


def test_writes_are_post_only(client, coordinator):
    client.force_login(coordinator)
    assert client.get(LOOKUP + "export/", {"email": ANA}).status_code == 405
    assert (
        client.get(LOOKUP + "erase/", {"email": ANA, "confirm": ANA}).status_code == 405
    )
    assert client.post(LOOKUP, {"email": ANA}).status_code == 405


@pytest.mark.parametrize(
    "email", ["", "<script>alert(1)</script>", "x" * 100_000 + "@example.org"]
)
def test_bad_addresses_get_a_clear_message(client, coordinator, ana, email):
    client.force_login(coordinator)
    for response in (
        client.get("/nl" + LOOKUP[3:], {"email": email}),
        client.post("/nl" + LOOKUP[3:] + "erase/", {"email": email, "confirm": email}),
        client.post("/nl" + LOOKUP[3:] + "export/", {"email": email}),
    ):
        assert response.status_code == 400
        html = response.content.decode()
        assert "<script>alert" not in html
        assert 'class="error-summary"' in html
    assert Subscriber.objects.exists()


# --- The person themselves -----------------------------------------------------------


def test_the_person_gets_a_link_in_their_language_and_erases(client, capture, ana):
    path = _link(capture, client, ANA.upper(), language="nl")
    message = mail.outbox[-1]
    assert message.to == [ANA]
    assert "persoonsgegevens" in message.subject.lower()
    page = client.get(path)
    assert page.status_code == 200 and "Ana Lima" in page.content.decode()

    archive = _zip(client.post(path + "export/"))
    assert "events.registration.csv" in archive.namelist()
    assert Subscriber.objects.exists()

    confirm = client.post(path + "erase/")
    assert confirm.status_code == 200 and 'value="yes"' in confirm.content.decode()
    assert Subscriber.objects.exists()
    done = client.post(path + "erase/", {"confirm": "yes"})
    assert done.status_code == 200
    assert not Subscriber.objects.exists()
    assert Event.objects.get(pk=ana.pk).seats_taken == 1
    entry = AuditLog.objects.get(action="core.erase_personal_data")
    assert entry.actor is None and entry.actor_repr == accounts_data.BY_PERSON

    # The link replayed: it still opens, and says nothing is held any more.
    again = client.post(path + "erase/", {"confirm": "yes"})
    assert again.status_code == 200
    assert client.get(path).context["groups"] == []


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(
    client, capture, ana
):
    known = client.post("/fr/accounts/personal-data/", {"email": ANA})
    unknown = client.post("/fr/accounts/personal-data/", {"email": "nobody@x.be"})
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content


def test_links_are_limited_per_address_silently_and_per_connection(client, capture):
    with capture(execute=True):
        for _ in range(accounts_data.LINKS_PER_ADDRESS + 2):
            response = client.post("/fr/accounts/personal-data/", {"email": ANA})
            assert response.status_code == 200
    assert len(mail.outbox) == accounts_data.LINKS_PER_ADDRESS
    statuses = [
        client.post("/fr/accounts/personal-data/", {"email": f"p{i}@x.be"}).status_code
        for i in range(accounts_data.LINKS_PER_IP)
    ]
    assert statuses[-1] == 429


@pytest.mark.parametrize("email", ["", "<b>@x", "x" * 100_000])
def test_the_request_form_refuses_bad_input_in_the_visitors_language(
    client, capture, email
):
    with capture(execute=True):
        response = client.post("/de/accounts/personal-data/", {"email": email})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert (
        "Bitte" in response.content.decode() or "gültige" in response.content.decode()
    )
    assert not mail.outbox


def test_forged_altered_and_expired_links_are_refused(client, capture, ana):
    path = _link(capture, client)
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = personal_data.make_token("bob@x.be")[:-3] + "abc"
    for bad in (
        f"/nl/accounts/personal-data/{forged}/",
        f"/nl/accounts/personal-data/{token[:-1]}x/",
        "/nl/accounts/personal-data/" + "x" * 3000 + "/",
    ):
        response = client.get(bad)
        assert response.status_code == 404
        assert "niet geldig" in response.content.decode()
        assert client.post(bad + "erase/", {"confirm": "yes"}).status_code == 404
        assert client.post(bad + "export/").status_code == 404
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        assert client.get(path).status_code == 404
        assert client.post(path + "erase/", {"confirm": "yes"}).status_code == 404
    assert Subscriber.objects.exists()
    assert not AuditLog.objects.filter(action="core.erase_personal_data").exists()


def test_the_link_pages_act_only_on_post(client, capture, ana):
    path = _link(capture, client)
    assert client.get(path + "erase/").status_code == 405
    assert client.get(path + "export/").status_code == 405
    assert Subscriber.objects.exists()


# --- The command ---------------------------------------------------------------------


def test_command_exports_and_erases(ana, tmp_path, monkeypatch):
    target = tmp_path / "ana.zip"
    out = io.StringIO()
    call_command("personal_data", ANA, "--export", str(target), stdout=out)
    assert "events.registration: 1" in out.getvalue()
    assert "data.json" in zipfile.ZipFile(target).namelist()
    assert Subscriber.objects.exists()

    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError):
        call_command("personal_data", ANA, "--erase", stdout=io.StringIO())
    assert Subscriber.objects.exists()

    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    call_command("personal_data", ANA, "--erase", stdout=io.StringIO())
    assert not Subscriber.objects.exists()
    call_command(
        "personal_data", ANA, "--erase", "--yes", stdout=(out := io.StringIO())
    )
    assert "Nothing is held" in out.getvalue()


def test_command_refuses_a_bad_address(db):
    with pytest.raises(CommandError):
        call_command("personal_data", "not-an-address", "--erase", "--yes")
