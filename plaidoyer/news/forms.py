from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.filters import FilterFormMixin
from plaidoyer.core.forms import TimedForm
from plaidoyer.organisations.models import Theme

from .models import Resource
from .selectors import NewsFilters


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


class ContactForm(TimedForm):
    signing_salt = "contact-form"
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )


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
