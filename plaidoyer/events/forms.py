from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.utils.translation import gettext_lazy as _

from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core.access import parse_int
from plaidoyer.core.approval import Approval
from plaidoyer.core.filters import FilterForm
from plaidoyer.core.html import clean_text
from plaidoyer.core.models import model_max_length
from plaidoyer.core.text import search_terms
from plaidoyer.core.translated import translated
from plaidoyer.organisations.models import Organisation
from plaidoyer.organisations.selectors import search_organisations
from plaidoyer.places.models import Municipality

from .models import (
    RATINGS,
    Event,
    OrganiserMessage,
    Question,
    Registration,
    Session,
    web_url,
)
from .selectors import AgendaFilters, questions_of
from .services import MAX_REASON, MAX_SESSIONS, SessionData


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
    news_opt_in = forms.BooleanField(
        required=False,
        label=_(
            "Send me the coalition's newsletter too (you can unsubscribe in one click)."
        ),
    )
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        for question in questions_of(event):
            self.fields[f"q_{question.pk}"] = question_field(question)
        if event.consent_text:
            self.fields["consent"] = forms.BooleanField(
                label=translated(event, "consent_text"), required=True
            )

    def answers(self) -> dict:
        return form_answers(self.cleaned_data)


def question_field(question: Question) -> forms.Field:
    """The form field that asks ``question`` (registration or evaluation)."""
    # Translated: a label only in French says so on /nl/ (core.translated).
    common = {"label": translated(question, "label"), "required": question.required}
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


# --- Events written by organisers and coordinators ---------------------------------------

LANGS = [code for code, _name in settings.LANGUAGES]
MAX_DESCRIPTION = 20_000
MAX_SHORT_TEXT = 2000


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's own date and time picker; Django reads its ISO value."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=LocalDateTimeInput)


class IdsField(forms.ModelMultipleChoiceField):
    """Ids beyond any row ("9" * 30) are refused as invalid choices before the
    database sees them (SQLite cannot even bind them)."""

    def _check_values(self, value):
        for pk in value:
            if parse_int(str(pk).strip()) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super()._check_values(value)


class IdField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and parse_int(str(value).strip()) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


def _organisations():
    return Organisation.objects.filter(is_published=True).order_by("sort_name")


# The organisation pickers list the organisations chosen and a search's matches,
# never the whole directory (20,000 organisations make a select nobody can use).
MAX_ORGANISER_MATCHES = 20
MAX_CO_ORGANISERS = 50
MAX_ORGANISER_QUERY = 200


def organiser_matches(query: str, *, exclude=()) -> list[Organisation]:
    """The directory's organisations matching ``query``, for the picker."""
    terms = search_terms(query)
    if not terms:
        return []
    return list(
        search_organisations(terms).exclude(pk__in=list(exclude))[
            :MAX_ORGANISER_MATCHES
        ]
    )


def chosen_ids(values) -> list[int]:
    """The ids among ``values`` (forged or odd ones dropped), at most a few."""
    ids = (parse_int(str(v).strip()) for v in list(values)[:MAX_CO_ORGANISERS])
    return [i for i in ids if i is not None]


@dataclass(frozen=True)
class OrganiserPicker:
    """A search picker of the event form: ``field`` holds the organisation(s)
    chosen (boxes to tick, or one radio button), ``query`` the name typed."""

    field: str
    query: str
    multiple: bool
    target: str  # the id of the element the matches go into
    several: str  # the error when a name typed without JavaScript matches several

    @property
    def input_type(self) -> str:
        return "checkbox" if self.multiple else "radio"


CO_ORGANISER_PICKER = OrganiserPicker(
    field="co_organisers",
    query="co_organiser_q",
    multiple=True,
    target="organiser-matches",
    several=_("Several organisations match: tick the ones you mean, then save."),
)
ORGANISATION_PICKER = OrganiserPicker(
    field="organisation",
    query="organisation_q",
    multiple=False,
    target="organisation-matches",
    several=_("Several organisations match: choose the one you mean, then save."),
)
PICKERS = {p.query: p for p in (CO_ORGANISER_PICKER, ORGANISATION_PICKER)}


class BoundPicker:
    """A picker with its form, for the template."""

    def __init__(self, form, picker: OrganiserPicker):
        self.form = form
        self.picker = picker
        self.matches: list[Organisation] = []

    @property
    def field(self):
        return self.form[self.picker.field]

    @property
    def query(self):
        return self.form[self.picker.query]


class EventForm(forms.ModelForm):
    """An event as its organisers or a coordinator write it. ``user`` decides which
    organisations it may be organised by; sessions come in ``SessionFormSet``."""

    organisation = IdField(
        label=_("Organised by"),
        queryset=Organisation.objects.none(),
        error_messages={
            "invalid_choice": _("Choose one of your organisations from the list.")
        },
    )
    organisation_q = forms.CharField(
        label=_("Find the organisation"),
        required=False,
        max_length=MAX_ORGANISER_QUERY,
        help_text=_(
            "Type part of its name, then choose it among the matches. Without "
            "JavaScript, save: the matches are shown to choose from."
        ),
    )
    co_organisers = IdsField(
        label=_("Co-organisers"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Organisations of the directory that organise it with you; their staff "
            "manage it too."
        ),
        error_messages={
            "invalid_choice": _("Choose co-organisers from the directory."),
            "invalid_pk_value": _("Choose co-organisers from the directory."),
        },
    )
    co_organiser_q = forms.CharField(
        label=_("Find an organisation"),
        required=False,
        max_length=MAX_ORGANISER_QUERY,
        help_text=_(
            "Type part of its name, then tick it among the matches. Without "
            "JavaScript, save: the matches are shown to tick."
        ),
    )
    starts_at = _datetime_field(_("Starts at"))
    ends_at = _datetime_field(_("Ends at"))

    class Meta:
        model = Event
        fields = [
            *[f"title_{c}" for c in LANGS],
            "kind",
            "starts_at",
            "ends_at",
            "mode",
            "venue",
            "street_address",
            "municipality",
            "online_url",
            *[f"description_{c}" for c in LANGS],
            "accessibility",
            "languages",
            "themes",
            "capacity",
            "registration_enabled",
            "is_published",
        ]
        field_classes = {"languages": IdsField, "themes": IdsField}
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "accessibility": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        coordinator = is_coordinator(user)
        own = (
            _organisations()
            if coordinator
            else Organisation.objects.filter(staff__user=user).order_by("sort_name")
        )
        self.fields["organisation"].queryset = own
        self.fields["co_organisers"].queryset = _organisations()
        self.co_organiser_picker = BoundPicker(self, CO_ORGANISER_PICKER)
        self.organisation_picker: BoundPicker | None = None
        if coordinator:
            # Any organisation of the directory: found by a search, like the
            # co-organisers; "required" is checked once a typed name is resolved.
            field = self.fields["organisation"]
            field.widget = forms.RadioSelect()
            field.required = False
            field.error_messages["invalid_choice"] = _(
                "Choose the organisation from the directory."
            )
            self.organisation_picker = BoundPicker(self, ORGANISATION_PICKER)
        else:
            # Member staff choose among their own few organisations in a list.
            del self.fields["organisation_q"]
        self.fields["municipality"] = IdField(
            label=_("Municipality"),
            queryset=Municipality.objects.order_by("name"),
            required=False,
            error_messages={
                "invalid_choice": _("Choose a municipality from the list.")
            },
        )
        if self.instance.municipality_id:
            self.initial["municipality"] = self.instance.municipality_id
        for code in LANGS:
            title = self.fields[f"title_{code}"]
            title.required = False
            title.label = _("Title (%(language)s)") % {"language": code.upper()}
            description = self.fields[f"description_{code}"]
            description.label = _("Description (%(language)s)") % {
                "language": code.upper()
            }
            description.max_length = MAX_DESCRIPTION
            description.validators.append(MaxLengthValidator(MAX_DESCRIPTION))
        accessibility = self.fields["accessibility"]
        accessibility.max_length = MAX_SHORT_TEXT
        accessibility.validators.append(MaxLengthValidator(MAX_SHORT_TEXT))
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].validators.append(MaxValueValidator(1_000_000))
        if not self.instance.pk and not coordinator:
            mine = list(own[:2])
            if len(mine) == 1:
                self.initial["organisation"] = mine[0].pk
        if self.instance.pk:
            organisers = list(self.instance.organisers.all())
            # Asked of the database: ``own`` is the whole directory for coordinators.
            own_ids = set(
                own.filter(pk__in=[o.pk for o in organisers]).values_list(
                    "pk", flat=True
                )
            )
            mine = [o for o in organisers if o.pk in own_ids] or organisers[:1]
            if mine:
                self.initial["organisation"] = mine[0].pk
            self.initial["co_organisers"] = [
                o.pk for o in organisers if not mine or o.pk != mine[0].pk
            ]
        if self.instance.approval != Approval.APPROVED or (
            not self.instance.pk and not coordinator
        ):
            # Proposals go public when a coordinator approves them.
            del self.fields["is_published"]
        for bound in self.pickers():
            self._show_chosen_only(bound.picker)

    def pickers(self) -> list[BoundPicker]:
        return [p for p in (self.organisation_picker, self.co_organiser_picker) if p]

    def _show_chosen_only(self, picker: OrganiserPicker) -> None:
        """Render the chosen organisations alone, ticked (the queryset, all of the
        directory, still validates what comes back)."""
        if self.is_bound:
            name = self.add_prefix(picker.field)
            raw = self.data.getlist(name) if hasattr(self.data, "getlist") else []
        else:
            raw = self.initial.get(picker.field) or []
            raw = raw if isinstance(raw, list | tuple) else [raw]
        ids = chosen_ids(raw if picker.multiple else raw[:1])
        chosen = _organisations().filter(pk__in=ids) if ids else []
        self.fields[picker.field].widget.choices = [(o.pk, o.name) for o in chosen]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        if not any((data.get(f"title_{c}") or "").strip() for c in LANGS):
            self.add_error(
                "title_fr", _("Give the event a title in at least one language.")
            )
        for bound in self.pickers():
            self._pick_from_query(data, bound)
        if (
            self.organisation_picker
            and "organisation" in data
            and data["organisation"] is None
            and "organisation_q" not in self.errors
        ):
            required = self.fields["organisation"].error_messages["required"]
            self.add_error("organisation", required)
        return data

    def _pick_from_query(self, data, bound: BoundPicker) -> None:
        """Without JavaScript, a name typed in the search box: its one match is
        chosen (added to the co-organisers, or the organisation), several are shown
        to choose from (the form is not saved until then)."""
        picker = bound.picker
        query = (data.get(picker.query) or "").strip()
        if not query or picker.field not in data:
            return
        value = data[picker.field]
        chosen = list(value) if picker.multiple else [value] if value else []
        matches = organiser_matches(query)
        if any(m in chosen for m in matches):
            return  # chosen among the matches already
        if len(matches) == 1:
            data[picker.field] = (
                [*chosen, matches[0]] if picker.multiple else matches[0]
            )
        elif not matches:
            self.add_error(
                picker.query, _("No organisation of the directory matches this name.")
            )
        else:
            bound.matches = matches
            self.add_error(picker.query, picker.several)

    def organisers(self) -> list[Organisation]:
        main = self.cleaned_data["organisation"]
        return [main] + [o for o in self.cleaned_data["co_organisers"] if o != main]


class SessionForm(forms.Form):
    label = forms.CharField(
        label=_("Session"),
        required=False,
        max_length=model_max_length(Session, "label"),
        help_text=_("E.g. “Module 2: the law”."),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=LocalDateTimeInput, required=False
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=LocalDateTimeInput, required=False
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if data.get("DELETE") or not (starts or ends or data.get("label")):
            return data
        if not starts:
            self.add_error("starts_at", _("When does the session start?"))
        if not ends:
            self.add_error("ends_at", _("When does the session end?"))
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("A session cannot end before it starts."))
        return data


class BaseSessionFormSet(forms.BaseFormSet):
    def sessions(self) -> list[SessionData]:
        return [
            SessionData(
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                label=clean_text(form.cleaned_data.get("label") or ""),
            )
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("starts_at")
        ]


SessionFormSet = forms.formset_factory(
    SessionForm,
    formset=BaseSessionFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_SESSIONS,
    validate_max=True,
    absolute_max=MAX_SESSIONS,
)


def session_initial(event: Event) -> list[dict]:
    if not event.pk:
        return []
    return [
        {"label": s.label_fr, "starts_at": s.starts_at, "ends_at": s.ends_at}
        for s in event.sessions.all()
    ]


class CopyForm(forms.Form):
    starts_at = _datetime_field(_("New start"))
    ends_at = _datetime_field(_("New end"))

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return data


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the proposer)"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
