from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from . import services
from .forms import (
    AccountSettingsForm,
    EmailAuthenticationForm,
    LocalisedPasswordResetForm,
)


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = LocalisedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


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
