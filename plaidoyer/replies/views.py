from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from plaidoyer.core.access import found, get_for, require
from plaidoyer.core.forms import add_service_errors
from plaidoyer.core.links import button_page, invalid_link
from plaidoyer.core.pagecache import cache_public_page
from plaidoyer.core.ratelimit import RateLimited
from plaidoyer.core.versions import Version

from . import selectors, services
from .forms import ContactForm, RefuseForm, ReplyForm, RequestUpdatesForm
from .models import Contact, Invitation, Reply
from .permissions import can_manage_replies

# The session of a contact who opened their link holds the invitation's id only:
# each request checks it is still valid (not revoked, not expired).
SESSION_KEY = "replies.invitation"


def _contact_invitation(request) -> Invitation:
    invitation = services.session_invitation(request.session.get(SESSION_KEY))
    if invitation is None:
        raise PermissionDenied
    return invitation


# --- The contact's side ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def open_link(request, token: str):
    """The link of the invitation email: only the button's POST uses it (once)."""
    if request.method == "GET":
        if services.parse_token(token) is None:
            return invalid_link(request)
        return button_page(
            request,
            heading=_("Answer for your authority"),
            text=_(
                "Press the button to open your reply space. The link works once; "
                "the space stays open in this browser until the link expires."
            ),
            button=_("Open my reply space"),
        )
    invitation = services.open_invitation(token=token)
    if invitation is None:
        return invalid_link(request)
    request.session.cycle_key()
    request.session[SESSION_KEY] = invitation.pk
    return redirect("replies:space")


def space(request):
    invitation = _contact_invitation(request)
    contact = invitation.contact
    authority = contact.authority
    return render(
        request,
        "replies/space.html",
        {
            "contact": contact,
            "authority": authority,
            "invitation": invitation,
            "commitments": selectors.contact_commitments(authority),
            "recommendations": selectors.level_recommendations(authority),
            "replies": selectors.contact_replies(contact),
        },
    )


def _reply(request, invitation: Invitation, subject: dict, template_context: dict):
    form = (
        ReplyForm(request.POST, request.FILES)
        if request.method == "POST"
        else ReplyForm()
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_reply(
                    invitation=invitation, **subject, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            except RateLimited:
                form.add_error(
                    None, _("Too many replies in a short time: try again later.")
                )
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: your reply will be published once a coordinator "
                        "has checked it."
                    ),
                )
                return redirect("replies:space")
        status = 400
    return render(
        request,
        "replies/reply_form.html",
        {"form": form, "authority": invitation.contact.authority, **template_context},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def reply_commitment(request, pk: int):
    invitation = _contact_invitation(request)
    commitment = get_for(
        request.user,
        selectors.contact_commitments(invitation.contact.authority),
        pk=pk,
    )
    return _reply(
        request, invitation, {"commitment": commitment}, {"commitment": commitment}
    )


@require_http_methods(["GET", "POST"])
def reply_recommendation(request, code: str):
    invitation = _contact_invitation(request)
    recommendation = get_for(
        request.user,
        selectors.level_recommendations(invitation.contact.authority),
        code=code.upper()[:12],
    )
    return _reply(
        request,
        invitation,
        {"recommendation": recommendation},
        {"recommendation": recommendation},
    )


@require_POST
def leave(request):
    request.session.pop(SESSION_KEY, None)
    return redirect("/")


# --- Public ---------------------------------------------------------------------------


@cache_public_page(Version.BAROMETER, params=("page",))
def history(request, slug: str):
    authority = found(selectors.get_authority, slug)
    page = Paginator(selectors.published_replies(authority=authority), 50).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.reply_rows(page.object_list, authority)
    return render(
        request, "replies/history.html", {"authority": authority, "page": page}
    )


# --- The coordinators' side -----------------------------------------------------------


def _manage_page(request, *, request_form=None, status=200):
    return render(
        request,
        "replies/manage.html",
        {
            "authorities": selectors.authorities_with_contacts(),
            "pending_count": selectors.pending_reply_count(),
            "request_form": request_form or RequestUpdatesForm(),
            "rates": selectors.response_rates(),
        },
        status=status,
    )


@login_required
def manage(request):
    require(can_manage_replies(request.user))
    return _manage_page(request)


def _contacts_page(request, authority, *, form=None, status=200):
    return render(
        request,
        "replies/contacts.html",
        {
            "authority": authority,
            "contacts": selectors.authority_contacts(authority),
            "form": form or ContactForm(),
            "summary": selectors.response_summary(authority),
        },
        status=status,
    )


@login_required
def contacts(request, slug: str):
    require(can_manage_replies(request.user))
    return _contacts_page(request, found(selectors.get_authority, slug))


@login_required
@require_POST
def contact_add(request, slug: str):
    require(can_manage_replies(request.user))
    authority = found(selectors.get_authority, slug)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.add_contact(
                by=request.user, authority=authority, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contact has been added."))
            return redirect("replies:contacts", slug=authority.slug)
    return _contacts_page(request, authority, form=form, status=400)


@login_required
@require_POST
def contact_invite(request, pk: int):
    require(can_manage_replies(request.user))
    contact = get_for(request.user, Contact.objects.select_related("authority"), pk=pk)
    try:
        services.invite_contact(by=request.user, contact=contact)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation has been emailed."))
    return redirect("replies:contacts", slug=contact.authority.slug)


@login_required
@require_POST
def contact_deactivate(request, pk: int):
    require(can_manage_replies(request.user))
    contact = get_for(request.user, Contact.objects.select_related("authority"), pk=pk)
    services.deactivate_contact(by=request.user, contact=contact)
    messages.success(request, _("The contact can no longer answer."))
    return redirect("replies:contacts", slug=contact.authority.slug)


@login_required
@require_POST
def invitation_revoke(request, pk: int):
    require(can_manage_replies(request.user))
    invitation = get_for(
        request.user, Invitation.objects.select_related("contact__authority"), pk=pk
    )
    services.revoke_invitation(by=request.user, invitation=invitation)
    messages.success(request, _("The link has been revoked."))
    return redirect("replies:contacts", slug=invitation.contact.authority.slug)


def _moderation_page(request, *, refused=None, form=None, status=200):
    return render(
        request,
        "replies/moderation.html",
        {
            "replies": selectors.pending_replies(),
            "refused": refused,
            "refuse_form": form,
        },
        status=status,
    )


@login_required
def moderation(request):
    require(can_manage_replies(request.user))
    return _moderation_page(request)


@login_required
@require_POST
def reply_accept(request, pk: int):
    require(can_manage_replies(request.user))
    reply = get_for(request.user, Reply, pk=pk)
    try:
        services.accept_reply(by=request.user, reply=reply)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The reply has been published."))
    return redirect("replies:moderation")


@login_required
@require_POST
def reply_refuse(request, pk: int):
    require(can_manage_replies(request.user))
    reply = get_for(request.user, Reply, pk=pk)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.refuse_reply(
                by=request.user, reply=reply, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The reply has been refused; its sender is told why.")
            )
            return redirect("replies:moderation")
    return _moderation_page(request, refused=reply, form=form, status=400)


@login_required
@require_POST
def request_updates(request):
    require(can_manage_replies(request.user))
    form = RequestUpdatesForm(request.POST)
    if form.is_valid():
        try:
            created = services.request_updates(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d authority has been asked for news.",
                    "%(count)d authorities have been asked for news.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect("replies:manage")
    return _manage_page(request, request_form=form, status=400)
