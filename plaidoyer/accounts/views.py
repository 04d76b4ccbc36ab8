from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from plaidoyer.core import ratelimit
from plaidoyer.core.net import client_ip
from plaidoyer.core.ratelimit import Limit

from . import services
from .forms import (
    AccountSettingsForm,
    EmailAuthenticationForm,
    LocalisedPasswordResetForm,
)


def _login_ip_limit(request) -> Limit:
    return Limit(
        f"login.ip:{ratelimit.digest(client_ip(request))}",
        settings.LOGIN_IP_FAILURE_LIMIT,
        settings.LOGIN_COOLOFF_MINUTES * 60,
    )


class LoginView(auth_views.LoginView):
    """Axes locks a username from one IP; this limit locks one IP trying many
    usernames (password spraying)."""

    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if ratelimit.exceeded(_login_ip_limit(request)):
            return self._locked_out()
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        try:
            ratelimit.hit(_login_ip_limit(self.request))
        except ratelimit.RateLimited:
            return self._locked_out()
        return super().form_invalid(form)

    def _locked_out(self):
        return render(
            self.request,
            "accounts/lockout.html",
            {"cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES, "per_ip": True},
            status=429,
        )


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer for every address, known or not, within the limits or past
    them; past them no email goes out."""

    form_class = LocalisedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        try:
            ratelimit.hit(
                Limit(
                    f"reset.address:{ratelimit.digest(email)}",
                    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
                    3600,
                ),
                Limit(
                    f"reset.ip:{ratelimit.digest(client_ip(self.request))}",
                    settings.PASSWORD_RESET_LIMIT_PER_IP,
                    3600,
                ),
            )
        except ratelimit.RateLimited:
            return redirect(self.success_url)
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form):
        user = services.change_own_password(
            by=self.request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, user)  # stay signed in
        messages.success(self.request, _("Your password has been changed."))
        return redirect(self.success_url)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@login_required
def account_settings(request):
    form = AccountSettingsForm(
        request.POST or None,
        initial={
            "full_name": request.user.full_name,
            "language": request.user.language,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.update_own_profile(by=request.user, **form.cleaned_data)
        messages.success(request, _("Your settings have been saved."))
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})
