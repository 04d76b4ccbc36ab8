from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.filters import FilterForm
from plaidoyer.core.models import model_max_length

from .models import Follower, Status, StatusUpdate
from .selectors import RecommendationFilters

ALLOWED_EVIDENCE = (".pdf", ".odt", ".docx", ".doc", ".png", ".jpg", ".jpeg", ".txt")
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


class RecommendationFilterForm(FilterForm):
    filters_class = RecommendationFilters


class StatusUpdateForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    source = forms.ChoiceField(
        label=_("Whose view"), choices=StatusUpdate.Source.choices
    )
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"), required=False, min_value=0, max_value=100
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence_url = forms.URLField(
        label=_("Evidence (web address)"),
        required=False,
        max_length=model_max_length(StatusUpdate, "evidence_url"),
    )
    evidence_file = forms.FileField(label=_("Evidence (document)"), required=False)
    corrects = forms.TypedChoiceField(
        label=_("This corrects an earlier update"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, commitment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        updates = list(commitment.timeline) if commitment is not None else []
        self.fields["corrects"].choices = [("", "—")] + [
            (u.pk, f"{u.date:%d/%m/%Y} · {u.get_status_display()}") for u in updates
        ]
        self.updates = {u.pk: u for u in updates}

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            if upload.size > MAX_EVIDENCE_BYTES:
                raise forms.ValidationError(_("The document is larger than 10 MB."))
            if not upload.name.lower().endswith(ALLOWED_EVIDENCE):
                raise forms.ValidationError(
                    _("Upload a PDF, ODT, DOCX, TXT, PNG or JPEG document.")
                )
        return upload

    def clean_corrects(self):
        value = self.cleaned_data.get("corrects")
        return self.updates.get(value) if value else None


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"), max_length=model_max_length(Follower, "email")
    )
    # Bots fill every field; people never see this one.
    website = forms.CharField(required=False, label=_("Leave this field empty"))


class MemorandumImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("Columns: code, sector, title_fr … (see below)."),
    )
    publish = forms.BooleanField(
        label=_("Publish the memorandum after the import"), required=False
    )


class BulkStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
