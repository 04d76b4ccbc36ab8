from django import forms
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.filters import FilterForm
from plaidoyer.core.forms import TimedForm
from plaidoyer.core.models import model_max_length
from plaidoyer.organisations.models import Theme

from .models import Subscriber
from .selectors import ArticleFilters, ResourceFilters
from .services import CONTACT_MAX_LENGTH


class ArticleFilterForm(FilterForm):
    filters_class = ArticleFilters


class ResourceFilterForm(FilterForm):
    filters_class = ResourceFilters


class ContactForm(TimedForm):
    signing_salt = "contact-form"
    name = forms.CharField(label=_("Your name"), max_length=CONTACT_MAX_LENGTH["name"])
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    subject = forms.CharField(
        label=_("Subject"), max_length=CONTACT_MAX_LENGTH["subject"]
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=CONTACT_MAX_LENGTH["message"],
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=model_max_length(Subscriber, "email"),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Only these themes (optional)"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), required=False)
