"""Form limits are the model's: declared once, on the model."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from plaidoyer.accounts.forms import AccountSettingsForm
from plaidoyer.accounts.models import User
from plaidoyer.commitments.forms import StatusUpdateForm
from plaidoyer.commitments.models import StatusUpdate
from plaidoyer.core.models import model_max_length
from plaidoyer.events.forms import EventSettingsForm, ManualRegistrationForm
from plaidoyer.events.models import Event, Registration
from plaidoyer.organisations.forms import ContactForm
from plaidoyer.organisations.models import Contact
from plaidoyer.processes.forms import AmendForm, HideForm
from plaidoyer.processes.models import Comment, DraftVersion


def test_model_max_length_reads_the_model_field():
    assert model_max_length(Registration, "name") == 150
    assert model_max_length(Event, "online_url") == 500


@pytest.mark.parametrize(
    "form, field, model, model_field",
    [
        (AccountSettingsForm, "full_name", User, "full_name"),
        (
            ManualRegistrationForm,
            "organisation_name",
            Registration,
            "organisation_name",
        ),
        (EventSettingsForm, "online_url", Event, "online_url"),
        (StatusUpdateForm, "evidence_url", StatusUpdate, "evidence_url"),
        (ContactForm, "phone", Contact, "phone"),
        (HideForm, "reason", Comment, "hidden_reason"),
        (AmendForm, "note", DraftVersion, "note"),
    ],
)
def test_form_refuses_one_character_more_than_the_model_holds(
    form, field, model, model_field
):
    limit = model._meta.get_field(model_field).max_length
    assert form.base_fields[field].max_length == limit
    value = "x" * (limit + 1)
    if field.endswith("url"):
        value = "https://example.org/" + "x" * limit
    with pytest.raises(ValidationError, match=str(limit)):
        form.base_fields[field].clean(value)


def test_contact_email_longer_than_the_model_column_is_refused():
    email = "a" * 60 + "@" + ".".join(c * 60 for c in "bcde") + ".be"
    assert len(email) > 254 and forms.EmailField().clean(email)
    form = ContactForm({"name": "Ann", "email": email})
    assert not form.is_valid() and "email" in form.errors
