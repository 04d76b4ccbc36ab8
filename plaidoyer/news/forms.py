from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.filters import FilterForm
from plaidoyer.core.forms import TimedForm
from plaidoyer.core.models import model_max_length
from plaidoyer.organisations.models import Theme

from .models import Article, Newsletter, Subscriber
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


class NewsletterForm(forms.ModelForm):
    """A draft newsletter: its texts in four languages and its segments."""

    languages = forms.MultipleChoiceField(
        label=_("Only these languages (optional)"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Newsletter
        fields = [
            "subject_fr",
            "subject_nl",
            "subject_en",
            "subject_de",
            "introduction_fr",
            "introduction_nl",
            "introduction_en",
            "introduction_de",
            "articles",
            "include_events",
            "to_subscribers",
            "themes",
            "signers_of",
            "to_organisations",
            "to_press",
            "languages",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "articles": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        recent = Article.objects.filter(status=Article.Status.PUBLISHED).order_by(
            "-publish_at"
        )
        self.fields["articles"].queryset = Article.objects.filter(
            pk__in=list(recent.values_list("pk", flat=True)[:30])
        ).order_by("-publish_at")
        self.fields["subject_fr"].required = True


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Send at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
