from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from plaidoyer.core.access import get_for, require
from plaidoyer.core.charts import bars
from plaidoyer.core.csvutils import csv_response
from plaidoyer.core.forms import add_service_errors
from plaidoyer.core.net import client_ip
from plaidoyer.core.pagecache import cache_public_page
from plaidoyer.core.ratelimit import RateLimited, SuspectedBot
from plaidoyer.core.versions import Version
from plaidoyer.organisations.models import Organisation

from . import figures as published_figures
from . import selectors, services
from .forms import (
    DeskForm,
    MessageForm,
    ReplyForm,
    ServiceForm,
    StatusForm,
    TestimonyForm,
    WhereForm,
)
from .models import HandlingDesk, Service, Testimony
from .permissions import (
    can_edit_service,
    can_edit_services,
    can_handle,
    can_manage_desks,
    can_see_testimony_counts,
    handled_organisation_ids,
)

# --- Public -------------------------------------------------------------------------


# The query parameters the where-to-turn page and its map read (the page cache
# drops any other for anonymous visitors).
WHERE_PARAMS = tuple(WhereForm.base_fields)


@cache_public_page(Version.HELP, Version.ORGANISATIONS, params=WHERE_PARAMS)
def where_to_turn(request):
    form = WhereForm(request.GET or None)
    context = {"form": form, "testimonies": settings.HELP_TESTIMONIES}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        place = data["found_place"]
        context.update(
            place=place,
            bodies=selectors.bodies_for(
                field=data["field"], ground=data["ground"], place=place
            ),
            services=selectors.services_for(field=data["field"], place=place),
            searched=True,
        )
    return render(
        request, "help/where_to_turn.html", context, status=400 if form.errors else 200
    )


@cache_public_page(Version.HELP, Version.ORGANISATIONS, params=WHERE_PARAMS)
def services_map(request):
    """The organisations of the where-to-turn answer, as map points (JSON)."""
    form = WhereForm(request.GET or None)
    points = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        points = selectors.map_points(
            selectors.services_for(field=data["field"], place=data["found_place"])
        )
    return JsonResponse({"points": points})


def _testimonies_on() -> None:
    if not settings.HELP_TESTIMONIES:
        raise Http404


@sensitive_post_parameters()  # error reports never carry what was written
@never_cache
@require_http_methods(["GET", "POST"])
def testify(request):
    _testimonies_on()
    form = TestimonyForm(request.POST or None, initial=request.GET.dict())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            place = data["found_place"]
            try:
                services.submit_testimony(
                    text=data["text"],
                    field=data["field"],
                    ground=data["ground"],
                    region=place.region,
                    municipality=place.municipality,
                    happened_on=data["happened_on"],
                    consent_figures=data["consent_figures"],
                    consent_referral=data["consent_referral"],
                    consent_contact=data["consent_contact"],
                    organisation=data["organisation"],
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    language=get_language(),
                    ip=client_ip(request),
                    honeypot=data["website"],
                    seconds_on_form=form.seconds_on_form(),
                )
            except SuspectedBot:
                return redirect("help:thanks")  # answered like a success
            except RateLimited:
                form.add_error(
                    None,
                    _(
                        "Too many testimonies from your connection. Please try again later."
                    ),
                )
                status = 429
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("help:thanks")
    return render(
        request,
        "help/testify.html",
        {"form": form, "retention_months": settings.HELP_RETENTION_MONTHS},
        status=status,
    )


@never_cache
def thanks(request):
    _testimonies_on()
    return render(request, "help/thanks.html")


@sensitive_post_parameters()  # error reports never carry what was written
@never_cache
@require_http_methods(["GET", "POST"])
def reply(request, token: str):
    """The person's page, reached by the signed link the platform emailed them."""
    testimony = services.testimony_for_token(token)
    if testimony is None:
        raise Http404
    form = ReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.reply_from_person(
                    testimony=testimony,
                    body=form.cleaned_data["body"],
                    honeypot=form.cleaned_data["website"],
                    seconds_on_form=form.seconds_on_form(),
                )
            except SuspectedBot:
                pass
            except RateLimited:
                form.add_error(None, _("Too many messages. Please try again later."))
                status = 429
            except ValidationError as exc:
                add_service_errors(form, exc)
            if not form.errors:
                messages.success(request, _("Your answer is sent."))
                return redirect(request.path)
    conversation = services.read_by_person(testimony=testimony)
    response = render(
        request,
        "help/reply.html",
        {
            "testimony": testimony,
            "conversation": conversation,
            "form": form,
            "token": token,
        },
        status=status,
    )
    response["Referrer-Policy"] = "no-referrer"  # the link is the key
    return response


@never_cache
@require_POST
def reply_erase(request, token: str):
    """The person deletes their testimony's text, contact and messages now."""
    testimony = services.testimony_for_token(token)
    if testimony is None:
        raise Http404
    services.erase_by_person(testimony=testimony)
    return render(request, "help/erased.html")


@cache_public_page(Version.HELP)
def figures(request):
    years = published_figures.published()
    charts = {
        (year.year, table.dimension): bars(
            [(c.label, c.count, c.display) for c in table.cells],
            title=f"{table.title} ({year.year})",
        )
        for year in years
        for table in year.tables
    }
    for year in years:
        for table in year.tables:
            table.chart = charts[(year.year, table.dimension)]
    return render(
        request,
        "help/figures.html",
        {"years": years, "threshold": published_figures.THRESHOLD},
    )


def figures_csv(request):
    return csv_response(
        "testimonies-figures.csv",
        [_("Year"), _("Breakdown"), _("Category"), _("Testimonies")],
        published_figures.csv_rows(published_figures.published()),
        request=request,
    )


# --- Organisations' services -----------------------------------------------------------


def _organisation(request, slug: str) -> Organisation:
    return get_for(request.user, Organisation, check=can_edit_services, slug=slug)


@login_required
def services_manage(request, slug: str):
    organisation = _organisation(request, slug)
    return render(
        request,
        "help/services_manage.html",
        {
            "organisation": organisation,
            "services": selectors.services_of(organisation),
        },
    )


def _service_form(request, organisation, service: Service):
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_service(
                by=request.user,
                organisation=organisation,
                service=form.instance,
                fields=form.cleaned_data["fields_served"],
                languages=form.cleaned_data["languages"],
                regions=form.cleaned_data["regions"],
                provinces=form.cleaned_data["provinces"],
                municipalities=form.cleaned_data["municipality_names"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The service is saved."))
            return redirect("help:services_manage", slug=organisation.slug)
    return render(
        request,
        "help/service_form.html",
        {"organisation": organisation, "form": form, "service": service},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request, slug: str):
    organisation = _organisation(request, slug)
    return _service_form(request, organisation, Service(organisation=organisation))


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request, slug: str, pk: int):
    organisation = _organisation(request, slug)
    service = get_for(
        request.user,
        Service.objects.filter(organisation=organisation),
        check=can_edit_service,
        pk=pk,
    )
    return _service_form(request, organisation, service)


@login_required
@require_POST
def service_delete(request, slug: str, pk: int):
    organisation = _organisation(request, slug)
    service = get_for(
        request.user,
        Service.objects.filter(organisation=organisation),
        check=can_edit_service,
        pk=pk,
    )
    services.delete_service(by=request.user, service=service)
    messages.success(request, _("The service is deleted."))
    return redirect("help:services_manage", slug=organisation.slug)


# --- Handling testimonies ----------------------------------------------------------------


def _testimony(request, pk) -> Testimony:
    return get_for(
        request.user,
        Testimony.objects.select_related("organisation", "region", "municipality"),
        check=can_handle,
        pk=pk,
    )


@never_cache
@login_required
def inbox(request):
    ids = handled_organisation_ids(request.user)
    require(bool(ids))
    return render(request, "help/inbox.html", {"testimonies": selectors.inbox(ids)})


@never_cache
@login_required
def testimony_detail(request, pk: int):
    testimony = _testimony(request, pk)
    return _render_testimony(request, testimony)


def _render_testimony(request, testimony, *, status=200, **forms):
    content = services.read_testimony(by=request.user, testimony=testimony)
    return render(
        request,
        "help/testimony_detail.html",
        {
            "testimony": testimony,
            "content": content,
            "moves": services.ALLOWED_MOVES[testimony.status],
            "status_form": forms.get("status_form") or StatusForm(),
            "message_form": forms.get("message_form") or MessageForm(),
            "can_write": testimony.consent_contact
            and bool(content["contact"].get("email")),
        },
        status=status,
    )


@never_cache
@login_required
@require_POST
def testimony_status(request, pk: int):
    testimony = _testimony(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_status(
                by=request.user, testimony=testimony, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The status is changed."))
            return redirect(testimony.get_absolute_url())
    return _render_testimony(request, testimony, status=400, status_form=form)


@sensitive_post_parameters()  # error reports never carry what was written
@never_cache
@login_required
@require_POST
def testimony_message(request, pk: int):
    testimony = _testimony(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.write_to_person(
                by=request.user, testimony=testimony, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your message is sent to the person."))
            return redirect(testimony.get_absolute_url())
    return _render_testimony(request, testimony, status=400, message_form=form)


@never_cache
@login_required
def overview(request):
    require(can_see_testimony_counts(request.user))
    return render(
        request,
        "help/overview.html",
        {"rows": selectors.testimony_counts(), "statuses": Testimony.Status.choices},
    )


# --- Testimony desks (coordinators) ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def desks(request):
    """The organisations that handle testimonies; a form to add one."""
    require(can_manage_desks(request.user))
    form = DeskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        desk = _save_desk(request, form, form.cleaned_data["organisation"])
        if desk is not None:
            return redirect("help:desk_edit", pk=desk.pk)
    return render(
        request,
        "help/desks.html",
        {"desks": selectors.desks_overview(), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def desk_edit(request, pk: int):
    require(can_manage_desks(request.user))
    desk = get_for(
        request.user, HandlingDesk.objects.select_related("organisation"), pk=pk
    )
    form = DeskForm(request.POST or None, desk=desk)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_desk(request, form, desk.organisation) is not None
    ):
        return redirect("help:desks")
    return render(
        request,
        "help/desk_form.html",
        {"desk": desk, "form": form},
        status=400 if form.errors else 200,
    )


def _save_desk(request, form, organisation):
    data = form.cleaned_data
    try:
        desk = services.save_desk(
            by=request.user,
            organisation=organisation,
            fields=data["fields_handled"],
            regions=data["regions"],
            handlers=data.get("handlers", []),
            is_active=data["is_active"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, _("The testimony desk is saved."))
    return desk
