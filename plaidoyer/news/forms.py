import datetime
from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core.access import parse_int
from plaidoyer.core.filters import FilterForm
from plaidoyer.core.forms import TimedForm
from plaidoyer.core.html import clean_text
from plaidoyer.core.models import model_max_length
from plaidoyer.events.forms import LocalDateTimeInput
from plaidoyer.events.models import Event
from plaidoyer.organisations.models import Language, Organisation, Theme

from .models import Article, Newsletter, PressOfficer, Resource, Subscriber
from .selectors import ArticleFilters, ResourceFilters
from .services import CONTACT_MAX_LENGTH, MAX_REASON


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


# --- Articles and resources written on the site ----------------------------------------

LANGS = [code for code, _name in settings.LANGUAGES]
MAX_BODY = 100_000
MAX_DESCRIPTION = 20_000


class IdField(forms.ModelChoiceField):
    """Junk ids ("abc", "9" * 30) are invalid choices, never a database error."""

    def to_python(self, value):
        if value not in self.empty_values and parse_int(str(value).strip()) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdsField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if parse_int(str(pk).strip()) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super()._check_values(value)


def _language_labels(form: forms.ModelForm, names: Iterable[str]) -> None:
    for name in names:
        for code in LANGS:
            field = form.fields.get(f"{name}_{code}")
            if field is not None:
                field.required = False


def _limit(field: forms.Field, size: int) -> None:
    field.max_length = size
    field.validators.append(MaxLengthValidator(size))


class _WrittenForm(forms.ModelForm):
    """What articles and resources share: the organisation that signs them (one of
    the writer's own unless a coordinator writes) and a title in one language at
    least. Non-coordinators do not see ``coordinator_only`` fields."""

    coordinator_only: tuple[str, ...] = ()
    organisation = IdField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={
            "invalid_choice": _("Choose one of your organisations from the list.")
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.coordinator = is_coordinator(user)
        organisation = self.fields["organisation"]
        if self.coordinator:
            organisation.queryset = Organisation.objects.filter(
                is_published=True
            ).order_by("sort_name")
            organisation.required = False
            organisation.error_messages["invalid_choice"] = _(
                "Choose an organisation from the directory."
            )
        else:
            organisation.queryset = Organisation.objects.filter(
                staff__user=user
            ).order_by("sort_name")
            own = list(organisation.queryset[:2])
            if len(own) == 1 and not self.instance.organisation_id:
                self.initial["organisation"] = own[0].pk
            for name in self.coordinator_only:
                del self.fields[name]
        if "themes" in self.fields:
            self.fields["themes"].widget = forms.CheckboxSelectMultiple()
            self.fields["themes"].widget.choices = self.fields["themes"].choices

    def clean(self):
        data = super().clean()
        if not any((data.get(f"title_{c}") or "").strip() for c in LANGS):
            self.add_error("title_fr", _("Give a title in at least one language."))
        return data


class ArticleForm(_WrittenForm):
    coordinator_only = ("author", "status", "publish_at", "is_press_release")

    class Meta:
        model = Article
        fields = [
            "organisation",
            *[f"title_{c}" for c in LANGS],
            *[f"summary_{c}" for c in LANGS],
            *[f"body_{c}" for c in LANGS],
            "author",
            "themes",
            "status",
            "publish_at",
            "is_press_release",
        ]
        field_classes = {"themes": IdsField, "organisation": IdField}
        widgets = {
            # The body keeps its model field's editor (core.richtext).
            **{f"summary_{c}": forms.Textarea(attrs={"rows": 3}) for c in LANGS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _language_labels(self, ("title", "summary", "body"))
        for code in LANGS:
            _limit(self.fields[f"body_{code}"], MAX_BODY)
        if "publish_at" in self.fields:
            self.fields["publish_at"] = forms.DateTimeField(
                label=_("Publication date"),
                required=False,
                widget=LocalDateTimeInput,
                help_text=_("For a scheduled article; empty: now."),
            )
            if self.instance.publish_at:
                self.initial["publish_at"] = self.instance.publish_at

    def clean(self):
        data = super().clean()
        texts = [
            clean_text(data.get(f"{name}_{c}") or "")
            for name in ("summary", "body")
            for c in LANGS
        ]
        publishing = data.get("status", Article.Status.PUBLISHED) != "draft"
        if publishing and not any(texts):
            self.add_error(
                "summary_fr",
                _("An article needs a summary or a body before it is published."),
            )
        return data


class ResourceForm(_WrittenForm):
    coordinator_only = ("is_published", "for_press")

    class Meta:
        model = Resource
        fields = [
            "organisation",
            *[f"title_{c}" for c in LANGS],
            *[f"description_{c}" for c in LANGS],
            "kind",
            "themes",
            "language",
            "year",
            "file",
            "url",
            "for_press",
            "is_published",
        ]
        field_classes = {"themes": IdsField, "organisation": IdField}
        # The description keeps its model field's editor (core.richtext).

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _language_labels(self, ("title", "description"))
        for code in LANGS:
            _limit(self.fields[f"description_{code}"], MAX_DESCRIPTION)
        self.fields["year"].validators.append(MaxValueValidator(2100))
        self.fields["year"].min_value = 1900
        self.fields["file"].help_text = _(
            "PDF or another office document, up to 20 MB; or give a link below."
        )
        if "is_published" in self.fields and self.instance.approval != "approved":
            del self.fields["is_published"]


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the proposer)"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


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
            "registrants_of",
            "to_organisations",
            "to_press",
            "languages",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "articles": forms.CheckboxSelectMultiple,
            "registrants_of": forms.CheckboxSelectMultiple,
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
        # The events of the last year and the coming ones, newest first.
        since = timezone.now() - datetime.timedelta(days=365)
        self.fields["registrants_of"].queryset = Event.objects.filter(
            starts_at__gte=since
        ).order_by("-starts_at")


class ScheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Send at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class PressOfficerForm(forms.ModelForm):
    """A press contact: who journalists call about a theme."""

    def clean_position(self):
        return self.cleaned_data.get("position") or 0

    theme = IdField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        required=False,
        help_text=_("Empty: general enquiries."),
        error_messages={"invalid_choice": _("Choose a theme from the list.")},
    )
    languages = IdsField(
        label=_("Languages spoken"),
        queryset=Language.objects.order_by("position", "code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose languages from the list."),
            "invalid_pk_value": _("Choose languages from the list."),
        },
    )
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^\+?[0-9 ()./-]{6,30}$",
        required=False,
        max_length=40,
        error_messages={
            "invalid": _("Write the phone number with digits, spaces and +.")
        },
    )

    class Meta:
        model = PressOfficer
        fields = [
            "theme",
            "name",
            *[f"role_{c}" for c in LANGS],
            "email",
            "phone",
            "languages",
            "position",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _language_labels(self, ("role",))
        self.fields["position"].required = False
        self.fields["position"].max_value = 1000
        self.fields["position"].validators.append(MaxValueValidator(1000))
