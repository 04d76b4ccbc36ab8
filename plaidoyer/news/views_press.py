"""The press page (press releases, press contacts per theme, media kit) and the
coordinators' list of press contacts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plaidoyer.core import identity
from plaidoyer.core.access import get_for, require
from plaidoyer.core.forms import add_service_errors
from plaidoyer.core.pagecache import cache_public_page
from plaidoyer.core.versions import Version

from . import selectors, services
from .forms import PressOfficerForm
from .models import PressOfficer
from .permissions import can_publish


@cache_public_page(Version.SITE, params=("page",))
def press(request):
    page = Paginator(selectors.press_releases(), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "news/press.html",
        {
            "page": page,
            "groups": selectors.press_officers_by_theme(),
            "kit": selectors.media_kit(identity.get()),
        },
    )


@login_required
def press_officer_list(request):
    require(can_publish(request.user))
    return render(
        request,
        "news/press_officer_list.html",
        {"officers": selectors.press_officers()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def press_officer_edit(request, pk: int | None = None):
    require(can_publish(request.user))
    officer = get_for(request.user, PressOfficer, pk=pk) if pk else PressOfficer()
    data = request.POST if request.method == "POST" else None
    form = PressOfficerForm(data, instance=officer)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_press_officer(
                by=request.user,
                officer=form.save(commit=False),
                languages=form.cleaned_data["languages"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The press contact has been saved."))
            return redirect("news:press_officers")
    return render(
        request,
        "news/press_officer_form.html",
        {"form": form, "officer": officer},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def press_officer_delete(request, pk: int):
    require(can_publish(request.user))
    officer = get_for(request.user, PressOfficer, pk=pk)
    services.delete_press_officer(by=request.user, officer=officer)
    messages.success(request, _("The press contact has been removed."))
    return redirect("news:press_officers")
