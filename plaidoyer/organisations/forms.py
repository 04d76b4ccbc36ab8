from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.filters import FilterForm
from plaidoyer.core.images import normalise_image
from plaidoyer.core.models import model_max_length
from plaidoyer.places.forms import MunicipalityChoiceField
from plaidoyer.places.models import Municipality, PostalCode

from .models import Contact, Language, Organisation, Theme
from .selectors import DirectoryFilters


class DirectoryFilterForm(FilterForm):
    """Read the directory's query string. Unknown values are dropped, never a 500."""

    filters_class = DirectoryFilters


MAX_DESCRIPTION = 10_000


class ProfileForm(forms.ModelForm):
    """What an organisation's staff edit on their public profile."""

    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages of work"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipality = MunicipalityChoiceField(label=_("Municipality"), required=False)

    class Meta:
        model = Organisation
        fields = [
            *[f"name_{code}" for code, _ in settings.LANGUAGES],
            "acronym",
            "kind",
            *[f"description_{code}" for code, _ in settings.LANGUAGES],
            "street_address",
            "postcode",
            "municipality",
            "website",
            "email",
            "phone",
            "founded_year",
            "logo",
        ]
        widgets = {
            **{
                f"description_{code}": forms.Textarea(attrs={"rows": 5})
                for code, _ in settings.LANGUAGES
            },
            "logo": forms.ClearableFileInput(
                attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}
            ),
        }

    def __init__(self, *args, kind_editable: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_fr"].required = True
        if not kind_editable:  # the coordination decides what an organisation is
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _(
                "Only the coordination can change this; write to them if it is wrong."
            )
        for code, label in settings.LANGUAGES:
            self.fields[f"name_{code}"].label = _("Name (%(language)s)") % {
                "language": label
            }
            description = self.fields[f"description_{code}"]
            description.label = _("Description (%(language)s)") % {"language": label}
            # A profile page, not a document store: a pasted book made it 1 MB.
            description.max_length = MAX_DESCRIPTION
            description.widget.attrs["maxlength"] = MAX_DESCRIPTION
            description.validators.append(MaxLengthValidator(MAX_DESCRIPTION))
        if self.instance.pk:
            self.fields["themes"].initial = list(self.instance.themes.all())
            self.fields["languages"].initial = list(self.instance.languages.all())

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "image"):
            return logo
        if logo.size > settings.MAX_LOGO_BYTES:
            raise ValidationError(
                _(
                    "The logo is too large (%(size)s). Upload an image of at most %(max)s."
                )
                % {
                    "size": filesizeformat(logo.size),
                    "max": filesizeformat(settings.MAX_LOGO_BYTES),
                }
            )
        # Re-encoded: no EXIF, nothing appended, at most 600 px a side.
        return normalise_image(logo, max_side=600)

    def clean_postcode(self):
        return (self.cleaned_data.get("postcode") or "").strip()

    def clean(self):
        data = super().clean()
        postcode, municipality = data.get("postcode"), data.get("municipality")
        if postcode and len(postcode) == 4 and postcode.isdigit():
            served = list(
                PostalCode.objects.filter(code=postcode).values_list(
                    "municipality_id", flat=True
                )
            )
            if not served:
                self.add_error(
                    "postcode",
                    _("%(code)s is not a Belgian postcode.") % {"code": postcode},
                )
            elif municipality is None and len(served) == 1:
                data["municipality"] = Municipality.objects.get(pk=served[0])
            elif municipality is not None and municipality.pk not in served:
                self.add_error(
                    "municipality",
                    _("Postcode %(code)s is not in %(municipality)s.")
                    % {"code": postcode, "municipality": municipality},
                )
        return data


def _contact_limit(name: str) -> int:
    return model_max_length(Contact, name)


class ContactForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), max_length=_contact_limit("name"))
    role = forms.CharField(
        label=_("Role"), max_length=_contact_limit("role"), required=False
    )
    email = forms.EmailField(
        label=_("Email"), max_length=_contact_limit("email"), required=False
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=_contact_limit("phone"), required=False
    )
    is_public = forms.BooleanField(
        label=_("Show on the public profile"), required=False
    )


ContactFormSet = forms.formset_factory(
    ContactForm, extra=1, can_delete=True, max_num=30, validate_max=True
)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 or Windows-1252, comma or semicolon separated, one organisation per line."
        ),
    )
