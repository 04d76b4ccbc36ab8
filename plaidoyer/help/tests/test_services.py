import datetime

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.core import mail
from django.core.exceptions import (
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import connection
from django.utils import timezone

from plaidoyer.core import periodic
from plaidoyer.core.models import AuditLog
from plaidoyer.core.ratelimit import RateLimited, SuspectedBot
from plaidoyer.help import crypto, selectors, services
from plaidoyer.help.models import Message, Service, Testimony

pytestmark = pytest.mark.django_db

SECRET = "De eigenaar weigerde mij de flat toen hij mijn naam hoorde."


# --- Services declared by organisations ---------------------------------------------


def test_staff_declare_their_organisations_service(help_data, staff_user, organisation):
    service = services.save_service(
        by=staff_user,
        organisation=organisation,
        service=Service(
            kind=Service.Kind.RECEPTION,
            name_fr="Accueil <b>social</b>",
            opening_hours_fr="Mardi 9h-12h<script>x</script>",
        ),
        fields=["housing", "work"],
        regions=[help_data["wallonia"]],
    )
    assert service.organisation == organisation
    assert service.name_fr == "Accueil social"
    assert "<script>" not in service.opening_hours_fr
    assert service.field_list == ["housing", "work"]
    assert AuditLog.objects.filter(
        action="help.save_service", actor=staff_user
    ).exists()


def test_staff_of_another_organisation_cannot_declare_a_service(help_data, staff_user):
    with pytest.raises(PermissionDenied):
        services.save_service(
            by=staff_user,
            organisation=help_data["huis"],
            service=Service(
                kind=Service.Kind.RECEPTION, name_fr="Intrus", nationwide=True
            ),
        )
    assert not Service.objects.filter(name_fr="Intrus").exists()


def test_a_service_says_where_it_helps(staff_user, organisation, help_data):
    with pytest.raises(ValidationError):
        services.save_service(
            by=staff_user,
            organisation=organisation,
            service=Service(kind=Service.Kind.RECEPTION, name_fr="Nulle part"),
        )
    assert not Service.objects.filter(name_fr="Nulle part").exists()


def test_services_near_antwerp_for_housing(help_data):
    place = selectors.find_place("2000")
    assert place.municipality == help_data["antwerp"]
    found = list(selectors.services_for(field="housing", place=place))
    # The Antwerp one first, then the Flemish one; never Namur's.
    assert found == [help_data["huis_service"], help_data["buurt_service"]]
    assert list(selectors.services_for(field="health", place=place)) == []


def test_bodies_for_a_flat_refused_in_antwerp(help_data):
    place = selectors.find_place("Antwerpen")
    slugs = [
        b.slug
        for b in selectors.bodies_for(field="housing", ground="origin", place=place)
    ]
    assert slugs == ["unia", "vmri", "police"]
    namur = selectors.find_place("5000")
    slugs = [
        b.slug for b in selectors.bodies_for(field="housing", ground="sex", place=namur)
    ]
    assert slugs == ["unia", "iefh", "police", "mediateur-wallonie"]


# --- Testimonies ----------------------------------------------------------------------


def test_testimony_is_routed_to_the_desk_for_its_region_and_field(testify, help_data):
    testimony = testify()
    assert testimony.organisation == help_data["huis"]
    assert testimony.status == Testimony.Status.RECEIVED
    assert testimony.year == timezone.localdate().year


def test_testimony_goes_to_the_chosen_organisation(testify, help_data, organisation):
    testimony = testify(organisation=organisation)
    assert testimony.organisation == organisation


def test_without_referral_consent_nobody_reads_it(testify, help_data):
    testimony = testify(consent_referral=False)
    assert testimony.organisation is None
    assert testimony.status == Testimony.Status.CLOSED
    assert testimony.closed_at is not None


def test_the_handlers_are_told_without_the_text(testify, help_data, capture):
    with capture(execute=True):
        testimony = testify()
    assert [m.to for m in mail.outbox] == [["handler@example.org"]]
    assert f"/nl/help/testimonies/{testimony.pk}/" in mail.outbox[0].body
    assert "weigerde" not in mail.outbox[0].body + mail.outbox[0].subject


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 100_000}, "text"),
        ({"field": "moon"}, "field"),
        ({"ground": "<script>"}, "ground"),
        ({"region": None}, "place"),
        ({"consent_contact": True}, "email"),
        ({"consent_contact": True, "email": "not-an-address"}, "email"),
        ({"consent_contact": True, "phone": "<b>call</b>"}, "phone"),
        (
            {"consent_contact": True, "consent_referral": False, "email": "a@b.be"},
            "consent_contact",
        ),
        ({"happened_on": datetime.date(2999, 1, 1)}, "happened_on"),
    ],
)
def test_bad_testimonies_are_refused_and_nothing_is_stored(testify, fields, error):
    with pytest.raises(ValidationError) as exc:
        testify(**fields)
    assert error in exc.value.message_dict
    assert not Testimony.objects.exists()


def test_a_chosen_organisation_must_take_testimonies(testify, help_data):
    with pytest.raises(ValidationError) as exc:
        testify(organisation=help_data["buurt"])
    assert "organisation" in exc.value.message_dict
    assert not Testimony.objects.exists()


def test_bots_are_answered_but_nothing_is_stored(testify):
    with pytest.raises(SuspectedBot):
        testify(honeypot="http://spam.example")
    with pytest.raises(SuspectedBot):
        testify(seconds_on_form=1.0)
    assert not Testimony.objects.exists()


def test_testimonies_are_rate_limited_per_connection(testify):
    for _ in range(services.TESTIMONY_LIMIT):
        testify(ip="203.0.113.9")
    with pytest.raises(RateLimited):
        testify(ip="203.0.113.9")
    assert Testimony.objects.count() == services.TESTIMONY_LIMIT
    testify(ip="203.0.113.10")  # another connection is not held back


# --- Encryption at rest ---------------------------------------------------------------


def test_a_raw_query_of_the_tables_shows_no_plaintext(testify, help_data):
    testimony = testify(
        consent_contact=True,
        email="person@example.be",
        phone="+32 470 12 34 56",
        name="Fatima",
    )
    services.write_to_person(
        by=help_data["handler"], testimony=testimony, body="Wij bellen u morgen terug."
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM help_testimony")
        rows = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM help_message")
        rows += repr(cursor.fetchall())
        cursor.execute("SELECT * FROM core_auditlog")
        rows += repr(cursor.fetchall())
    for secret in ("weigerde", "person@example.be", "470 12", "Fatima", "bellen"):
        assert secret not in rows
    # ... and the key opens it.
    assert crypto.decrypt(Testimony.objects.get().text) == SECRET


def test_keys_rotate_old_tokens_still_open_then_move_to_the_new_key(testify, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.HELP_ENCRYPTION_KEYS = [old]
    testimony = testify()
    settings.HELP_ENCRYPTION_KEYS = [new, old]
    assert crypto.decrypt(Testimony.objects.get().text) == SECRET
    assert services.rotate_keys() == 1
    settings.HELP_ENCRYPTION_KEYS = [new]
    testimony.refresh_from_db()
    assert crypto.decrypt(testimony.text) == SECRET


def test_without_the_key_nothing_can_be_read(testify, settings):
    testify()
    settings.HELP_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured):
        crypto.decrypt(Testimony.objects.get().text)
    settings.HELP_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")


# --- Handling -------------------------------------------------------------------------


def test_every_read_of_a_testimony_is_in_the_audit_log(testify, help_data):
    testimony = testify()
    content = services.read_testimony(by=help_data["handler"], testimony=testimony)
    assert content["text"] == SECRET
    services.read_testimony(by=help_data["handler"], testimony=testimony)
    reads = AuditLog.objects.filter(
        action="help.read_testimony", target_id=str(testimony.pk)
    )
    assert reads.count() == 2
    assert reads.first().actor == help_data["handler"]


@pytest.mark.parametrize(
    "who", ["other_staff", "namur_handler", "former", "coordinator", "staff_user"]
)
def test_only_the_designated_staff_of_the_handling_organisation_read_it(
    testify, help_data, coordinator, staff_user, who
):
    testimony = testify()
    user = {"coordinator": coordinator, "staff_user": staff_user}.get(who) or help_data[
        who
    ]
    with pytest.raises(PermissionDenied):
        services.read_testimony(by=user, testimony=testimony)
    assert not AuditLog.objects.filter(action="help.read_testimony").exists()


def test_status_moves_forward_only(testify, help_data):
    testimony = testify()
    handler = help_data["handler"]
    testimony = services.set_status(
        by=handler, testimony=testimony, status="acknowledged"
    )
    assert testimony.acknowledged_at is not None
    with pytest.raises(ValidationError):
        services.set_status(by=handler, testimony=testimony, status="received")
    testimony = services.set_status(by=handler, testimony=testimony, status="referred")
    testimony = services.set_status(by=handler, testimony=testimony, status="closed")
    assert testimony.closed_at is not None
    with pytest.raises(ValidationError):
        services.set_status(by=handler, testimony=testimony, status="acknowledged")
    with pytest.raises(PermissionDenied):
        services.set_status(
            by=help_data["other_staff"], testimony=testimony, status="closed"
        )


def test_writing_to_the_person_emails_a_private_link_not_the_handler(
    testify, help_data, capture, client
):
    testimony = testify(consent_contact=True, email="person@example.be")
    mail.outbox.clear()
    with capture(execute=True):
        services.write_to_person(
            by=help_data["handler"], testimony=testimony, body="Wij bellen u terug."
        )
    (email,) = mail.outbox
    assert email.to == ["person@example.be"]
    assert "handler@example.org" not in email.body + str(email.reply_to)
    assert "Wij bellen" not in email.body  # the message is read behind the link
    token = services.reply_token(testimony)
    assert token in email.body
    testimony.refresh_from_db()
    assert testimony.status == Testimony.Status.ACKNOWLEDGED
    assert services.testimony_for_token(token) == testimony
    assert services.testimony_for_token(token + "x") is None
    assert services.testimony_for_token(f"{testimony.pk + 1}.forged:sig") is None


def test_no_message_to_a_person_who_left_no_email(testify, help_data):
    testimony = testify(consent_contact=True, phone="0470 12 34 56")
    with pytest.raises(ValidationError):
        services.write_to_person(
            by=help_data["handler"], testimony=testimony, body="Hallo"
        )
    assert not Message.objects.exists()


def test_a_closed_testimony_takes_no_more_messages(testify, help_data):
    testimony = testify(consent_contact=True, email="person@example.be")
    services.set_status(by=help_data["handler"], testimony=testimony, status="closed")
    with pytest.raises(ValidationError):
        services.write_to_person(
            by=help_data["handler"], testimony=testimony, body="Hallo"
        )
    with pytest.raises(ValidationError):
        services.reply_from_person(testimony=testimony, body="Hallo")
    assert not Message.objects.exists()


def test_a_testimony_whose_organisation_was_deleted_is_purged_in_time(
    testify, help_data
):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400)):
        orphan = testify()
    help_data["huis"].delete()
    assert services.purge_expired() == 1
    orphan.refresh_from_db()
    assert orphan.purged_at is not None and orphan.text == ""


def test_the_person_replies_and_the_handlers_are_told(testify, help_data, capture):
    testimony = testify(consent_contact=True, email="person@example.be")
    mail.outbox.clear()
    with capture(execute=True):
        services.reply_from_person(testimony=testimony, body="Dank u, morgen past.")
    assert [m.to for m in mail.outbox] == [["handler@example.org"]]
    assert "morgen" not in mail.outbox[0].body
    conversation = services.read_by_person(testimony=testimony)
    assert [m.text for m in conversation] == ["Dank u, morgen past."]
    assert AuditLog.objects.filter(action="help.read_by_person").exists()


# --- Retention ------------------------------------------------------------------------


def test_personal_data_is_deleted_after_the_retention_time_counts_kept(
    testify, help_data, settings
):
    settings.HELP_RETENTION_MONTHS = 12
    handler = help_data["handler"]
    with time_machine.travel(timezone.now() - datetime.timedelta(days=400)):
        old = testify(consent_contact=True, email="person@example.be")
        services.write_to_person(by=handler, testimony=old, body="Hallo")
        services.set_status(by=handler, testimony=old, status="closed")
    token = services.reply_token(old)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=300)):
        recent = testify()
        services.set_status(by=handler, testimony=recent, status="closed")
    still_open = testify()

    assert "help.purge_testimonies" in periodic.jobs()
    assert periodic.jobs()["help.purge_testimonies"]() == 1

    old.refresh_from_db()
    assert (old.text, old.contact, old.municipality, old.purged_at is not None) == (
        "",
        "",
        None,
        True,
    )
    assert not old.messages.exists()
    assert (old.year, old.field, old.ground, old.region, old.consent_figures) == (
        old.year,
        "housing",
        "origin",
        help_data["flanders"],
        True,
    )
    assert services.testimony_for_token(token) is None
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.text and still_open.text
    assert services.purge_expired() == 0  # idempotent
    settings.HELP_RETENTION_MONTHS = 6
    assert services.purge_expired() == 1


def test_queued_emails_carry_ids_never_a_text_or_an_address(
    testify, help_data, capture, settings
):
    from django_tasks import default_task_backend

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    with capture(execute=True):
        testimony = testify(consent_contact=True, email="person@example.be")
        services.write_to_person(
            by=help_data["handler"], testimony=testimony, body="Wij bellen u."
        )
    queued = [(r.task.name, r.args, r.kwargs) for r in default_task_backend.results]
    assert [name for name, _a, _k in queued] == ["notify_handlers", "notify_person"]
    assert "person@example.be" not in repr(queued) and "bellen" not in repr(queued)
