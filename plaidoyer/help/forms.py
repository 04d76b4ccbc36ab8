from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from plaidoyer.accounts.models import User
from plaidoyer.core.access import parse_int
from plaidoyer.core.forms import TimedForm
from plaidoyer.organisations.models import Language, Organisation
from plaidoyer.places.models import Province, Region

from . import selectors
from .models import Field, Ground, Service, Testimony, text_to_codes
from .services import MAX_SERVICE_TEXT


class IdsChoiceField(forms.ModelMultipleChoiceField):
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


def _region_choices():
    return [("", _("Anywhere in Belgium"))] + [
        (r.slug, r.name) for r in Region.objects.order_by("nis_code")
    ]


class PlaceMixin(forms.Form):
    """A municipality or postcode, or else a region: read into a ``Place``."""

    place = forms.CharField(
        label=_("Municipality or postcode"), max_length=100, required=False
    )
    region = forms.ChoiceField(label=_("Or region"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _region_choices()

    def clean(self):
        data = super().clean()
        text = (data.get("place") or "").strip()
        found = selectors.find_place(text, data.get("region") or "")
        if text and found.municipality is None:
            self.add_error(
                "place",
                _("We do not know “%(place)s”: try a postcode (2000) or a name.")
                % {"place": text[:40]},
            )
        data["found_place"] = found
        return data


class WhereForm(PlaceMixin):
    """The guided "where to turn" questions: every answer optional."""

    field = forms.ChoiceField(
        label=_("What happened? Where?"),
        required=False,
        choices=[("", _("Any field"))] + Field.choices,
    )
    ground = forms.ChoiceField(
        label=_("On which ground?"),
        required=False,
        choices=[("", _("Any ground"))] + Ground.choices,
    )
    field_order = ["field", "ground", "place", "region"]


class TestimonyForm(PlaceMixin, TimedForm):
    """Only what is needed; every consent separate and unticked."""

    __test__ = False  # pytest collects classes named Test*: this is no test

    signing_salt = "help-testimony"

    text = forms.CharField(
        label=_("What happened?"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("No names of other people are needed."),
    )
    happened_on = forms.DateField(
        label=_("When (approximately)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    field = forms.ChoiceField(
        label=_("Where did it happen?"), choices=[("", "—")] + Field.choices
    )
    ground = forms.ChoiceField(
        label=_("On which ground?"), choices=[("", "—")] + Ground.choices
    )
    consent_figures = forms.BooleanField(
        label=_("Count my testimony in the anonymised figures."), required=False
    )
    consent_referral = forms.BooleanField(
        label=_("Pass my testimony to a member organisation that can help."),
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation (optional: else we suggest one near you)"),
        queryset=Organisation.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )
    consent_contact = forms.BooleanField(
        label=_("I want to be contacted back."), required=False
    )
    name = forms.CharField(label=_("Name (optional)"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    field_order = [
        "text",
        "happened_on",
        "field",
        "ground",
        "place",
        "region",
        "consent_figures",
        "consent_referral",
        "organisation",
        "consent_contact",
        "name",
        "email",
        "phone",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=selectors.active_desks().values("organisation")
        ).order_by("sort_name")

    def clean(self):
        data = super().clean()
        if "place" not in self.errors and data["found_place"].region is None:
            self.add_error(
                "place", _("Say in which municipality or region it happened.")
            )
        return data


class ServiceForm(forms.ModelForm):
    fields_served = forms.MultipleChoiceField(
        label=_("Fields"),
        choices=Field.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every field."),
    )
    municipality_names = forms.CharField(
        label=_("Municipalities served"),
        required=False,
        max_length=2000,
        help_text=_("Names or postcodes, separated by commas."),
    )

    class Meta:
        model = Service
        fields = [
            "kind",
            *[
                f"{name}_{code}"
                for name in ("name", "description", "opening_hours", "how_to_reach")
                for code, _n in settings.LANGUAGES
            ],
            "languages",
            "nationwide",
            "regions",
            "provinces",
            "address",
            "phone",
            "email",
            "website",
            "is_published",
            "position",
        ]
        field_classes = {
            "languages": IdsChoiceField,
            "regions": IdsChoiceField,
            "provinces": IdsChoiceField,
        }
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "regions": forms.CheckboxSelectMultiple,
            "provinces": forms.CheckboxSelectMultiple,
            **{
                f"{name}_{code}": forms.Textarea(attrs={"rows": 2})
                for name in ("description", "opening_hours", "how_to_reach")
                for code, _n in settings.LANGUAGES
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].queryset = Language.objects.order_by("position")
        self.fields["regions"].queryset = Region.objects.order_by("nis_code")
        self.fields["provinces"].queryset = Province.objects.order_by("nis_code")
        self.fields["name_fr"].required = True
        for name in ("description", "opening_hours", "how_to_reach"):
            for code, _n in settings.LANGUAGES:
                field = self.fields[f"{name}_{code}"]
                field.max_length = MAX_SERVICE_TEXT
                field.validators.append(MaxLengthValidator(MAX_SERVICE_TEXT))
                field.widget.attrs["maxlength"] = MAX_SERVICE_TEXT
        if self.instance.pk:
            self.initial["fields_served"] = text_to_codes(self.instance.fields)
            self.initial["municipality_names"] = ", ".join(
                m.name for m in self.instance.municipalities.all()
            )

    def clean_municipality_names(self):
        found, unknown = [], []
        for part in (self.cleaned_data.get("municipality_names") or "").split(","):
            part = part.strip()
            if not part:
                continue
            place = selectors.find_place(part)
            if place.municipality is None:
                unknown.append(part[:40])
            else:
                found.append(place.municipality)
        if unknown:
            raise forms.ValidationError(
                _("Unknown municipalities: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return found


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            c for c in Testimony.Status.choices if c[0] != Testimony.Status.RECEIVED
        ],
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message to the person"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ReplyForm(TimedForm):
    signing_salt = "help-reply"
    body = forms.CharField(
        label=_("Your answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class DeskForm(forms.Form):
    """Which organisation handles testimonies, for where and what, read by whom."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(is_published=True).order_by("sort_name"),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )
    regions = IdsChoiceField(
        label=_("Regions"),
        queryset=Region.objects.order_by("nis_code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the whole country."),
    )
    fields_handled = forms.MultipleChoiceField(
        label=_("Fields"),
        choices=Field.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every field."),
    )
    handlers = IdsChoiceField(
        label=_("Designated staff (they read the testimonies)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(
        label=_("Takes testimonies"), required=False, initial=True
    )

    def __init__(self, *args, desk=None, **kwargs):
        super().__init__(*args, **kwargs)
        if desk is not None:
            del self.fields["organisation"]
            self.fields["handlers"].queryset = User.objects.filter(
                staff_roles__organisation=desk.organisation_id
            ).order_by("email")
            self.initial.update(
                regions=list(desk.regions.all()),
                fields_handled=text_to_codes(desk.fields),
                handlers=list(desk.handlers.all()),
                is_active=desk.is_active,
            )
        else:
            del self.fields["handlers"]
