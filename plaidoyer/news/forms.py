from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.filters import FilterFormMixin
from plaidoyer.organisations.models import Theme

from .models import Resource
from .selectors import NewsFilters

# Lazy: built on first use, so that importing the form does not need SECRET_KEY.
_SIGNER = SimpleLazyObject(lambda: signing.TimestampSigner(salt="contact-form"))


class ArticleFilterForm(FilterFormMixin, forms.Form):
    filters_class = NewsFilters
    q = forms.CharField(label=_("Search"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, data=None, years=()):
        super().__init__(data)
        every = [("", _("All"))]
        self.fields["theme"].choices = every + [
            (t.slug, t.name) for t in Theme.objects.all()
        ]
        self.fields["year"].choices = every + [(str(y), str(y)) for y in years]


class ResourceFilterForm(ArticleFilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, data=None, years=()):
        super().__init__(data, years)
        every = [("", _("All"))]
        self.fields["kind"].choices = every + list(Resource.Kind.choices)
        self.fields["language"].choices = every + list(settings.LANGUAGES)


class TimedForm(forms.Form):
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["started"].initial = _SIGNER.sign(
                str(timezone.now().timestamp())
            )

    def seconds_on_form(self) -> float:
        try:
            started = float(_SIGNER.unsign(self.data.get("started", ""), max_age=86400))
        except (signing.BadSignature, ValueError):
            return 0.0  # missing or forged: treated as a bot's speed
        return timezone.now().timestamp() - started


class ContactForm(TimedForm):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    field_order = ["name", "email", "subject", "message", "website", "started"]


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    themes = forms.ModelMultipleChoiceField(
        label=_("Only these themes (optional)"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), required=False)
