from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plaidoyer.commitments.models import Memorandum, Sector
from plaidoyer.core.models import model_max_length
from plaidoyer.core.richtext import RichTextFormField
from plaidoyer.core.visibility import Visibility
from plaidoyer.organisations.models import Organisation

from .models import Comment, DraftVersion


class ActForForm(forms.Form):
    """Which of the user's participating organisations speaks."""

    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0]


class CommentForm(ActForForm):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EndorseForm(ActForForm):
    reason = forms.CharField(
        label=_("Why (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=model_max_length(Comment, "hidden_reason")
    )


class DraftTextForm(forms.Form):
    """A draft's wording: what drafting and amending both ask for."""

    title = forms.CharField(
        label=_("Title"), max_length=model_max_length(DraftVersion, "title")
    )
    text = RichTextFormField(label=_("Text"), required=False, max_length=20_000)


class AmendForm(DraftTextForm):
    note = forms.CharField(
        label=_("What changed"),
        max_length=model_max_length(DraftVersion, "note"),
        required=False,
    )


class AdoptForm(forms.Form):
    memorandum = forms.ModelChoiceField(
        label=_("Into the memorandum"),
        queryset=Memorandum.objects.exclude(state=Memorandum.State.SUPERSEDED),
    )


class DraftForm(DraftTextForm):
    field_order = ["sector", "title", "text", "visibility"]
    sector = forms.ModelChoiceField(label=_("Area"), queryset=Sector.objects.all())
    visibility = forms.ChoiceField(
        label=_("Visible to"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        required=False,
    )

    def clean_visibility(self):
        return self.cleaned_data["visibility"] or Visibility.PUBLIC


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class CloseMeetingForm(forms.Form):
    attendance_count = forms.IntegerField(
        label=_("Number of participants"),
        min_value=0,
        max_value=100_000,
        required=False,
    )
    attending_organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations present"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    documents = MultipleFileField(label=_("Documents"), required=False)
    minutes_visibility = forms.ChoiceField(
        label=_("Minutes visible to"), choices=Visibility.choices, required=False
    )
    documents_visibility = forms.ChoiceField(
        label=_("New documents visible to"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        required=False,
    )

    def clean_minutes_visibility(self):
        return self.cleaned_data["minutes_visibility"] or None

    def clean_documents_visibility(self):
        return self.cleaned_data["documents_visibility"] or Visibility.PUBLIC

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "attending_organisations"
        ].queryset = process.organisations.order_by("sort_name")
        for code, name in settings.LANGUAGES:
            self.fields[f"minutes_{code}"] = forms.CharField(
                label=_("Minutes (%(language)s)") % {"language": name},
                required=False,
                max_length=100_000,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
