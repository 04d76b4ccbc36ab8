from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from plaidoyer.core.models import model_max_length

from .models import User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class AccountSettingsForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=model_max_length(User, "full_name"),
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language of emails"), choices=settings.LANGUAGES
    )


class LocalisedPasswordResetForm(PasswordResetForm):
    """Send the reset email in the account's own language, through the task worker."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.utils import translation

        from plaidoyer.core.mail import html_email, render_subject, render_text
        from plaidoyer.core.tasks import send_email

        with translation.override(context["user"].language):
            subject = render_subject(subject_template_name, context)
            body = render_text(email_template_name, context)
            html = html_email(subject=subject, body=body)
        send_email.enqueue(subject=subject, body=body, html=html, to=[to_email])
