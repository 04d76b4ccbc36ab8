"""Per-person export and erasure across every app (core.personal_data)."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from plaidoyer.accounts.models import User
from plaidoyer.campaigns import selectors as campaign_selectors
from plaidoyer.campaigns import services as campaign_services
from plaidoyer.campaigns.models import Action
from plaidoyer.commitments.models import Follower
from plaidoyer.core import audit, personal_data
from plaidoyer.core.models import AuditLog, OutgoingEmail
from plaidoyer.events import services as event_services
from plaidoyer.events.models import Event, Registration
from plaidoyer.news import services as news_services
from plaidoyer.news.models import Delivery, Newsletter, Subscriber
from plaidoyer.organisations import services as organisation_services
from plaidoyer.organisations.models import Contact, Staff
from plaidoyer.organisations.services import ContactChange
from plaidoyer.processes.models import Comment, Draft

pytestmark = pytest.mark.django_db

ANA = "ana.person@example.org"


@pytest.fixture
def ana_everywhere(
    make_event, campaign, barometer, organisation, coordinator, make_user, capture
):
    """Ana's traces in every app, and Bob's beside them (Bob must be untouched)."""
    event = make_event(capacity=10)
    for who, email in (("Ana", "Ana.Person@Example.org"), ("Bob", "bob@example.org")):
        event_services.register_participant(
            event=event,
            name=who,
            email=email,
            answers={"diet": "vegan"},
            accessibility_needs="wheelchair",
        )
    for who, email in (("Ana", "ana.person+letters@example.org"), ("Bob", "bob@x.be")):
        submission = campaign_services.submit_action(
            case=campaign.cases.get(slug="ana"),
            kind="letter",
            name=who,
            email=email,
            postcode="5000",
            letter=f"{who}'s own words",
        )
        campaign_services.confirm_action(token=submission.action.token)
    with capture(execute=True):
        news_services.subscribe(email=ANA.upper(), language="nl")
    subscriber = Subscriber.objects.get(email=ANA)
    newsletter = Newsletter.objects.create(subject="Nieuws")
    Delivery.objects.create(
        newsletter=newsletter, subscriber=subscriber, sent_at=timezone.now()
    )
    recommendation = next(iter(barometer["recs"].values()))
    Follower.objects.create(recommendation=recommendation, email=ANA)
    Follower.objects.create(recommendation=recommendation, email="bob@example.org")
    ana = make_user(ANA, full_name="Ana Person")
    Staff.objects.create(user=ana, organisation=organisation)
    organisation_services.save_contacts(
        by=coordinator,
        organisation=organisation,
        contacts=[
            ContactChange(id=None, name="Ana", email=ANA, phone="+32 470 12 34 56"),
            ContactChange(id=None, name="Bob", email="bob@example.org"),
        ],
    )
    draft = Draft.objects.create(
        process=_process(), sector=barometer["employment"], title="Projet"
    )
    Comment.objects.create(
        draft=draft, organisation=organisation, author=ana, body="Bien vu."
    )
    OutgoingEmail.objects.create(to=[ANA], subject="Queued", body="for Ana")
    OutgoingEmail.objects.create(to=["bob@example.org"], subject="Queued", body="Bob")
    # Another address that merely contains Ana's is not hers.
    OutgoingEmail.objects.create(to=[f"x{ANA}"], subject="Queued", body="Xana")
    OutgoingEmail.objects.create(to=[f"Ana <{ANA}>"], subject="Named", body="for Ana")
    DBTaskResult.objects.create(
        status=TaskResultStatus.SUCCESSFUL,
        args_kwargs={"args": [], "kwargs": {"email": ANA}},
        task_path="plaidoyer.news.tasks.x",
        backend_name="default",
        run_after=timezone.now(),
        finished_at=timezone.now(),
    )
    DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {"email": ANA}},
        task_path="plaidoyer.news.tasks.y",
        backend_name="default",
        run_after=timezone.now(),
    )
    audit.record(by=ana, action="t.by_ana")
    audit.record(by=coordinator, action="t.about_ana", after={"to": ANA, "n": 1})
    return {"event": event, "campaign": campaign, "ana": ana, "draft": draft}


def _process():
    from plaidoyer.processes.models import Process

    return Process.objects.create(slug="p", title_fr="Processus")


def _kinds(email=ANA):
    return {p.kind: rows for p, rows in personal_data.collect(email)}


def test_collect_finds_the_person_in_every_app(ana_everywhere):
    found = _kinds()
    assert {
        "events.registration",
        "campaigns.action",
        "news.subscriber",
        "commitments.follower",
        "organisations.staff",
        "organisations.contact",
        "processes.comment",
        "accounts.user",
        "core.outgoing_email",
        "core.task",
        "core.audit_log",
    } <= set(found)
    assert [r["name"] for r in found["events.registration"]] == ["Ana"]
    # The campaign matches as it counts: "+letters" is the same person.
    assert [r["name"] for r in found["campaigns.action"]] == ["Ana"]
    assert [r["email"] for r in found["organisations.contact"]] == [ANA]
    assert len(found["core.task"]) == 2
    # The newsletter confirmation she was sent, and the two queued for her.
    assert [m["body"] for m in found["core.outgoing_email"]][1:] == ["for Ana"] * 2
    # Case and spaces do not matter.
    assert _kinds(f"  {ANA.upper()} ").keys() == found.keys()


def test_export_is_a_zip_of_json_and_one_csv_per_kind(ana_everywhere):
    archive = zipfile.ZipFile(io.BytesIO(personal_data.export_zip(ANA)))
    names = set(archive.namelist())
    data = json.loads(archive.read("data.json"))
    assert data["email"] == ANA
    assert {f"{kind}.csv" for kind in data["records"]} | {"data.json"} == names
    registrations = archive.read("events.registration.csv").decode()
    assert registrations.splitlines()[0].startswith("id,event,")
    assert "wheelchair" in registrations
    assert "bob@example.org" not in archive.read("data.json").decode()


def test_export_cells_never_run_as_formulas(make_event):
    event = make_event()
    event_services.register_participant(event=event, name="=HYPERLINK(1)", email=ANA)
    archive = zipfile.ZipFile(io.BytesIO(personal_data.export_zip(ANA)))
    assert ",'=HYPERLINK(1)," in archive.read("events.registration.csv").decode()


def test_erase_anonymises_counted_rows_deletes_the_rest_and_keeps_counts(
    ana_everywhere, coordinator, client
):
    event, campaign = ana_everywhere["event"], ana_everywhere["campaign"]
    seats_before = Event.objects.get(pk=event.pk).seats_taken
    counts_before = campaign_selectors.counts(campaign, fresh=True)
    page_before = client.get(campaign.get_absolute_url()).content.decode()

    counts = personal_data.erase(email=ANA.upper(), by=coordinator, allowed=True)

    assert counts["events.registration"] == 1
    assert counts["campaigns.action"] == 1
    # Only the task under way still names her (test below).
    assert set(_kinds()) == {"core.task"}
    # Anonymised, still counted.
    assert Event.objects.get(pk=event.pk).seats_taken == seats_before == 2
    seated = Registration.objects.filter(event=event, status__in=Registration.SEATED)
    assert seated.count() == 2
    assert campaign_selectors.counts(campaign, fresh=True) == counts_before
    assert counts_before["online"] == 2
    figure = '<span class="figure">2</span>'
    assert figure in page_before
    assert figure in client.get(campaign.get_absolute_url()).content.decode()
    registration = Registration.objects.exclude(name="Bob").get()
    assert registration.anonymised_at is not None
    assert registration.status == Registration.Status.PENDING
    assert (registration.answers, registration.accessibility_needs) == ({}, "")
    action = Action.objects.exclude(name="Bob").get()
    assert (action.name, action.email, action.letter) == ("", "", "")
    assert action.anonymised_at is not None and action.confirmed_at is not None
    # Deleted.
    assert not Subscriber.objects.filter(email=ANA).exists()
    assert not Delivery.objects.exists()
    assert list(Follower.objects.values_list("email", flat=True)) == ["bob@example.org"]
    assert list(Contact.objects.values_list("name", flat=True)) == ["Bob"]
    assert not Staff.objects.filter(user=ana_everywhere["ana"]).exists()
    assert set(OutgoingEmail.objects.values_list("body", flat=True)) == {"Bob", "Xana"}
    # A finished task goes; one under way is left to finish.
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == [
        TaskResultStatus.RUNNING
    ]
    # The comment stays the organisation's, without its author.
    assert Comment.objects.get().author is None
    # The account is closed and nameless.
    ana = User.objects.get(pk=ana_everywhere["ana"].pk)
    assert not ana.is_active and not ana.has_usable_password()
    assert (ana.email, ana.full_name) == (f"erased-{ana.pk}@invalid", "")
    # Bob is untouched.
    assert Registration.objects.get(name="Bob").email == "bob@example.org"
    assert Action.objects.get(name="Bob").email == "bob@x.be"


def test_erase_leaves_no_trace_of_the_address_in_the_audit_log(
    ana_everywhere, coordinator
):
    personal_data.erase(email=ANA, by=coordinator, allowed=True)
    for row in AuditLog.objects.all():
        text = json.dumps([row.actor_repr, row.target_repr, row.before, row.after])
        assert ANA not in text.lower()
    entry = AuditLog.objects.get(action="core.erase_personal_data")
    assert entry.actor == coordinator
    assert entry.after["email_hash"] == personal_data.email_hash(ANA)
    assert entry.after["counts"]["campaigns.action"] == 1
    assert AuditLog.objects.get(action="t.about_ana").after == {"to": "erased", "n": 1}


def test_erase_twice_finds_nothing_the_second_time(ana_everywhere, coordinator):
    personal_data.erase(email=ANA, by=coordinator, allowed=True)
    DBTaskResult.objects.all().delete()  # the task under way finished
    assert personal_data.erase(email=ANA, by=coordinator, allowed=True) == {}


def test_erase_is_all_or_nothing(ana_everywhere, coordinator, monkeypatch):
    def broken(email):
        raise RuntimeError("disk full")

    monkeypatch.setitem(
        personal_data._providers,
        "zz.broken",
        personal_data.Provider("zz.broken", "Broken", 999, lambda e: [], broken),
    )
    with pytest.raises(RuntimeError):
        personal_data.erase(email=ANA, by=coordinator, allowed=True)
    assert Registration.objects.filter(email__iexact=ANA).exists()
    assert Subscriber.objects.filter(email=ANA).exists()
    assert not AuditLog.objects.filter(action="core.erase_personal_data").exists()


def test_erase_refused_without_permission(ana_everywhere, coordinator):
    with pytest.raises(PermissionDenied):
        personal_data.erase(email=ANA, by=coordinator, allowed=False)
    assert Subscriber.objects.filter(email=ANA).exists()


@pytest.mark.parametrize(
    "email", ["", "   ", "not an address", "<b>@x.be", "a" * 100_000 + "@x.be"]
)
def test_bad_addresses_are_refused(email, coordinator):
    with pytest.raises(ValidationError):
        personal_data.collect(email)
    with pytest.raises(ValidationError):
        personal_data.erase(email=email, by=coordinator, allowed=True)


def test_export_is_audited_with_a_hash(ana_everywhere, coordinator):
    personal_data.export(email=ANA, by=coordinator, allowed=True)
    entry = AuditLog.objects.get(action="core.export_personal_data")
    assert entry.after == {"email_hash": personal_data.email_hash(ANA)}
    with pytest.raises(PermissionDenied):
        personal_data.export(email=ANA, by=coordinator, allowed=False)


def test_tokens_name_their_address_for_24_hours(db):
    token = personal_data.make_token(" Ana@Example.org ")
    assert personal_data.read_token(token) == "ana@example.org"
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        assert personal_data.read_token(token) is None
    assert personal_data.read_token(token[:-2] + "xx") is None
    assert personal_data.read_token("") is None
    assert personal_data.read_token("x" * 5000) is None
    # Signed for something else (another salt): not a link to anyone's data.
    assert personal_data.read_token(signing.dumps({"e": "ana@example.org"})) is None


def test_contact_addresses_and_phones_never_reach_the_audit_log(
    organisation, coordinator
):
    save = organisation_services.save_contacts
    save(
        by=coordinator,
        organisation=organisation,
        contacts=[ContactChange(id=None, name="Ana", email=ANA, phone="0470 11 22 33")],
    )
    contact = Contact.objects.get()
    save(
        by=coordinator,
        organisation=organisation,
        contacts=[
            ContactChange(
                id=contact.pk, name="Ana", email="new@example.org", phone="02 555 66 77"
            )
        ],
    )
    save(
        by=coordinator,
        organisation=organisation,
        contacts=[ContactChange(id=contact.pk, name="Ana", delete=True)],
    )
    rows = AuditLog.objects.filter(target_type="organisations.contact").order_by("id")
    assert [r.action for r in rows] == [
        "organisations.save_contact",
        "organisations.save_contact",
        "organisations.delete_contact",
    ]
    text = json.dumps([[r.before, r.after, r.target_repr] for r in rows])
    for secret in (ANA, "new@example.org", "0470 11 22 33", "02 555 66 77", "@"):
        assert secret not in text
    # What changed still shows: the field, not its value.
    assert rows[1].before == {"email": audit.CHANGED, "phone": audit.CHANGED}
    assert rows[1].after == {"email": audit.CHANGED, "phone": audit.CHANGED}


def test_clearing_a_personal_field_shows_as_cleared(organisation, coordinator):
    save = organisation_services.save_contacts
    save(
        by=coordinator,
        organisation=organisation,
        contacts=[ContactChange(id=None, name="Ana", email=ANA)],
    )
    contact = Contact.objects.get()
    save(
        by=coordinator,
        organisation=organisation,
        contacts=[ContactChange(id=contact.pk, name="Ana", email="")],
    )
    row = AuditLog.objects.filter(action="organisations.save_contact").first()
    assert (row.before, row.after) == ({"email": audit.CHANGED}, {"email": ""})
