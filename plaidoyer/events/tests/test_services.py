import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from plaidoyer.events import services, tasks
from plaidoyer.events.models import Event, Question, Registration

pytestmark = pytest.mark.django_db
Status = Registration.Status


def register(event, i=0, **kwargs):
    kwargs.setdefault("name", f"Person {i}")
    kwargs.setdefault("email", f"person{i}@example.org")
    return services.register_participant(event=event, **kwargs)[0]


def test_registration_needs_email_confirmation_by_default(make_event, capture):
    event = make_event(capacity=10)
    with capture(execute=True):
        registration = register(event)
    assert registration.status == Status.PENDING
    assert "/confirm/" in mail.outbox[0].body
    event.refresh_from_db()
    assert event.seats_taken == 1  # the seat is held while waiting
    with capture(execute=True):
        registration, outcome = services.confirm_registration(token=registration.token)
    assert (registration.status, outcome) == (Status.CONFIRMED, "confirmed")
    names = [a[0] for a in mail.outbox[1].attachments]
    assert names == [f"{event.slug}.ics", "check-in.png"]
    _r, outcome = services.confirm_registration(token=registration.token)
    assert outcome == "already"  # a replayed link changes nothing
    assert services.confirm_registration(token="forged")[0] is None


def test_emails_are_plain_text_in_the_registrants_language(make_event, capture):
    import icalendar

    event = make_event(
        capacity=10, requires_confirmation=False, title="L'accueil & <les> droits"
    )
    with capture(execute=True):
        register(event, name="Sanne D'Hondt & <b>Zonen</b>", language="nl")
    message = mail.outbox[0]
    # Text emails are not HTML: no entity where an apostrophe or a bracket was.
    assert "L'accueil & <les> droits" in message.subject
    assert "Sanne D'Hondt & <b>Zonen</b>" in message.body
    assert "&#x27;" not in message.subject + message.body
    assert "&amp;" not in message.body and "&lt;" not in message.body
    # The calendar file speaks the registrant's language too.
    ics = icalendar.Calendar.from_ical(message.attachments[0][1])
    vevent = ics.walk("VEVENT")[0]
    assert "/nl/events/" in str(vevent["URL"])
    assert vevent["CATEGORIES"].cats == ["Rondetafel"]


def test_same_email_gets_its_registration_back(make_event):
    event = make_event(capacity=10)
    first = register(event, email="Ana@Example.org")
    again, created = services.register_participant(
        event=event, name="Ana", email=" ana@example.org "
    )
    assert again.pk == first.pk and not created
    event.refresh_from_db()
    assert event.seats_taken == 1


def test_a_cancelled_address_registers_again_at_the_back_of_the_queue(make_event):
    event = make_event(capacity=1, requires_confirmation=False)
    first = register(event, 1)
    waiting = register(event, 2)
    services.cancel_registration(registration=first)  # promotes person 2
    again, created = services.register_participant(
        event=event, name="Person 1", email="person1@example.org"
    )
    assert created and again.pk == first.pk
    assert again.status == Status.WAITLISTED and again.cancelled_at is None
    assert again.created_at > waiting.created_at
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length) == (1, 1)
    assert Registration.objects.filter(event=event).count() == 2


@pytest.mark.parametrize("waitlist_enabled", [True, False])
def test_a_known_address_is_refused_like_a_new_one_when_closed_or_full_and_emailed(
    make_event, capture, waitlist_enabled
):
    event = make_event(
        capacity=1, requires_confirmation=False, waitlist_enabled=waitlist_enabled
    )
    first = register(event, 1)
    if waitlist_enabled:  # closed
        Event.objects.filter(pk=event.pk).update(registration_enabled=False)
        event.refresh_from_db()
    with capture(execute=True), pytest.raises(ValidationError):
        services.register_participant(
            event=event, name="Person 1", email="PERSON1@example.org"
        )
    assert mail.outbox[-1].to == ["person1@example.org"]
    assert first.get_absolute_url().split("/")[-2] in mail.outbox[-1].body
    with pytest.raises(ValidationError):  # a new address is still refused
        register(event, 2)
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length) == (1, 0)


def test_waitlist_when_full_and_first_come_first_served_promotion(make_event, capture):
    event = make_event(capacity=2, requires_confirmation=False)
    a, b = register(event, 1), register(event, 2)
    c, d = register(event, 3), register(event, 4)
    assert [r.status for r in (a, b, c, d)] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]
    with capture(execute=True):
        services.cancel_registration(registration=a)
    c.refresh_from_db()
    d.refresh_from_db()
    assert (c.status, d.status) == (Status.CONFIRMED, Status.WAITLISTED)
    assert any(
        "seat" in m.subject.lower() or "place" in m.subject.lower()
        for m in mail.outbox
        if m.to == [c.email]
    )
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length) == (2, 1)


def test_full_without_waitlist_is_refused(make_event):
    event = make_event(capacity=1, waitlist_enabled=False)
    register(event, 1)
    with pytest.raises(ValidationError) as excinfo:
        register(event, 2)
    assert excinfo.value.code == "full"
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "field,value",
    [
        ("registration_enabled", False),
        ("registration_closes_at", timezone.now() - datetime.timedelta(hours=1)),
        ("registration_opens_at", timezone.now() + datetime.timedelta(days=1)),
        ("starts_at", timezone.now() - datetime.timedelta(minutes=5)),
    ],
)
def test_registration_refused_when_closed_or_started(make_event, field, value):
    event = make_event(**{field: value})
    with pytest.raises(ValidationError):
        register(event)
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"name": ""}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"accessibility_needs": "x" * 100_000}, "accessibility_needs"),
    ],
)
def test_bad_input_writes_nothing(make_event, kwargs, field):
    event = make_event()
    with pytest.raises(ValidationError) as excinfo:
        register(event, **kwargs)
    assert field in excinfo.value.message_dict
    assert not Registration.objects.exists()
    event.refresh_from_db()
    assert event.seats_taken == 0


def test_required_and_choice_answers_are_checked(make_event, coordinator):
    event = make_event()
    question = Question.objects.create(
        event=event,
        label_fr="Rôle",
        kind="single_choice",
        required=True,
        choices_fr="Élu\nCitoyen",
    )
    with pytest.raises(ValidationError):
        register(event, answers={})
    with pytest.raises(ValidationError):
        register(event, answers={str(question.pk): "Roi"})
    registration = register(event, answers={str(question.pk): "Citoyen"})
    assert registration.answers == {str(question.pk): "Citoyen"}
    # An organiser adding someone by hand may not know the answers; choices are
    # still checked.
    added = register(event, 2, answers={}, by=coordinator)
    assert added.answers == {str(question.pk): ""}
    with pytest.raises(ValidationError):
        register(event, 3, answers={str(question.pk): "Roi"}, by=coordinator)


def test_unconfirmed_registrations_expire_and_free_their_seat(make_event):
    event = make_event(capacity=1)
    pending = register(event, 1)
    waiting = register(event, 2)
    services.confirm_registration(token=waiting.token)  # confirms the address only
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=49)):
        assert tasks.expire_pending() == 1
    pending.refresh_from_db()
    waiting.refresh_from_db()
    assert pending.status == Status.CANCELLED
    assert waiting.status == Status.CONFIRMED  # promoted, address already confirmed
    _r, outcome = services.confirm_registration(token=pending.token)
    assert outcome == "expired"


def test_organiser_gives_a_chosen_person_a_seat_added_for_them(make_event, coordinator):
    event = make_event(capacity=1, requires_confirmation=False)
    first = register(event, 1)
    second, third = register(event, 2), register(event, 3)
    # Full: the organiser's choice (the third, not the head of the queue) adds a seat.
    assert services.promote_registration(by=coordinator, registration=third) is True
    event.refresh_from_db()
    third.refresh_from_db()
    second.refresh_from_db()
    assert (event.capacity, event.seats_taken, event.waitlist_length) == (2, 2, 1)
    assert third.status == Status.CONFIRMED and second.status == Status.WAITLISTED
    with pytest.raises(ValidationError):  # only from the waiting list
        services.promote_registration(by=coordinator, registration=first)
    services.update_event_settings(by=coordinator, event=event, capacity=3)
    second.refresh_from_db()
    assert second.status == Status.CONFIRMED  # raising capacity promotes the first
    with pytest.raises(ValidationError):
        services.update_event_settings(by=coordinator, event=event, capacity=2 - 1)


def test_capacity_constraint_backs_the_counter(make_event):
    from django.db import IntegrityError, transaction

    event = make_event(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(seats_taken=2)


def test_link_is_sent_once_at_the_right_time_and_again_when_changed(
    make_event, coordinator
):
    starts = timezone.now() + datetime.timedelta(days=2)
    event = make_event(
        mode="online",
        online_url="https://visio.example.org/a",
        starts_at=starts,
        requires_confirmation=False,
    )
    people = [register(event, i) for i in range(3)]
    mail.outbox.clear()
    assert tasks.dispatch_links() == 0  # too early
    with time_machine.travel(starts - datetime.timedelta(minutes=59)):
        assert tasks.dispatch_links() == 3
        assert tasks.dispatch_links() == 0  # a second run (or worker) sends nothing
        assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
        assert all("https://visio.example.org/a" in m.body for m in mail.outbox)
        services.update_event_settings(
            by=coordinator, event=event, online_url="https://visio.example.org/b"
        )
        assert tasks.dispatch_links() == 3
        assert tasks.dispatch_links() == 0
    assert sum("visio.example.org/b" in m.body for m in mail.outbox) == 3


def test_late_registrant_gets_the_link_at_once(make_event, capture):
    starts = timezone.now() + datetime.timedelta(minutes=30)
    event = make_event(
        mode="online",
        online_url="https://visio.example.org/late",
        starts_at=starts,
        requires_confirmation=False,
    )
    with capture(execute=True):
        register(event)
    assert any("visio.example.org/late" in m.body for m in mail.outbox)
    assert tasks.dispatch_links() == 0


def test_reminders_are_sent_once(make_event):
    starts = timezone.now() + datetime.timedelta(days=3)
    event = make_event(starts_at=starts, requires_confirmation=False)
    register(event, 1)
    mail.outbox.clear()
    assert tasks.send_reminders() == 0
    with time_machine.travel(starts - datetime.timedelta(hours=23)):
        assert tasks.send_reminders() == 1
        assert tasks.send_reminders() == 0
    assert len(mail.outbox) == 1


def test_emails_are_in_the_registrants_language(make_event, capture):
    event = make_event(requires_confirmation=False)
    with capture(execute=True):
        register(event, language="nl")
    assert "/nl/" in mail.outbox[0].body


def test_personal_data_is_anonymised_after_the_event(make_event, settings):
    settings.EVENTS_RETENTION_DAYS = 90
    starts = timezone.now() + datetime.timedelta(days=1)
    event = make_event(starts_at=starts, requires_confirmation=False)
    registration = register(
        event, 1, organisation_name="ASBL", accessibility_needs="LSFB"
    )
    with time_machine.travel(starts + datetime.timedelta(days=60)):
        assert tasks.anonymise() == 0
    with time_machine.travel(starts + datetime.timedelta(days=95)):
        assert tasks.anonymise() == 1
    registration.refresh_from_db()
    assert registration.email.endswith("@invalid") and registration.name == "—"
    assert registration.accessibility_needs == "" and registration.anonymised_at
    assert registration.status == Status.CONFIRMED  # counts are kept


def test_organisers_of_other_events_cannot_act(
    make_event, make_user, make_organisation
):
    from plaidoyer.organisations.models import Staff

    event = make_event()
    registration = register(event)
    other_staff = make_user("other@example.org")
    Staff.objects.create(user=other_staff, organisation=make_organisation("Autre"))
    for call in (
        lambda: services.check_in(by=other_staff, registration=registration),
        lambda: services.cancel_registration(by=other_staff, registration=registration),
        lambda: services.message_registrants(
            by=other_staff, event=event, subject="x", body="y"
        ),
        lambda: services.update_event_settings(by=other_staff, event=event, capacity=5),
        lambda: services.register_participant(
            event=event, name="x", email="x@x.org", by=other_staff
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_check_in(make_event, staff_user):
    event = make_event(requires_confirmation=False)
    registration = services.check_in(by=staff_user, registration=register(event))
    assert registration.status == Status.ATTENDED and registration.checked_in_at


def test_organiser_message_goes_to_every_registrant(make_event, staff_user, capture):
    event = make_event(capacity=1, requires_confirmation=False)
    register(event, 1)
    register(event, 2)  # waitlisted
    mail.outbox.clear()
    with capture(execute=True):
        services.message_registrants(
            by=staff_user,
            event=event,
            subject="Salle changée",
            body="Rendez-vous salle B.",
        )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "person1@example.org",
        "person2@example.org",
    ]
    assert all("/events/registration/" in m.body for m in mail.outbox)


def test_an_organiser_message_run_again_after_a_crash_reaches_nobody_twice(
    make_event, staff_user, capture
):
    # A worker killed mid-send leaves the task "running"; core.taskqueue runs it
    # again later. Who was reached already is skipped (the outbox's key).
    from plaidoyer.events import tasks
    from plaidoyer.events.models import OrganiserMessage

    event = make_event(capacity=5, requires_confirmation=False)
    register(event, 1)
    register(event, 2)
    mail.outbox.clear()
    with capture(execute=True):
        services.message_registrants(
            by=staff_user, event=event, subject="Salle", body="Salle B."
        )
    message = OrganiserMessage.objects.get()
    assert tasks.send_organiser_message.call(message_id=message.pk) == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "person1@example.org",
        "person2@example.org",
    ]


def test_a_stale_full_hint_still_gives_a_freed_seat(make_event):
    """The counts in the event a registration starts from are a hint only: the
    database decides, in the UPDATE's condition."""
    event = make_event(capacity=1, requires_confirmation=False, waitlist_enabled=True)
    first, _created = services.register_participant(
        event=event, name="Ana", email="ana@example.org"
    )
    stale = Event.objects.get(pk=event.pk)
    assert stale.seats_taken == 1  # looks full...
    services.cancel_registration(registration=first)  # ...but a seat is free again
    second, created = services.register_participant(
        event=stale, name="Bert", email="bert@example.org"
    )
    assert created and second.status == "confirmed"
    third, _created = services.register_participant(
        event=Event.objects.get(pk=event.pk), name="Chloé", email="chloe@example.org"
    )
    assert third.status == "waitlisted"
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length) == (1, 1)


def test_the_waitlisted_email_gives_each_person_their_position(make_event, capture):
    from plaidoyer.events.selectors import waitlist_position

    event = make_event(capacity=1, requires_confirmation=False)
    with capture(execute=True):
        seated = register(event, 0, language="en")
        first = register(event, 1, language="en")
        second = register(event, 2, language="en")
    assert [waitlist_position(r) for r in (seated, first, second)] == [None, 1, 2]
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "in position 1." in bodies["person1@example.org"]
    assert "in position 2." in bodies["person2@example.org"]
