from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plaidoyer.core.access import found, get_for
from plaidoyer.core.csvutils import csv_response
from plaidoyer.core.pagecache import cache_public_page
from plaidoyer.core.urlmaker import url_maker
from plaidoyer.core.versions import Version

from . import extensions, selectors, services
from .forms import ContactFormSet, DirectoryFilterForm, ProfileForm
from .models import Organisation
from .permissions import (
    can_edit_organisation,
    can_manage_organisations,
    can_see_private_contacts,
)


def _map_url(request) -> str:

    query = request.GET.urlencode()
    return reverse("organisations:map_data") + (f"?{query}" if query else "")


@cache_public_page(Version.ORGANISATIONS, params=(selectors.DirectoryFilters, "page"))
def directory(request):
    form = DirectoryFilterForm(request.GET)
    filters = form.filters()
    qs = selectors.organisations(filters)
    page = Paginator(qs, settings.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.directory_page_items(page.object_list)
    notes = extensions.card_notes(org.pk for org in page.object_list)
    url = url_maker("organisations:detail", "slug")
    for org in page.object_list:
        org.card_notes = notes.get(org.pk, [])
        org.url = url(org.slug)
    template = (
        "organisations/_results.html"
        if request.htmx and request.htmx.target == "results"
        else "organisations/directory.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "filters": filters,
            "page": page,
            "map_url": _map_url(request),
        },
    )


def map_data(request):
    """Return the filtered directory as compact points for the Leaflet map."""
    filters = DirectoryFilterForm(request.GET).filters()
    response = JsonResponse({"points": selectors.map_points(filters)})
    response["Cache-Control"] = "public, max-age=60"
    return response


def directory_csv(request):
    filters = DirectoryFilterForm(request.GET).filters()
    rows = (
        selectors.organisations(filters)
        .select_related("municipality__province")
        .iterator(chunk_size=2000)
    )
    header = [
        _("Name"),
        _("Acronym"),
        _("Kind"),
        _("Municipality"),
        _("Province"),
        _("Website"),
        _("Email"),
        _("Phone"),
        _("Founded in"),
        _("Profile"),
    ]
    base = settings.SITE_URL
    return csv_response(
        "organisations.csv",
        header,
        (
            [
                o.name,
                o.acronym,
                o.get_kind_display(),
                o.municipality.name if o.municipality else "",
                o.municipality.province.name if o.municipality else "",
                o.website,
                o.email,
                o.phone,
                o.founded_year or "",
                base + o.get_absolute_url(),
            ]
            for o in rows
        ),
        request=request,
    )


MEMBERS_SHOWN = 100


@cache_public_page(Version.ORGANISATIONS)
def organisation_detail(request, slug: str):
    organisation = found(selectors.get_profile, slug)
    private = can_see_private_contacts(request.user, organisation)
    if private:
        organisation = selectors.get_profile(slug, with_private_contacts=True)
    members = selectors.shown_members(organisation, MEMBERS_SHOWN)
    url = url_maker("organisations:detail", "slug")
    for member in members:
        member.url = url(member.slug)
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            # A large network lists its first members here, the rest in the directory.
            "members": members,
            "member_count": selectors.member_total(organisation)
            if len(members) == MEMBERS_SHOWN
            else len(members),
            "can_edit": private,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug: str):
    organisation = get_for(
        request.user, Organisation, slug=slug, check=can_edit_organisation
    )
    contacts_initial = [
        {
            "id": c.pk,
            "name": c.name,
            "role": c.role,
            "email": c.email,
            "phone": c.phone,
            "is_public": c.is_public,
        }
        for c in organisation.contacts.all()
    ]
    if request.method == "POST":
        form = ProfileForm(
            request.POST,
            request.FILES,
            instance=organisation,
            kind_editable=can_manage_organisations(request.user),
        )
        contacts = ContactFormSet(
            request.POST, initial=contacts_initial, prefix="contacts"
        )
        if form.is_valid() and contacts.is_valid():
            changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
            if changes.get("logo") is None and "logo" in changes:
                changes["logo"] = ""  # the "clear" box was ticked
            try:
                services.update_profile(
                    by=request.user,
                    organisation=Organisation.objects.get(pk=organisation.pk),
                    changes=changes,
                    themes=list(form.cleaned_data["themes"]),
                    languages=list(form.cleaned_data["languages"]),
                    contacts=[
                        services.ContactChange(
                            id=c.get("id"),
                            name=c["name"],
                            role=c.get("role", ""),
                            email=c.get("email", ""),
                            phone=c.get("phone", ""),
                            is_public=c.get("is_public", False),
                            delete=c.get("DELETE", False),
                        )
                        for c in contacts.cleaned_data
                        if c and c.get("name")
                    ],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The profile has been saved."))
                return redirect(organisation.get_absolute_url())
    else:
        form = ProfileForm(
            instance=organisation,
            kind_editable=can_manage_organisations(request.user),
        )
        contacts = ContactFormSet(initial=contacts_initial, prefix="contacts")
    return render(
        request,
        "organisations/organisation_edit.html",
        {
            "organisation": organisation,
            "form": form,
            "contacts": contacts,
        },
    )


def dashboard(request):
    """ "Mon espace" moved to the workspace app (issue 15); old links still work."""
    return redirect("workspace:dashboard", permanent=True)
