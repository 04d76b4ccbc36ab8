"""Mon espace: the dashboard per role, and the daily tasks done without /admin/."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.campaigns.models import Campaign, Case, LabelApplication
from plaidoyer.core import versions
from plaidoyer.core.access import get_for, require
from plaidoyer.core.csvimport import ImportRejected
from plaidoyer.core.forms import add_service_errors
from plaidoyer.core.net import client_ip
from plaidoyer.core.ratelimit import RateLimited, SuspectedBot
from plaidoyer.news.models import Page, TeamMember
from plaidoyer.organisations.forms import ImportForm
from plaidoyer.organisations.models import Organisation, Staff
from plaidoyer.organisations.permissions import can_manage_organisations
from plaidoyer.organisations.services import IMPORT_COLUMNS, import_organisations

from . import selectors, services
from .forms import (
    AcceptInvitationForm,
    AccountRequestForm,
    ApproveForm,
    CampaignForm,
    CaseForm,
    InvitationForm,
    PageForm,
    ReasonForm,
    TeamMemberForm,
)
from .models import AccountRequest, Invitation
from .permissions import can_manage_colleagues, can_run_site


@dataclass(frozen=True)
class StaffParts:
    """The staff panel rendered, but for its events' live registration counts."""

    organisations: bool = False
    head: str = ""
    events: tuple[selectors.EventRow, ...] = ()
    tail: str = ""


def _coordinator_html() -> str:
    context = {
        "tasks": selectors.coordinator_tasks(),
        "status_update_url": selectors.STATUS_UPDATE_URL,
    }
    return render_to_string("workspace/_coordinator.html", context)


def _staff_parts(user) -> StaffParts:
    panel = selectors.staff_panel(user)
    context = {"panel": panel}
    return StaffParts(
        organisations=bool(panel.organisations),
        head=render_to_string("workspace/_staff_head.html", context),
        events=tuple(panel.events),
        tail=render_to_string("workspace/_staff_tail.html", context)
        if panel.organisations
        else "",
    )


@login_required
def dashboard(request):
    """Per user, so no page cache: each panel is cached rendered under the data
    versions of what it shows (see workspace.selectors), the coordinator's per
    language, the staff panel per user and language."""
    user, language = request.user, get_language()
    coordinator = is_coordinator(user)
    staff = versions.cached(
        selectors.STAFF_VERSIONS,
        f"workspace-staff-{user.pk}-{language}",
        lambda: _staff_parts(user),
        selectors.PANEL_TTL,
    )
    now = timezone.now()
    upcoming = [e for e in staff.events if e.ends_at >= now][: selectors.LIST_LIMIT]
    return render(
        request,
        "workspace/dashboard.html",
        {
            "is_coordinator": coordinator,
            "coordinator_html": versions.cached(
                selectors.COORDINATOR_VERSIONS,
                f"workspace-coordinator-{language}",
                _coordinator_html,
                selectors.PANEL_TTL,
            )
            if coordinator
            else "",
            "staff": staff,
            "events": selectors.with_registration_counts(upcoming)
            if staff.organisations
            else [],
        },
    )


def _coordinator(request) -> None:
    require(can_run_site(request.user))


def _form_page(request, form, *, title, back, status=None):
    return render(
        request,
        "workspace/form.html",
        {"form": form, "title": title, "back": back},
        status=status or (400 if form.errors else 200),
    )


def _save(request, form, save, done_message, done_url):
    """Bind, call the service, redirect or show the errors: the edit views' pattern."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if hasattr(form, "save_m2m"):
                form.save_m2m()
            messages.success(request, done_message)
            return redirect(done_url)
    return None


# --- Pages ------------------------------------------------------------------------


@login_required
def page_list(request):
    _coordinator(request)
    return render(request, "workspace/page_list.html", {"pages": selectors.pages()})


@login_required
@require_http_methods(["GET", "POST"])
def page_edit(request, pk: int | None = None):
    _coordinator(request)
    page = get_for(request.user, Page, pk=pk) if pk else Page()
    form = PageForm(request.POST or None, instance=page)
    done = _save(
        request,
        form,
        lambda obj: services.save_page(by=request.user, page=obj),
        _("The page has been saved."),
        "workspace:pages",
    )
    return done or _form_page(
        request,
        form,
        title=_("Edit the page") if pk else _("New page"),
        back="workspace:pages",
    )


# --- Team members -----------------------------------------------------------------


@login_required
def team_list(request):
    _coordinator(request)
    return render(
        request, "workspace/team_list.html", {"members": selectors.team_members()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_member_edit(request, pk: int | None = None):
    _coordinator(request)
    member = get_for(request.user, TeamMember, pk=pk) if pk else TeamMember()
    form = TeamMemberForm(request.POST or None, request.FILES or None, instance=member)
    done = _save(
        request,
        form,
        lambda obj: services.save_team_member(by=request.user, member=obj),
        _("The team member has been saved."),
        "workspace:team",
    )
    return done or _form_page(
        request,
        form,
        title=_("Edit the team member") if pk else _("New team member"),
        back="workspace:team",
    )


@login_required
@require_POST
def team_member_delete(request, pk: int):
    _coordinator(request)
    member = get_for(request.user, TeamMember, pk=pk)
    services.delete_team_member(by=request.user, member=member)
    messages.success(request, _("The team member has been removed."))
    return redirect("workspace:team")


# --- Campaigns and cases ----------------------------------------------------------


@login_required
def campaign_list(request):
    _coordinator(request)
    return render(
        request, "workspace/campaign_list.html", {"campaigns": selectors.campaigns()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, slug: str):
    _coordinator(request)
    campaign = get_for(request.user, Campaign, slug=slug)
    form = CampaignForm(request.POST or None, request.FILES or None, instance=campaign)
    done = _save(
        request,
        form,
        lambda obj: services.save_campaign(by=request.user, campaign=obj),
        _("The campaign has been saved."),
        "workspace:campaigns",
    )
    return done or _form_page(
        request, form, title=_("Campaign settings"), back="workspace:campaigns"
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, slug: str, pk: int | None = None):
    _coordinator(request)
    campaign = get_for(request.user, Campaign, slug=slug)
    case = (
        get_for(request.user, campaign.cases.all(), pk=pk)
        if pk
        else Case(campaign=campaign)
    )
    form = CaseForm(request.POST or None, request.FILES or None, instance=case)
    done = _save(
        request,
        form,
        lambda obj: services.save_case(by=request.user, case=obj),
        _("The case has been saved."),
        "workspace:campaigns",
    )
    return done or _form_page(
        request,
        form,
        title=_("Edit the case") if pk else _("New campaign case"),
        back="workspace:campaigns",
    )


# --- Labels -----------------------------------------------------------------------


@login_required
def label_list(request):
    _coordinator(request)
    return render(
        request,
        "workspace/label_list.html",
        {"applications": selectors.applications_to_decide(), "form": ReasonForm()},
    )


def _application(request, pk) -> LabelApplication:
    _coordinator(request)
    return get_for(
        request.user, LabelApplication.objects.select_related("programme"), pk=pk
    )


@login_required
@require_POST
def label_accept(request, pk: int):
    application = _application(request, pk)
    try:
        services.accept_label(by=request.user, application=application)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The label has been awarded."))
    return redirect("workspace:labels")


@login_required
@require_POST
def label_refuse(request, pk: int):
    application = _application(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the refusal."))
        return redirect("workspace:labels")
    try:
        services.refuse_label(
            by=request.user,
            application=application,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The application has been refused."))
    return redirect("workspace:labels")


# --- Colleagues and invitations ---------------------------------------------------


def _organisation(request, slug) -> Organisation:
    return get_for(request.user, Organisation, slug=slug, check=can_manage_colleagues)


def _colleagues_page(request, organisation, form, status=200):
    return render(
        request,
        "workspace/colleagues.html",
        {
            "organisation": organisation,
            "colleagues": selectors.colleagues_of([organisation.pk]),
            "invitations": selectors.pending_invitations([organisation.pk]),
            "form": form,
        },
        status=status,
    )


@login_required
def colleagues(request, slug: str):
    organisation = _organisation(request, slug)
    form = InvitationForm(initial={"language": get_language()})
    return _colleagues_page(request, organisation, form)


@login_required
@require_POST
def colleague_invite(request, slug: str):
    organisation = _organisation(request, slug)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invite_colleague(
                by=request.user, organisation=organisation, **form.cleaned_data
            )
        except RateLimited:
            form.add_error(
                None,
                _("Too many requests from your connection. Please try again later."),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The invitation has been sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("workspace:colleagues", slug=slug)
    return _colleagues_page(request, organisation, form, status=400)


@login_required
@require_POST
def colleague_remove(request, slug: str):
    organisation = _organisation(request, slug)
    staff = get_for(
        request.user,
        Staff.objects.filter(organisation=organisation).select_related("organisation"),
        pk=request.POST.get("staff", ""),
    )
    try:
        services.remove_colleague(by=request.user, staff=staff)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The colleague has been removed."))
    return redirect("workspace:colleagues", slug=slug)


@login_required
@require_POST
def invitation_revoke(request, slug: str):
    organisation = _organisation(request, slug)
    invitation = get_for(
        request.user,
        Invitation.objects.filter(organisation=organisation).select_related(
            "organisation"
        ),
        pk=request.POST.get("invitation", ""),
    )
    try:
        services.revoke_invitation(by=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation has been withdrawn."))
    return redirect("workspace:colleagues", slug=slug)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """The link of the invitation email: choose a name, password and language."""
    invitation = services.find_invitation(token[:100])
    if invitation is None:
        return render(request, "link_invalid.html", status=404)
    form = AcceptInvitationForm(
        request.POST or None, initial={"language": invitation.language}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(token=token[:100], **form.cleaned_data)
        except PermissionDenied:
            return render(request, "link_invalid.html", status=404)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome! You are now on the staff of %(organisation)s.")
                % {"organisation": invitation.organisation.name},
            )
            return redirect("workspace:dashboard")
    return render(
        request,
        "workspace/invitation_accept.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )


# --- Account requests -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def account_request(request):
    form = AccountRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.request_account(
                    ip=client_ip(request),
                    language=get_language(),
                    honeypot=data["website"],
                    seconds_on_form=form.seconds_on_form(),
                    **{
                        k: data[k]
                        for k in (
                            "name",
                            "email",
                            "kind",
                            "organisation_name",
                            "municipality",
                            "role",
                            "message",
                        )
                    },
                )
            except SuspectedBot:
                pass  # answered like a success, nothing kept
            except RateLimited:
                form.add_error(
                    None,
                    _(
                        "Too many requests from your connection. Please try again later."
                    ),
                )
                status = 429
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            if status == 200:
                return render(request, "workspace/account_request_sent.html")
        else:
            status = 400
    return render(
        request, "workspace/account_request.html", {"form": form}, status=status
    )


@login_required
def account_request_list(request):
    _coordinator(request)
    return render(
        request,
        "workspace/account_request_list.html",
        {
            "requests": selectors.account_requests(),
            "approve_form": ApproveForm(),
            "refuse_form": ReasonForm(),
        },
    )


def _pending_request(request, pk) -> AccountRequest:
    _coordinator(request)
    return get_for(request.user, AccountRequest, pk=pk)


@login_required
@require_POST
def account_request_approve(request, pk: int):
    account_request = _pending_request(request, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an existing organisation by its number."))
        return redirect("workspace:account_requests")
    try:
        services.approve_account_request(
            by=request.user,
            account_request=account_request,
            organisation=form.cleaned_data["organisation"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Approved: %(email)s has been invited.")
            % {"email": account_request.email},
        )
    return redirect("workspace:account_requests")


@login_required
@require_POST
def account_request_refuse(request, pk: int):
    account_request = _pending_request(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the refusal."))
        return redirect("workspace:account_requests")
    try:
        services.refuse_account_request(
            by=request.user,
            account_request=account_request,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The request has been refused."))
    return redirect("workspace:account_requests")


# --- Organisations import ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def organisation_import(request):
    """The CSV import of organisations, outside /admin/ (same service)."""
    require(can_manage_organisations(request.user))
    errors: list = []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = import_organisations(
                by=request.user, data=form.cleaned_data["file"].read()
            )
        except ImportRejected as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d organisation imported.",
                    "%(count)d organisations imported.",
                    len(saved),
                )
                % {"count": len(saved)},
            )
            return redirect("workspace:dashboard")
    return render(
        request,
        "workspace/organisation_import.html",
        {"form": form, "errors": errors, "columns": IMPORT_COLUMNS},
        status=400 if (errors or form.errors) else 200,
    )
