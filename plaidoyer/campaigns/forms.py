from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.forms import PlainSelect, TimedForm
from plaidoyer.core.models import model_max_length
from plaidoyer.organisations.models import Organisation
from plaidoyer.places.forms import MunicipalityChoiceField

from . import consent
from .models import (
    MAX_BATCH,
    MAX_PARTICIPANTS,
    PLACE_KINDS,
    Action,
    Case,
    CaseUpdate,
    Evidence,
    SessionRequest,
    WritingSession,
)

COUNTRIES = [
    ("FR", _("France")),
    ("NL", _("Netherlands")),
    ("DE", _("Germany")),
    ("LU", _("Luxembourg")),
    ("GB", _("United Kingdom")),
    ("ES", _("Spain")),
    ("IT", _("Italy")),
    ("PT", _("Portugal")),
    ("CH", _("Switzerland")),
    ("AT", _("Austria")),
    ("IE", _("Ireland")),
    ("PL", _("Poland")),
    ("RO", _("Romania")),
    ("MA", _("Morocco")),
    ("TR", _("Türkiye")),
    ("CD", _("DR Congo")),
    ("CM", _("Cameroon")),
    ("SN", _("Senegal")),
    ("CA", _("Canada")),
    ("US", _("United States")),
    ("ZZ", _("Another country")),
]


def _country_choices():
    # A callable: each form copies its fields, and a list of 21 lazy names
    # would be deep-copied for every post.
    return [("", "—"), *COUNTRIES]


class CaseField(forms.ChoiceField):
    """One of the campaign's cases, by slug, from the cases the form was given:
    the campaign's, already read (a ModelChoiceField would query again)."""

    widget = forms.RadioSelect

    def set_cases(self, cases) -> None:
        self.cases = {case.slug: case for case in cases}
        self.choices = [(case.slug, str(case)) for case in self.cases.values()]

    def prepare_value(self, value):
        return value.slug if isinstance(value, Case) else value

    def clean(self, value):
        slug = super().clean(value)
        return self.cases[slug] if slug else None


class ActionForm(TimedForm):
    signing_salt = "campaign-form"
    case = CaseField(label=_("Case"))
    kind = forms.ChoiceField(
        label=_("I send"),
        choices=Action.Kind.choices,
        widget=forms.RadioSelect,
        initial="letter",
    )
    name = forms.CharField(
        label=_("Your name"), max_length=model_max_length(Action, "name")
    )
    email = forms.EmailField(
        label=_("Your email address"), max_length=model_max_length(Action, "email")
    )
    in_belgium = forms.TypedChoiceField(
        label=_("Where do you live?"),
        coerce=lambda v: v == "yes",
        initial="yes",
        choices=[("yes", _("In Belgium")), ("no", _("Outside Belgium"))],
        widget=forms.RadioSelect,
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=model_max_length(Action, "postcode"),
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
        ),
    )
    municipality = forms.ChoiceField(
        label=_("Your municipality"),
        required=False,
        error_messages={"invalid_choice": _("Choose your municipality in the list.")},
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=_country_choices,
        required=False,
        # ~250 countries: Django's select costs a template per option.
        widget=PlainSelect,
    )
    letter = forms.CharField(
        label=_("Your letter (you may change it)"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # Never pre-ticked (campaigns.consent): the person ticks what they agree to.
    share_name = forms.BooleanField(label=consent.SHARE_NAME, required=False)
    news_opt_in = forms.BooleanField(label=consent.NEWS, required=False)
    consent = forms.BooleanField(label=consent.DATA_USE)

    def __init__(self, *args, campaign, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].set_cases(campaign.cases.all())
        kinds = [
            (k, label)
            for k, label in Action.Kind.choices
            if (k == "letter" and campaign.collects_letters)
            or (k == "signature" and campaign.collects_signatures)
        ]
        self.fields["kind"].choices = kinds
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0][0]
            self.fields["kind"].widget = forms.HiddenInput()
        if municipalities:
            self.fields["municipality"].choices = [("", "—")] + [
                (m.nis_code, m.name) for m in municipalities
            ]
        else:
            # Asked only for a postcode shared by several municipalities: a choice
            # made for the postcode before a correction is dropped, not an error on
            # a field the writer cannot see.
            del self.fields["municipality"]

    def clean(self):
        data = super().clean()
        if data.get("in_belgium") is False and not data.get("country"):
            self.add_error("country", _("Choose your country."))
        if data.get("in_belgium") and not data.get("postcode"):
            self.add_error("postcode", _("Enter your postcode."))
        return data


class BatchForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Case"), queryset=Case.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Collected by"), queryset=Organisation.objects.none()
    )
    municipality = MunicipalityChoiceField(label=_("Municipality"), required=False)
    place_organisation = forms.ModelChoiceField(
        label=_("Or: university or school"),
        required=False,
        queryset=Organisation.objects.filter(kind__in=PLACE_KINDS).order_by(
            "sort_name"
        ),
    )
    collected_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    letters = forms.IntegerField(
        label=_("Letters"), min_value=0, max_value=100_000, initial=0
    )
    drawings = forms.IntegerField(
        label=_("Drawings"), min_value=0, max_value=100_000, initial=0
    )
    photo = forms.ImageField(label=_("Photo (optional)"), required=False)

    def __init__(self, *args, campaign, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = campaign.cases.all()
        self.fields["organisation"].queryset = organisations
        self.fields["collected_on"].initial = timezone.localdate()

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The photo is larger than 5 MB."))
        return photo


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class LabelApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Applying organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, programme, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.criteria = list(programme.criteria.all())
        for criterion in self.criteria:
            self.fields[f"text_{criterion.pk}"] = forms.CharField(
                label=criterion.text,
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"url_{criterion.pk}"] = forms.URLField(
                label=_("Link to the evidence (optional)"),
                required=False,
                max_length=model_max_length(Evidence, "url"),
            )

    def evidence(self) -> dict[int, tuple[str, str]]:
        return {
            c.pk: (
                self.cleaned_data.get(f"text_{c.pk}", ""),
                self.cleaned_data.get(f"url_{c.pk}", ""),
            )
            for c in self.criteria
        }


class CaseUpdateForm(forms.Form):
    """News of a case, in French and, optionally, the other languages."""

    case = forms.ChoiceField(label=_("Case"))
    kind = forms.ChoiceField(label=_("What happened"), choices=CaseUpdate.Kind.choices)
    happened_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    text_fr = forms.CharField(
        label=_("Text (French)"), max_length=5000, widget=forms.Textarea({"rows": 4})
    )
    text_nl = forms.CharField(
        label=_("Text (Dutch)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea({"rows": 4}),
    )
    text_en = forms.CharField(
        label=_("Text (English)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea({"rows": 4}),
    )
    text_de = forms.CharField(
        label=_("Text (German)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea({"rows": 4}),
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = {str(case.pk): case for case in campaign.cases.all()}
        self.fields["case"].choices = [(pk, c.name) for pk, c in self.cases.items()]
        self.fields["happened_on"].initial = timezone.localdate()

    def clean_case(self):
        return self.cases[self.cleaned_data["case"]]

    def texts(self) -> dict[str, str]:
        return {
            lang: self.cleaned_data.get(f"text_{lang}", "")
            for lang in ("fr", "nl", "en", "de")
        }


def _datetime_field(label):
    return forms.DateTimeField(
        label=label,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )


class WritingSessionForm(forms.Form):
    """A host's new writing session (the event is made from it)."""

    host = forms.ModelChoiceField(label=_("Host"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = _datetime_field(_("Starts at"))
    ends_at = _datetime_field(_("Ends at"))
    mode = forms.ChoiceField(
        label=_("Format"),
        choices=[("in_person", _("In person")), ("online", _("Online"))],
        widget=forms.RadioSelect,
        initial="in_person",
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    municipality = MunicipalityChoiceField(label=_("Municipality"), required=False)
    audience = forms.ChoiceField(
        label=_("Who may come"),
        choices=WritingSession.Audience.choices,
        widget=forms.RadioSelect,
        initial=WritingSession.Audience.PUBLIC,
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts


class SessionReportForm(forms.Form):
    """What a writing session collected."""

    case = forms.ModelChoiceField(label=_("Case"), queryset=Case.objects.none())
    letters = forms.IntegerField(
        label=_("Letters"), min_value=0, max_value=MAX_BATCH, initial=0
    )
    drawings = forms.IntegerField(
        label=_("Drawings"), min_value=0, max_value=MAX_BATCH, initial=0
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        cases = campaign.cases.all()
        self.fields["case"].queryset = cases
        first = cases.first()
        if first is not None:
            self.fields["case"].initial = first.pk


class SessionRequestForm(TimedForm):
    """The public form: a school or an association offers to host a session."""

    signing_salt = "session-request"
    kind = forms.ChoiceField(
        label=_("You are"),
        choices=SessionRequest.Kind.choices,
        initial=SessionRequest.Kind.SCHOOL,
    )
    organisation_name = forms.CharField(
        label=_("Name of the school or organisation"),
        max_length=model_max_length(SessionRequest, "organisation_name"),
    )
    town = forms.CharField(
        label=_("Town"), max_length=model_max_length(SessionRequest, "town")
    )
    name = forms.CharField(
        label=_("Your name"), max_length=model_max_length(SessionRequest, "name")
    )
    email = forms.EmailField(label=_("Your email"), max_length=254)
    participants = forms.IntegerField(
        label=_("Expected participants"), min_value=1, max_value=MAX_PARTICIPANTS
    )
    date_wish = forms.DateField(
        label=_("Preferred date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AcceptRequestForm(forms.Form):
    """A coordinator accepts a request: when and where the session is held."""

    starts_at = _datetime_field(_("Starts at"))
    ends_at = _datetime_field(_("Ends at"))
    municipality = MunicipalityChoiceField(label=_("Municipality"))
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    host = forms.ModelChoiceField(
        label=_("Host organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("A new organisation, from the request"),
    )

    def __init__(self, *args, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts


class RefuseRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
