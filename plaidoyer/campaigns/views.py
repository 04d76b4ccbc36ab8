import io
import json
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods, require_POST

from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core.csvimport import ImportRejected
from plaidoyer.core.csvutils import csv_response
from plaidoyer.core.forms import add_service_errors
from plaidoyer.core.net import client_ip
from plaidoyer.organisations.models import Organisation
from plaidoyer.places.models import Municipality
from plaidoyer.places.selectors import municipalities_for_postcode

from . import selectors, services
from .forms import ActionForm, BatchForm, ImportForm, RejectForm
from .models import Action, Campaign, LabelApplication, LabelProgramme, PaperBatch
from .permissions import can_review


def _campaign(slug: str) -> Campaign:
    try:
        return selectors.get_campaign(slug)
    except Campaign.DoesNotExist:
        raise Http404 from None


def campaign_list(request):
    campaigns = list(selectors.open_campaigns())
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "campaigns": [(c, selectors.counts(c)) for c in campaigns],
            "programmes": LabelProgramme.objects.all(),
        },
    )


def campaign_detail(request, slug: str):
    campaign = _campaign(slug)
    case = (
        campaign.cases.filter(slug=request.GET.get("case", "")[:100]).first()
        or campaign.cases.first()
    )
    initial = {"case": case, "letter": case.letter_template if case else ""}
    form = ActionForm(campaign=campaign, initial=initial)
    return _render_campaign(request, campaign, form)


def _render_campaign(request, campaign, form, status=200):
    counts = selectors.counts(campaign)
    cases = list(campaign.cases.all())
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "form": form,
            "counts": counts,
            "cases": [(case, counts["per_case"].get(case.pk)) for case in cases],
            # The letter follows the case chosen in the form (static/js/site.js).
            "letter_templates": {case.slug: case.letter_template for case in cases},
            "is_open": services.is_open(campaign),
        },
        status=status,
    )


def _render_acted(request, campaign, outcome: str, status: int = 200):
    # htmx swaps the thank-you into the campaign page: the fragment alone.
    template = "campaigns/_acted.html" if request.htmx else "campaigns/acted.html"
    return render(
        request, template, {"campaign": campaign, "outcome": outcome}, status=status
    )


@require_POST
def act(request, slug: str):
    try:
        campaign = selectors.get_campaign_for_action(slug, cached=True)
    except Campaign.DoesNotExist:
        raise Http404 from None
    # A postcode shared by several municipalities offers them as choices (a cached
    # look-up, which the service resolves the postcode with too).
    postcode = request.POST.get("postcode", "").strip()[:4]
    shared = (
        list(municipalities_for_postcode(postcode))
        if len(postcode) == 4 and postcode.isdigit()
        else None
    )
    form = ActionForm(
        request.POST,
        campaign=campaign,
        municipalities=shared if shared and len(shared) > 1 else None,
    )
    municipalities = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.submit_action(
                case=data["case"],
                kind=data["kind"],
                name=data["name"],
                email=data["email"],
                postcode=data["postcode"] if data["in_belgium"] else "",
                municipality_nis=data.get("municipality", ""),
                country="BE" if data["in_belgium"] else data["country"],
                letter=data["letter"],
                share_name=data["share_name"],
                news_opt_in=data["news_opt_in"],
                language=get_language(),
                ip=client_ip(request),
                seconds_on_form=form.seconds_on_form(),
                honeypot=data["website"],
            )
        except services.SuspectedBot:
            return _render_acted(request, campaign, "created")
        except services.AmbiguousPostcode as exc:
            municipalities = exc.choices
            form = ActionForm(
                request.POST, campaign=campaign, municipalities=municipalities
            )
            form.is_valid()
            form.add_error("municipality", exc.messages[0])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            action = submission.action
            status = 429 if submission.created and action.flagged else 200
            outcome = (
                "flagged"
                if action.flagged
                else ("created" if submission.created else "known")
            )
            return _render_acted(request, campaign, outcome, status)
    if request.htmx:  # the form alone, with its errors
        return render(
            request,
            "campaigns/_act.html",
            {"campaign": campaign, "form": form, "is_open": services.is_open(campaign)},
            status=400,
        )
    # The whole page again, with its texts (the campaign above was read without).
    return _render_campaign(request, _campaign(slug), form, status=400)


def confirm(request, token: str):
    action, outcome = services.confirm_action(token=token[:64])
    if action is None:
        raise Http404
    return render(
        request,
        "campaigns/confirmed.html",
        {"action": action, "outcome": outcome, "campaign": action.campaign},
    )


def counter_json(request, slug: str):
    # Embedded widgets poll this: the cached body costs no query at all.
    key = f"campaign-counter-json:{slug[:200]}"
    body = cache.get(key)
    if body is None:
        campaign = _campaign(slug)
        data = selectors.counts(campaign)
        body = json.dumps({k: v for k, v in data.items() if k != "per_case"})
        cache.set(key, body, selectors.COUNTER_TTL)
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = f"public, max-age={selectors.COUNTER_TTL}"
    return response


def counter_fragment(request, slug: str):
    campaign = _campaign(slug)
    return render(
        request,
        "campaigns/_counter.html",
        {"campaign": campaign, "counts": selectors.counts(campaign)},
    )


@xframe_options_exempt
def counter_widget(request, slug: str):
    campaign = _campaign(slug)
    return render(
        request,
        "campaigns/widget.html",
        {"campaign": campaign, "counts": selectors.counts(campaign)},
    )


def leaderboard(request, slug: str):
    campaign = _campaign(slug)
    return render(
        request,
        "campaigns/leaderboard.html",
        {
            "campaign": campaign,
            "rows": selectors.municipality_rows(campaign)[:100],
            "provinces": selectors.province_rows(campaign),
            "regions": selectors.region_rows(campaign),
        },
    )


def campaign_map(request, slug: str):
    campaign = _campaign(slug)
    return render(
        request,
        "campaigns/map.html",
        {"campaign": campaign, "provinces": selectors.province_rows(campaign)},
    )


def map_data(request, slug: str):
    campaign = _campaign(slug)
    rows = selectors.municipality_rows(campaign)
    return JsonResponse(
        {
            "points": [
                [r["lat"], r["lon"], r["name"], r["total"], r["nis_code"]] for r in rows
            ],
            "provinces": {
                r["nis_code"]: r["total"] for r in selectors.province_rows(campaign)
            },
        }
    )


def municipality_page(request, slug: str, nis_code: str):
    campaign = _campaign(slug)
    municipality = (
        Municipality.objects.select_related("province")
        .filter(nis_code=nis_code[:5])
        .first()
    )
    if municipality is None:
        raise Http404
    from plaidoyer.commitments.selectors import (
        authority_for_municipality,
        get_authority,
    )

    authority = authority_for_municipality(municipality)
    if authority is not None:
        authority = get_authority(authority.slug)
    return render(
        request,
        "campaigns/municipality.html",
        {
            "campaign": campaign,
            "municipality": municipality,
            "summary": selectors.municipality_summary(campaign, municipality),
            "labels": LabelApplication.objects.filter(municipality=municipality)
            .select_related("programme")
            .order_by("-year"),
            "authority": authority,
        },
    )


def municipalities_export(request, slug: str, fmt: str):
    """Aggregated open data per municipality: no personal data."""
    if fmt not in ("csv", "json"):
        raise Http404
    campaign = _campaign(slug)
    rows = selectors.municipality_rows(campaign)
    columns = [
        "nis_code",
        "name",
        "province",
        "region",
        "online",
        "paper_letters",
        "drawings",
        "total",
        "goal",
    ]
    if fmt == "json":
        return JsonResponse(
            {
                "campaign": campaign.slug,
                "municipalities": [{c: r[c] for c in columns} for r in rows],
            }
        )
    return csv_response(
        f"{campaign.slug}-municipalities.csv",
        columns,
        ([r[c] for c in columns] for r in rows),
    )


# --- Coordinators: personal data, review ------------------------------------------------


def _reviewer(request):
    if not can_review(request.user):
        raise PermissionDenied


@login_required
def actions_export(request, slug: str):
    """Every action with the signer's identity: coordinators only, streamed."""
    _reviewer(request)
    campaign = _campaign(slug)
    rows = (
        Action.objects.filter(campaign=campaign)
        .order_by("id")
        .values_list(
            "id",
            "case__slug",
            "kind",
            "name",
            "email",
            "postcode",
            "municipality__nis_code",
            "country",
            "confirmed_at",
            "flagged",
            "created_at",
        )
        .iterator(chunk_size=5000)
    )
    return csv_response(f"{campaign.slug}-actions.csv", ACTION_COLUMNS, rows)


ACTION_COLUMNS = [
    "id",
    "case",
    "kind",
    "name",
    "email",
    "postcode",
    "municipality",
    "country",
    "confirmed_at",
    "held_for_review",
    "created_at",
]


@login_required
def letters_bundle(request, slug: str, case_slug: str):
    """A ZIP for delivery: one PDF of the case's confirmed letters, names per consent."""
    _reviewer(request)
    campaign = _campaign(slug)
    case = campaign.cases.filter(slug=case_slug[:100]).first()
    if case is None:
        raise Http404
    from .pdf import letters_pdf

    letters = (
        selectors.counted_actions(campaign)
        .filter(case=case, kind="letter")
        .select_related("municipality")
        .order_by("id")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(
            f"{case.slug}-letters.pdf", letters_pdf(case, letters.iterator())
        )
        bundle.writestr(
            "README.txt",
            _(
                "Letters for %(name)s, confirmed by email. Names and "
                "municipalities appear only where the signer agreed."
            )
            % {"name": case.name},
        )
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{case.slug}-letters.zip"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def review(request, slug: str):
    _reviewer(request)
    campaign = _campaign(slug)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "clear":
                ids = request.POST.getlist("ids")
                if not ids:
                    raise ValidationError(_("Tick the actions to count."))
                n = services.clear_flagged(
                    by=request.user,
                    actions=Action.objects.filter(
                        campaign=campaign, pk__in=[i for i in ids if i.isdigit()]
                    ),
                )
                messages.success(
                    request,
                    ngettext(
                        "%(count)d action cleared.", "%(count)d actions cleared.", n
                    )
                    % {"count": n},
                )
            else:
                batch = PaperBatch.objects.filter(
                    campaign=campaign, pk=request.POST.get("batch") or 0
                ).first()
                if batch is None:
                    raise Http404
                validate = request.POST.get("action") == "validate"
                form = RejectForm(request.POST)
                reason = form.data.get("reason", "") if not validate else ""
                services.review_batch(
                    by=request.user, batch=batch, validate=validate, reason=reason
                )
                messages.success(
                    request, _("Batch validated.") if validate else _("Batch rejected.")
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("campaigns:review", slug=slug)
    return render(
        request,
        "campaigns/review.html",
        {
            "campaign": campaign,
            "batches": PaperBatch.objects.filter(
                campaign=campaign, status="submitted"
            ).select_related(
                "organisation", "municipality", "place_organisation", "case"
            ),
            "flagged": Action.objects.filter(
                campaign=campaign, flagged=True
            ).select_related("case", "municipality")[:200],
            "reject_form": RejectForm(),
        },
    )


# --- Local groups: paper batches ----------------------------------------------------------


def _batch_organisations(user):
    if is_coordinator(user):
        return Organisation.objects.order_by("sort_name")
    return Organisation.objects.filter(staff__user=user).order_by("sort_name")


@login_required
@require_http_methods(["GET", "POST"])
def batches(request, slug: str):
    campaign = _campaign(slug)
    organisations = _batch_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    importing = request.POST.get("action") == "import"
    form = BatchForm(
        None if importing else request.POST or None,
        None if importing else request.FILES or None,
        campaign=campaign,
        organisations=organisations,
    )
    import_form = ImportForm()
    errors = []
    if request.method == "POST" and request.POST.get("action") == "import":
        import_form = ImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            try:
                saved = services.import_batches(
                    by=request.user,
                    campaign=campaign,
                    data=import_form.cleaned_data["file"].read(),
                )
            except ImportRejected as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d batch imported.",
                        "%(count)d batches imported.",
                        len(saved),
                    )
                    % {"count": len(saved)},
                )
                return redirect("campaigns:batches", slug=slug)
    elif request.method == "POST" and form.is_valid():
        try:
            services.submit_batch(
                by=request.user, campaign=campaign, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The batch is recorded and waits for validation.")
            )
            return redirect("campaigns:batches", slug=slug)
    return render(
        request,
        "campaigns/batches.html",
        {
            "campaign": campaign,
            "form": form,
            "import_form": import_form,
            "errors": errors,
            "organisations": organisations,
            "batches": PaperBatch.objects.filter(
                campaign=campaign, organisation__in=organisations
            ).select_related(
                "organisation", "municipality", "place_organisation", "case"
            )[:200],
            "columns": services.BATCH_COLUMNS,
        },
        status=400 if form.errors or errors else 200,
    )


# --- Labels ---------------------------------------------------------------------------------


def label_detail(request, slug: str):
    programme = (
        LabelProgramme.objects.filter(slug=slug).prefetch_related("criteria").first()
    )
    if programme is None:
        raise Http404
    years = sorted(
        set(programme.applications.values_list("year", flat=True)), reverse=True
    )
    year = request.GET.get("year", "")
    year = (
        int(year)
        if year.isdigit() and int(year) in years
        else (years[0] if years else None)
    )
    applications = selectors.labels(programme, year=year)
    awarded = [a for a in applications if a.is_awarded]
    return render(
        request,
        "campaigns/label.html",
        {
            "programme": programme,
            "years": years,
            "year": year,
            "awarded": awarded,
            "candidates": [a for a in applications if a.status == "candidate"],
        },
    )


def label_points(request, slug: str):
    programme = LabelProgramme.objects.filter(slug=slug).first()
    if programme is None:
        raise Http404
    year = request.GET.get("year", "")
    applications = selectors.labels(
        programme, year=int(year) if year.isdigit() else None
    )
    points = []
    for a in applications:
        if not a.is_awarded:
            continue
        place = a.municipality or (
            a.organisation.municipality if a.organisation else None
        )
        if place:
            points.append([place.latitude, place.longitude, a.holder_name, a.year])
    return JsonResponse({"points": points})


def badge(request, pk: int):
    application = (
        LabelApplication.objects.select_related(
            "programme", "municipality", "organisation"
        )
        .filter(pk=pk)
        .first()
    )
    if application is None or not application.is_awarded:
        raise Http404
    from .badges import badge_svg

    response = HttpResponse(badge_svg(application), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'"
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def label_apply(request, slug: str):
    """Municipalities, universities and schools apply for a label, with evidence."""
    from django.utils import timezone

    from .forms import LabelApplicationForm

    programme = (
        LabelProgramme.objects.filter(slug=slug).prefetch_related("criteria").first()
    )
    if programme is None:
        raise Http404
    organisations = Organisation.objects.filter(
        staff__user=request.user, kind__in=services.LABEL_HOLDER_KINDS
    ).order_by("sort_name")
    if not organisations.exists():
        raise PermissionDenied
    form = LabelApplicationForm(
        request.POST or None, programme=programme, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_for_label(
                by=request.user,
                programme=programme,
                organisation=form.cleaned_data["organisation"],
                year=timezone.localdate().year,
                evidence=form.evidence(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Your application is sent. The coordinators will "
                    "review the evidence."
                ),
            )
            return redirect(programme.get_absolute_url())
    return render(
        request,
        "campaigns/label_apply.html",
        {"programme": programme, "form": form},
        status=400 if form.errors else 200,
    )
