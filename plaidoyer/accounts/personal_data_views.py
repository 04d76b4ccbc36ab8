"""Per-person export and erasure (core.personal_data), as pages.

For coordinators: look an address up, download what is held on it, erase it.
For the person: ask for a signed link by email; the link shows what is held and
offers the export and the erasure. Every write is its own URL, and POST only.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plaidoyer.core import personal_data
from plaidoyer.core.access import require
from plaidoyer.core.net import client_ip
from plaidoyer.core.ratelimit import RateLimited

from .permissions import is_coordinator
from .personal_data import BY_PERSON, send_personal_data_link


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        max_length=personal_data.MAX_EMAIL_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self):
        try:
            return personal_data.normalise(self.cleaned_data["email"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class ConfirmEraseForm(EmailForm):
    """The address again: an erasure only happens when it is echoed back."""

    confirm = forms.CharField(required=False, max_length=300)

    def confirmed(self) -> bool:
        typed = (self.cleaned_data.get("confirm") or "").strip().lower()
        return typed == self.cleaned_data["email"]


def _zip_response(email: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="personal-data-{stamp}.zip"'
    )
    response["Cache-Control"] = "no-store"
    return response


def _found(email: str) -> list[dict]:
    return [
        {"kind": p.kind, "label": p.label, "rows": rows, "count": len(rows)}
        for p, rows in personal_data.collect(email)
    ]


# --- Coordinators ---------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def personal_data_search(request):
    require(is_coordinator(request.user))
    form = EmailForm(request.GET if "email" in request.GET else None)
    context = {"form": form, "groups": None}
    if form.is_bound and form.is_valid():
        context["email"] = form.cleaned_data["email"]
        context["groups"] = _found(context["email"])
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "accounts/personal_data/search.html", context, status=status)


def _invalid(request, form):
    return render(
        request,
        "accounts/personal_data/search.html",
        {"form": form, "groups": None},
        status=400,
    )


@login_required
@require_POST
def personal_data_export(request):
    require(is_coordinator(request.user))
    form = EmailForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form)
    email = form.cleaned_data["email"]
    content = personal_data.export(email=email, by=request.user, allowed=True)
    return _zip_response(email, content)


@login_required
@require_POST
def personal_data_erase(request):
    require(is_coordinator(request.user))
    form = ConfirmEraseForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form)
    email = form.cleaned_data["email"]
    if not form.confirmed():
        return render(
            request,
            "accounts/personal_data/confirm_erase.html",
            {
                "email": email,
                "groups": _found(email),
                "action": "accounts:personal_data_erase",
                "token": None,
                "typed": bool(form.cleaned_data.get("confirm")),
            },
        )
    counts = personal_data.erase(
        email=email, by=request.user, allowed=is_coordinator(request.user)
    )
    return render(
        request,
        "accounts/personal_data/erased.html",
        {"email": email, "total": sum(counts.values()), "coordinator": True},
    )


# --- The person themselves -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def personal_data_request(request):
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            send_personal_data_link(
                email=form.cleaned_data["email"],
                ip=client_ip(request),
                language=get_language(),
            )
        except RateLimited:
            form.add_error(
                None,
                _("Too many requests from your connection. Please try again later."),
            )
            return render(
                request,
                "accounts/personal_data/request.html",
                {"form": form},
                status=429,
            )
        return render(request, "accounts/personal_data/request_sent.html")
    return render(
        request,
        "accounts/personal_data/request.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _link_invalid(request):
    """A forged, altered or expired link: say so, and how to ask for a new one."""
    return render(request, "accounts/personal_data/link_invalid.html", status=404)


@never_cache
@require_GET
def personal_data_mine(request, token: str):
    email = personal_data.read_token(token)
    if email is None:
        return _link_invalid(request)
    return render(
        request,
        "accounts/personal_data/mine.html",
        {"email": email, "groups": _found(email), "token": token},
    )


@require_POST
def personal_data_mine_export(request, token: str):
    email = personal_data.read_token(token)
    if email is None:
        return _link_invalid(request)
    content = personal_data.export(email=email, by=BY_PERSON, allowed=True)
    return _zip_response(email, content)


@require_POST
def personal_data_mine_erase(request, token: str):
    email = personal_data.read_token(token)
    if email is None:
        return _link_invalid(request)
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "accounts/personal_data/confirm_erase.html",
            {
                "email": email,
                "groups": _found(email),
                "action": "accounts:personal_data_mine_erase",
                "token": token,
            },
        )
    counts = personal_data.erase(email=email, by=BY_PERSON, allowed=True)
    return render(
        request,
        "accounts/personal_data/erased.html",
        {"email": email, "total": sum(counts.values()), "coordinator": False},
    )
