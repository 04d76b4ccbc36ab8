"""Writing sessions: created by hosts, requested by the public, reported, reminded."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from plaidoyer.campaigns import selectors, services, tasks
from plaidoyer.campaigns.models import PaperBatch, SessionRequest, WritingSession
from plaidoyer.campaigns.pdf import kit_pdf
from plaidoyer.core.ratelimit import SuspectedBot
from plaidoyer.events.models import Event
from plaidoyer.places.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def trusted_host(organisation):
    """The hosting member is trusted: its sessions are public at once (an
    untrusted host's wait for a coordinator, as any member's event does)."""
    from plaidoyer.organisations.models import Organisation

    Organisation.objects.filter(pk=organisation.pk).update(trusted=True)
    organisation.trusted = True
    return organisation


@pytest.fixture
def namur():
    return Municipality.objects.get(nis_code="92094")


def _session(by, campaign, host, *, days=1, **changes):
    starts = timezone.now() + datetime.timedelta(days=days)
    fields = {
        "campaign": campaign,
        "host": host,
        "title": "Écrire pour Ana",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "mode": "in_person",
        "municipality": host.municipality,
        "venue": "Salle des fêtes",
        **changes,
    }
    return services.create_writing_session(by=by, **fields)


@pytest.fixture
def session(staff_user, campaign, organisation):
    return _session(staff_user, campaign, organisation)


def _held(session):
    """Move the session into the past (held yesterday)."""
    starts = timezone.now() - datetime.timedelta(days=1)
    Event.objects.filter(pk=session.event_id).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    return WritingSession.objects.get(pk=session.pk)


def test_host_staff_creates_a_session_in_the_agenda(session, organisation, campaign):
    event = session.event
    assert event.kind == Event.Kind.WRITING_SESSION
    assert list(event.organisers.all()) == [organisation]
    assert event.title_nl == "Écrire pour Ana" and event.is_published
    assert list(selectors.writing_sessions(campaign)) == [session]
    [point] = selectors.session_points(campaign)
    assert point[2] == "Écrire pour Ana, Namur"


def test_an_untrusted_hosts_session_waits_for_a_coordinator(
    staff_user, coordinator, campaign, organisation
):
    from plaidoyer.events.services import approve_event
    from plaidoyer.organisations.models import Organisation

    Organisation.objects.filter(pk=organisation.pk).update(trusted=False)
    session = _session(staff_user, campaign, organisation)
    assert not session.event.is_published
    assert list(selectors.writing_sessions(campaign)) == []
    approve_event(by=coordinator, event=session.event)
    assert list(selectors.writing_sessions(campaign)) == [session]


def test_staff_of_another_organisation_cannot_create_for_the_host(
    make_user, make_organisation, campaign, organisation
):
    from plaidoyer.organisations.models import Staff

    other = make_user("b@example.org")
    Staff.objects.create(user=other, organisation=make_organisation("Autre"))
    with pytest.raises(PermissionDenied):
        _session(other, campaign, organisation)
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 100_000}, "title"),
        ({"mode": "teleport"}, "mode"),
        ({"municipality": None}, "municipality"),
        ({"starts_at": None}, "starts_at"),
        ({"days": 400}, "starts_at"),
        ({"audience": "everyone"}, "audience"),
    ],
)
def test_bad_sessions_are_refused_and_nothing_saved(
    staff_user, campaign, organisation, changes, field
):
    with pytest.raises(ValidationError) as exc:
        _session(staff_user, campaign, organisation, **changes)
    assert field in exc.value.message_dict
    assert not Event.objects.exists() and not WritingSession.objects.exists()


def test_markup_in_a_title_is_kept_as_text(staff_user, campaign, organisation):
    session = _session(
        staff_user, campaign, organisation, title="<b>Atelier</b><script>x</script>"
    )
    assert session.event.title == "Atelier"  # tags and scripts go


def test_report_becomes_a_prefilled_batch_that_counts_once_validated(
    session, staff_user, coordinator, campaign, organisation
):
    session = _held(session)
    batch = services.report_session(
        by=staff_user,
        session=session,
        case=campaign.cases.first(),
        letters=120,
        drawings=30,
    )
    session.refresh_from_db()
    assert session.batch == batch and session.reported_at
    assert batch.organisation == organisation
    assert batch.municipality.nis_code == "92094"
    assert batch.collected_on == timezone.localdate() - datetime.timedelta(days=1)
    assert batch.status == PaperBatch.Status.SUBMITTED
    assert selectors.counts(campaign, fresh=True)["paper"] == 0
    assert list(selectors.sessions_awaiting_report()) == []
    services.review_batch(by=coordinator, batch=batch, validate=True)
    assert selectors.counts(campaign, fresh=True)["paper"] == 150
    assert selectors.session_counts(campaign) == {
        "sessions": 1,
        "held": 1,
        "letters": 120,
        "drawings": 30,
    }


def test_a_session_is_reported_once_unless_the_report_was_rejected(
    session, staff_user, coordinator, campaign
):
    case = campaign.cases.first()
    with pytest.raises(ValidationError):  # not held yet
        services.report_session(
            by=staff_user, session=session, case=case, letters=1, drawings=0
        )
    session = _held(session)
    batch = services.report_session(
        by=staff_user, session=session, case=case, letters=5, drawings=0
    )
    with pytest.raises(ValidationError):
        services.report_session(
            by=staff_user, session=session, case=case, letters=5, drawings=0
        )
    services.review_batch(by=coordinator, batch=batch, validate=False, reason="Non")
    assert list(selectors.sessions_awaiting_report()) == [session]
    again = services.report_session(
        by=staff_user, session=session, case=case, letters=4, drawings=0
    )
    assert WritingSession.objects.get().batch == again


@pytest.mark.parametrize(
    ("letters", "drawings"), [(-1, 0), (10**12, 0), (0, 0), (0, 100_001)]
)
def test_impossible_reports_are_refused(
    session, staff_user, campaign, letters, drawings
):
    session = _held(session)
    with pytest.raises(ValidationError):
        services.report_session(
            by=staff_user,
            session=session,
            case=campaign.cases.first(),
            letters=letters,
            drawings=drawings,
        )
    assert not PaperBatch.objects.exists()


def test_a_rejected_batch_emails_its_group_the_reason_once_in_their_language(
    staff_user, coordinator, make_batch, capture
):
    staff_user.language = "nl"
    staff_user.save()
    batch = make_batch(by=staff_user, letters=3)
    with capture(execute=True):
        services.review_batch(
            by=coordinator, batch=batch, validate=False, reason="Onleesbare foto"
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["staff@example.org"]
    assert "niet gevalideerd" in message.subject
    assert "Onleesbare foto" in message.body
    tasks.send_batch_rejected.call(batch_id=batch.pk)  # a retry sends nothing more
    assert len(mail.outbox) == 1


def test_a_validated_batch_sends_no_email(staff_user, coordinator, make_batch, capture):
    batch = make_batch(by=staff_user, letters=3)
    with capture(execute=True):
        services.review_batch(by=coordinator, batch=batch, validate=True)
    assert mail.outbox == []


def test_hosts_who_did_not_report_are_reminded_exactly_once(
    session, staff_user, settings
):
    settings.WRITING_SESSION_REPORT_DAYS = 3
    session = _held(session)
    assert services.remind_unreported() == 0  # ended yesterday: not yet
    later = timezone.now() + datetime.timedelta(days=3)
    with time_machine.travel(later):
        services.remind_unreported()
        services.remind_unreported()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["staff@example.org"]
    assert f"/sessions/{session.pk}/report/" in mail.outbox[0].body


def test_reported_sessions_get_no_reminder(session, staff_user, campaign):
    session = _held(session)
    services.report_session(
        by=staff_user,
        session=session,
        case=campaign.cases.first(),
        letters=1,
        drawings=0,
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30)):
        assert services.remind_unreported() == 0
    assert mail.outbox == []


# --- Public requests ----------------------------------------------------------------


def _request(campaign, **changes):
    fields = {
        "campaign": campaign,
        "kind": "school",
        "name": "Anke Peeters",
        "email": "anke@school.example",
        "organisation_name": "Sint-Jozefschool",
        "town": "Namur",
        "participants": 25,
        "date_wish": timezone.localdate() + datetime.timedelta(days=7),
        "message": "",
        "language": "nl",
        "ip": "10.1.1.1",
        "seconds_on_form": 30.0,
        **changes,
    }
    return services.request_session(**fields)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 100_000}, "name"),
        ({"email": "nope"}, "email"),
        ({"organisation_name": "<script></script>"}, "organisation_name"),
        ({"participants": -3}, "participants"),
        ({"participants": 10**12}, "participants"),
        ({"participants": None}, "participants"),
        ({"date_wish": datetime.date(2000, 1, 1)}, "date_wish"),
        ({"message": "x" * 100_000}, "message"),
        ({"kind": "spaceship"}, "kind"),
    ],
)
def test_bad_requests_are_refused_and_nothing_saved(campaign, changes, field):
    with pytest.raises(ValidationError) as exc:
        _request(campaign, **changes)
    assert field in exc.value.message_dict
    assert not SessionRequest.objects.exists()


def test_bots_and_floods_are_refused(campaign):
    with pytest.raises(SuspectedBot):
        _request(campaign, honeypot="http://spam")
    with pytest.raises(SuspectedBot):
        _request(campaign, seconds_on_form=0.5)
    for _i in range(3):
        _request(campaign)
    with pytest.raises(ValidationError) as exc:
        _request(campaign)
    assert exc.value.code == "rate_limited"
    assert SessionRequest.objects.count() == 3


def test_accepting_a_request_creates_the_host_the_account_and_the_session(
    campaign, coordinator, namur, capture
):
    request = _request(campaign, message="<i>Graag</i> in het Nederlands")
    assert request.message == "Graag in het Nederlands"
    starts = timezone.now() + datetime.timedelta(days=7)
    with capture(execute=True):
        session = services.accept_session_request(
            by=coordinator,
            session_request=request,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            municipality=namur,
        )
    request.refresh_from_db()
    assert request.status == "accepted" and request.session == session
    assert session.host.name == "Sint-Jozefschool" and session.host.kind == "school"
    assert not session.host.is_published
    assert session.audience == "class"
    host_user = session.host.staff.get().user
    assert host_user.email == "anke@school.example" and host_user.language == "nl"
    assert not host_user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["anke@school.example"]
    assert "bevestigd" in message.subject  # Dutch
    assert "/nl/accounts/password/reset/" in message.body
    with pytest.raises(ValidationError):
        services.accept_session_request(
            by=coordinator,
            session_request=request,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            municipality=namur,
        )
    assert WritingSession.objects.count() == 1


def test_accepting_for_an_existing_host_keeps_the_known_account(
    campaign, coordinator, organisation, staff_user, namur
):
    request = _request(campaign, email="STAFF@example.org", kind="association")
    starts = timezone.now() + datetime.timedelta(days=2)
    session = services.accept_session_request(
        by=coordinator,
        session_request=request,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        municipality=namur,
        host=organisation,
    )
    assert session.host == organisation and session.audience == "public"
    assert list(organisation.staff.values_list("user", flat=True)) == [staff_user.pk]


def test_refusing_a_request_tells_the_reason_once(campaign, coordinator, capture):
    request = _request(campaign)
    with pytest.raises(ValidationError):
        services.refuse_session_request(
            by=coordinator, session_request=request, reason="  "
        )
    with capture(execute=True):
        services.refuse_session_request(
            by=coordinator, session_request=request, reason="Geen begeleider vrij"
        )
    tasks.send_session_request_answer.call(request_id=request.pk)
    [message] = mail.outbox
    assert "Geen begeleider vrij" in message.body
    assert SessionRequest.objects.get().status == "refused"


def test_only_coordinators_decide_requests(campaign, staff_user):
    request = _request(campaign)
    with pytest.raises(PermissionDenied):
        services.refuse_session_request(
            by=staff_user, session_request=request, reason="x"
        )


# --- The kit -------------------------------------------------------------------------

TEXTS = {
    "fr": "Madame la Ministre, libérez l’œuvre d’Ana ; 5 € suffisent.",
    "nl": "Geachte minister, laat Ana vrij — één brief telt.",
    "de": "Sehr geehrte Ministerin, „Grüße“ aus Łódź für Ana.",
    "en": "Dear Minister, free Ana: Ștefan and Ğökçe ask too.",
}


def test_the_kit_keeps_every_character_in_four_languages(campaign):
    case = campaign.cases.first()
    for code, text in TEXTS.items():
        setattr(case, f"letter_template_{code}", text)
    case.addressee = "Ministère — Ștefan cel Mare"
    case.save()
    pdf = kit_pdf(campaign, campaign.cases.all(), {"fr": "français"})
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 4  # Karim has no letter
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "?" not in text
    for sentence in TEXTS.values():
        for word in sentence.split():
            assert word in text
    assert "français" in text and "Ștefan cel Mare" in text
