"""Database constraints speak to people: a form that breaks one shows a sentence
in the visitor's language, never the constraint's name."""

import datetime

import pytest
from django.apps import apps
from django.db.models import BaseConstraint
from django.forms import modelform_factory
from django.utils import translation

CONSTRAINTS = [
    (model, constraint)
    for model in apps.get_models()
    if model.__module__.startswith("plaidoyer.")
    for constraint in model._meta.constraints
]


def test_there_are_constraints_to_check():
    assert len(CONSTRAINTS) >= 25


@pytest.mark.parametrize(
    ("model", "constraint"),
    CONSTRAINTS,
    ids=[constraint.name for _, constraint in CONSTRAINTS],
)
def test_every_constraint_has_a_translated_sentence(model, constraint):
    default = BaseConstraint.default_violation_error_message
    message = constraint.violation_error_message
    assert message is not None and str(message) != str(default)
    with translation.override("en"):
        english = str(message)
    assert constraint.name not in english and english.endswith(".")
    for code in ("fr", "nl", "de"):
        with translation.override(code):
            assert str(message) != english, f"{constraint.name} has no {code} text"


def errors_of(model, fields, data, language="nl"):
    with translation.override(language):
        form = modelform_factory(model, fields=fields)(data)
        assert not form.is_valid()
        return " ".join(str(e) for errors in form.errors.values() for e in errors)


@pytest.mark.django_db
def test_an_event_ending_before_it_starts_is_refused_with_a_sentence():
    from plaidoyer.events.models import Event

    text = errors_of(
        Event,
        ["starts_at", "ends_at"],
        {"starts_at": "2026-05-02 18:00", "ends_at": "2026-05-02 17:00"},
    )
    assert "event_ends_after_start" not in text
    with translation.override("nl"):
        assert str(Event._meta.constraints[0].violation_error_message) in text


@pytest.mark.django_db
def test_a_label_application_without_a_holder_is_refused_with_a_sentence(
    label_criterion,
):
    from plaidoyer.campaigns.models import LabelApplication

    text = errors_of(
        LabelApplication,
        ["programme", "year", "municipality", "organisation"],
        {"programme": label_criterion.programme_id, "year": 2026},
        language="de",
    )
    assert "application_has_a_holder" not in text
    assert "Gemeinde" in text  # "… von einer Gemeinde oder einer Organisation …"


@pytest.mark.django_db
def test_an_organisation_member_of_itself_is_refused_with_a_sentence(organisation):
    from plaidoyer.organisations.models import Membership

    text = errors_of(
        Membership,
        ["member", "network"],
        {"member": organisation.pk, "network": organisation.pk},
        language="fr",
    )
    assert "membership_not_self" not in text
    assert "elle-même" in text


@pytest.mark.django_db
def test_a_phase_ending_before_it_starts_is_refused_with_a_sentence(process):
    from plaidoyer.processes.models import Phase

    start = datetime.date(2026, 3, 10)
    text = errors_of(
        Phase,
        ["process", "kind", "name", "starts_on", "ends_on"],
        {
            "process": process["process"].pk,
            "kind": Phase.Kind.choices[0][0],
            "name": "Consultatie",
            "starts_on": start,
            "ends_on": start - datetime.timedelta(days=1),
        },
    )
    assert "phase_ends_after_start" not in text
    with translation.override("nl"):
        assert str(Phase._meta.constraints[0].violation_error_message) in text


@pytest.mark.django_db
def test_a_second_staff_link_is_refused_with_a_sentence(staff_user, organisation):
    from plaidoyer.organisations.models import Staff

    text = errors_of(
        Staff,
        ["user", "organisation", "role"],
        {"user": staff_user.pk, "organisation": organisation.pk, "role": "editor"},
        language="en",
    )
    assert text == "This person already works for this organisation on the platform."
