import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.filters import FilterForm
from plaidoyer.core.models import model_max_length

from .models import Authority, Follower, Status, StatusUpdate
from .selectors import RecommendationFilters

# Documents a reader can open anywhere; images and Word 97 files are not evidence
# the coalition publishes.
ALLOWED_EVIDENCE = {
    ".pdf": b"%PDF-",
    ".odt": b"PK\x03\x04",
    ".docx": b"PK\x03\x04",
}
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Markup in a plain-text field is a mistake (pasted HTML) or an attack; either way
# the person should see it before it goes public.
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]")


class RecommendationFilterForm(FilterForm):
    filters_class = RecommendationFilters


def _plain_text(value: str) -> str:
    if MARKUP.search(value):
        raise forms.ValidationError(
            _("Write plain text: remove the HTML tags (text between < and >).")
        )
    return value


class StatusUpdateForm(forms.Form):
    """A coalition's status update, recorded by a coordinator from the site.

    Shape only: that there is evidence, that the date is not in the future and
    that a correction is about this commitment are the service's rules.
    """

    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"), required=False, min_value=0, max_value=100
    )
    evidence_url = forms.URLField(
        label=_("Evidence (web address)"),
        required=False,
        max_length=model_max_length(StatusUpdate, "evidence_url"),
        assume_scheme="https",
    )
    evidence_file = forms.FileField(
        label=_("Evidence (document)"),
        required=False,
        help_text=_("PDF, ODT or DOCX, at most 10 MB."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Public. With its source, a note is evidence on its own."),
    )
    note_source = forms.CharField(
        label=_("Source of the note"),
        required=False,
        max_length=model_max_length(StatusUpdate, "note_source"),
        help_text=_("Who said or published it, e.g. “Answer of the minister, 3 May”."),
    )
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
            (u.pk, f"{u.date:%d/%m/%Y} · {u.get_status_display()}")
            for u in updates
            if not getattr(u, "corrected_by_id", None)
        ]
        self.updates = {u.pk: u for u in updates}

    def clean_note(self):
        return _plain_text(self.cleaned_data["note"])

    def clean_note_source(self):
        return _plain_text(self.cleaned_data["note_source"])

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            check_evidence_file(upload)
        return upload

    def clean_corrects(self):
        value = self.cleaned_data.get("corrects")
        return self.updates.get(value) if value else None


def check_evidence_file(upload) -> None:
    """Accept a PDF, ODT or DOCX of at most 10 MB whose content matches its name."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise forms.ValidationError(_("The document is larger than 10 MB."))
    name = upload.name.lower()
    magic = next((m for ext, m in ALLOWED_EVIDENCE.items() if name.endswith(ext)), None)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if magic is None or not head.startswith(magic):
        raise forms.ValidationError(_("Upload a PDF, ODT or DOCX document."))


class CommitmentChoiceForm(forms.Form):
    """The "Record a status update" page: an authority, then one of its commitments."""

    authority = forms.ModelChoiceField(
        label=_("Authority"),
        queryset=Authority.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Choose an authority"),
    )
    q = forms.CharField(
        label=_("Words of the commitment"), required=False, max_length=100
    )


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
