from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.filters import FilterForm
from plaidoyer.core.models import model_max_length

from .models import (
    RATINGS,
    Event,
    OrganiserMessage,
    Question,
    Registration,
    web_url,
)
from .selectors import AgendaFilters, questions_of


def _limit(name: str) -> int:
    return model_max_length(Registration, name)


class RegistrationForm(forms.Form):
    """The public registration form; one extra field per custom question."""

    name = forms.CharField(label=_("Your name"), max_length=_limit("name"))
    email = forms.EmailField(label=_("Your email address"), max_length=_limit("email"))
    organisation_name = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=_limit("organisation_name"),
        required=False,
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Tell us what would make the event accessible to you."),
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        for question in questions_of(event):
            self.fields[f"q_{question.pk}"] = question_field(question)
        if event.consent_text:
            self.fields["consent"] = forms.BooleanField(
                label=event.consent_text, required=True
            )

    def answers(self) -> dict:
        return form_answers(self.cleaned_data)


def question_field(question: Question) -> forms.Field:
    """The form field that asks ``question`` (registration or evaluation)."""
    common = {"label": question.label, "required": question.required}
    choices = [(c, c) for c in question.choice_list()]
    if question.kind == Question.Kind.LONG_TEXT:
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, **common
        )
    if question.kind == Question.Kind.SINGLE_CHOICE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == Question.Kind.CHECKBOX:
        return forms.BooleanField(**common)
    if question.kind == Question.Kind.RATING:
        return forms.ChoiceField(
            choices=[(r, r) for r in RATINGS], widget=forms.RadioSelect, **common
        )
    return forms.CharField(max_length=2000, **common)


def form_answers(cleaned_data: dict) -> dict:
    return {
        name[2:]: value for name, value in cleaned_data.items() if name.startswith("q_")
    }


class AgendaFilterForm(FilterForm):
    filters_class = AgendaFilters


class ManualRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=_limit("name"))
    email = forms.EmailField(label=_("Email"), max_length=_limit("email"))
    organisation_name = forms.CharField(
        label=_("Organisation"), max_length=_limit("organisation_name"), required=False
    )
    language = forms.ChoiceField(
        label=_("Language of emails"), choices=settings.LANGUAGES
    )


class MessageForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"), max_length=model_max_length(OrganiserMessage, "subject")
    )
    body = forms.CharField(
        label=_("Message"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 8})
    )


class EventSettingsForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=1_000_000,
        required=False,
        help_text=_("Empty: no limit."),
    )
    online_url = forms.URLField(
        validators=[web_url],
        label=_("Connection link"),
        required=False,
        max_length=model_max_length(Event, "online_url"),
        help_text=_(
            "Changing it sends the new link to everyone "
            "who already received the old one."
        ),
    )


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or email"), required=False, max_length=100)


class EvaluationForm(forms.Form):
    """The evaluation an attendee fills in after the event: its questions only."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q_{question.pk}"] = question_field(question)

    def answers(self) -> dict:
        return form_answers(self.cleaned_data)


class EvaluationQuestionForm(forms.Form):
    label = forms.CharField(
        label=_("Question"), max_length=model_max_length(Question, "label")
    )
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices)
    choices = forms.CharField(
        label=_("Choices (one per line)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for single and multiple choice questions."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
