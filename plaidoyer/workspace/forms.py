"""The workspace's forms: they check shape; services check the rules."""

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from plaidoyer.campaigns.models import Campaign, Case
from plaidoyer.core.forms import TimedForm
from plaidoyer.core.models import model_max_length
from plaidoyer.news.models import Page, TeamMember
from plaidoyer.organisations.models import Organisation, Staff
from plaidoyer.places.forms import MunicipalityChoiceField

from .models import AccountRequest
from .services import MAX, REASON_MAX

LANGS = [code for code, _name in settings.LANGUAGES]
MAX_RICH = 100_000  # characters of one rich text, in any language


def _each(*names: str) -> list[str]:
    return [f"{name}_{code}" for name in names for code in LANGS]


class _Limited(forms.ModelForm):
    """A ModelForm whose text fields refuse more than their model allows, and whose
    long texts stop at MAX_RICH (the rich-text widget may replace their widget)."""

    required_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not field.max_length:
                field.max_length = MAX_RICH
                field.validators.append(MaxLengthValidator(MAX_RICH))
        for name in self.required_fields:
            self.fields[name].required = True


class PageForm(_Limited):
    required_fields = ("title_fr",)

    class Meta:
        model = Page
        fields = [
            *_each("title"),
            "slug",
            *_each("body"),
            "parent",
            "in_menu",
            "in_footer",
            "position",
            "is_published",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leave empty to make it from the title.")
        parents = Page.objects.order_by("slug")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class TeamMemberForm(_Limited):
    required_fields = ("name",)

    class Meta:
        model = TeamMember
        fields = ["page", "name", *_each("role"), "photo", "position"]


class CampaignForm(_Limited):
    required_fields = ("title_fr",)

    class Meta:
        model = Campaign
        fields = [
            *_each("title"),
            *_each("description"),
            "image",
            *_each("image_alt"),
            "opens_at",
            "closes_at",
            "collects_letters",
            "collects_signatures",
            "collects_drawings",
            "goal",
            "is_published",
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }


class CaseForm(_Limited):
    required_fields = ("name",)

    class Meta:
        model = Case
        fields = [
            "name",
            "slug",
            "country",
            *_each("story"),
            "photo",
            *_each("photo_alt"),
            "addressee",
            *_each("letter_template"),
            "position",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leave empty to make it from the name.")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of your colleague"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language of the email"), choices=settings.LANGUAGES
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Staff.Role.choices, initial=Staff.Role.EDITOR
    )


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=MAX["name"])
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=4096,
    )
    language = forms.ChoiceField(label=_("Your language"), choices=settings.LANGUAGES)


class AccountRequestForm(TimedForm):
    signing_salt = "account-request"
    name = forms.CharField(label=_("Your name"), max_length=MAX["name"])
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=model_max_length(AccountRequest, "email"),
    )
    kind = forms.ChoiceField(
        label=_("You represent"), choices=AccountRequest.Kind.choices
    )
    organisation_name = forms.CharField(
        label=_("Name of the municipality or institution"),
        max_length=MAX["organisation_name"],
    )
    municipality = MunicipalityChoiceField(label=_("Municipality"), required=False)
    role = forms.CharField(label=_("Your role"), max_length=MAX["role"], required=False)
    message = forms.CharField(
        label=_("Message"),
        max_length=MAX["message"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ApproveForm(forms.Form):
    """Link the request to an existing organisation, or leave empty to create one."""

    organisation = forms.ModelChoiceField(
        label=_("Existing organisation (optional)"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.NumberInput,
        help_text=_("Its number; leave empty to create the profile from the request."),
    )
