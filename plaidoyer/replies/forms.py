from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plaidoyer.commitments.forms import check_evidence_file
from plaidoyer.commitments.models import Status
from plaidoyer.core.models import model_max_length

from .models import Contact, Reply, UpdateRequest
from .services import MAX_REASON_CHARS, MAX_TEXT_CHARS


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=model_max_length(Contact, "name")
    )
    role = forms.CharField(
        label=_("Role"),
        required=False,
        max_length=model_max_length(Contact, "role"),
        help_text=_("e.g. alderman for equal opportunities, head of cabinet"),
    )
    email = forms.EmailField(
        label=_("Email address"), max_length=model_max_length(Contact, "email")
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class ReplyForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Where it stands, in your view"), choices=Status.choices
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"), required=False, min_value=0, max_value=100
    )
    comment = forms.CharField(
        label=_("Your comment"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    response = forms.CharField(
        label=_("Your reply to the coalition's assessment"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence_url = forms.URLField(
        label=_("Evidence (web address)"),
        required=False,
        max_length=model_max_length(Reply, "evidence_url"),
    )
    evidence_file = forms.FileField(label=_("Evidence (document)"), required=False)

    def clean_evidence_file(self):
        # The same documents, checked the same way, as the coalition's own
        # evidence: a PDF, ODT or DOCX whose content matches its name.
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            check_evidence_file(upload)
        return upload


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it refused? (emailed to the sender)"),
        max_length=MAX_REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequestUpdatesForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=UpdateRequest.Kind.choices)
    remind_after_days = forms.IntegerField(
        label=_("Remind after (days)"), min_value=1, max_value=365, initial=14
    )
