"""Form pieces shared by the apps."""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class TimedForm(forms.Form):
    """A public form that needs no login: a honeypot field and the signed time the
    form was shown, so that a service can take a filled honeypot or a post within
    seconds for a bot. Both fields come last. ``signing_salt`` keeps the time
    signed for one form from passing for another's."""

    signing_salt = "timed-form"
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields([n for n in self.fields if n not in ("website", "started")])
        if not self.is_bound:
            self.fields["started"].initial = self.signer().sign(
                str(timezone.now().timestamp())
            )

    @classmethod
    def signer(cls) -> signing.TimestampSigner:
        return signing.TimestampSigner(salt=cls.signing_salt)

    def seconds_on_form(self) -> float:
        try:
            started = float(
                self.signer().unsign(self.data.get("started", ""), max_age=86400)
            )
        except (signing.BadSignature, ValueError):
            return 0.0  # missing or forged: treated as a bot's speed
        return timezone.now().timestamp() - started


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on ``form``: on the fields it names that the
    form has, on the form as a whole otherwise (a plain message names no field)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class PlainSelect(forms.Select):
    """A single select of flat choices, written by joining strings: the same HTML
    as Django's template-rendered one, which costs a template per option (the
    directory's ~140 options took ~10 ms of every render). Every list's filter
    form uses it (``core.filters.FilterForm``)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (v, mark_safe(" selected") if str(v) in selected else "", label)
                for v, label in self.choices
            ),
        )
        attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(attrs), options
        )
