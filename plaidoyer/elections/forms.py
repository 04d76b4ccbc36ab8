from django import forms
from django.utils.translation import gettext_lazy as _

from plaidoyer.commitments.models import Authority

from .models import Party, Pledge
from .services import MAX_COMMENT_CHARS


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class AnswerForm(forms.Form):
    """One answer (yes / partly / no, or none yet) and a comment per recommendation
    of the campaign; fields are named after the recommendations' ids, so an id the
    campaign does not hold is never read."""

    def __init__(self, *args, recommendations, pledges, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendations = list(recommendations)
        choices = [("", _("No answer yet")), *Pledge.Answer.choices]
        for rec in self.recommendations:
            pledge = pledges.get(rec.pk)
            self.fields[f"answer_{rec.pk}"] = forms.ChoiceField(
                label=_("Your answer"),
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=pledge.answer if pledge else "",
            )
            self.fields[f"comment_{rec.pk}"] = forms.CharField(
                label=_("Comment (optional)"),
                required=False,
                max_length=MAX_COMMENT_CHARS,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=pledge.comment if pledge else "",
            )

    def rows(self):
        """(recommendation, answer field, comment field, the answer's label) for
        the template."""
        labels = dict(Pledge.Answer.choices)
        for rec in self.recommendations:
            answer = self[f"answer_{rec.pk}"]
            yield rec, answer, self[f"comment_{rec.pk}"], labels.get(answer.value())

    def answers(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            rec.pk: (data[f"answer_{rec.pk}"], data[f"comment_{rec.pk}"])
            for rec in self.recommendations
        }


class ResultForm(forms.Form):
    majority = forms.ModelMultipleChoiceField(
        label=_("Parties of the new majority"),
        queryset=Party.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    government = forms.ModelChoiceField(
        label=_("The new government"),
        queryset=Authority.objects.all(),
        help_text=_("Their pledges become commitments of this authority."),
    )

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["majority"].queryset = Party.objects.filter(election=election)
        self.fields["majority"].initial = [
            p.pk for p in election.parties.all() if p.in_majority
        ]
        self.fields["government"].initial = election.government_id
