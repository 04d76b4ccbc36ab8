import datetime
import io
import json
import zipfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, RejectRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from plaidoyer.commitments.selectors import authority_for_municipality, get_authority
from plaidoyer.core.access import found, get_for, int_list_param, int_param, require
from plaidoyer.core.csvimport import ImportRejected
from plaidoyer.core.csvutils import csv_response
from plaidoyer.core.forms import add_service_errors
from plaidoyer.core.links import button_page, invalid_link
from plaidoyer.core.net import client_ip
from plaidoyer.core.pagecache import cache_public_page
from plaidoyer.core.ratelimit import SuspectedBot
from plaidoyer.core.share import share
from plaidoyer.core.versions import Version
from plaidoyer.places.selectors import municipalities_for_postcode

from . import selectors, services
from .badges import badge_svg
from .forms import (
    AcceptRequestForm,
    ActionForm,
    BatchForm,
    CaseUpdateForm,
    ImportForm,
    LabelApplicationForm,
    RefuseRequestForm,
    RejectForm,
    SessionReportForm,
    SessionRequestForm,
    WritingSessionForm,
)
from .models import (
    HOST_KINDS,
    Campaign,
    LabelProgramme,
    PaperBatch,
    SessionRequest,
    WritingSession,
)
from .pdf import KIT_LANGUAGES, kit_pdf, letters_pdf
from .permissions import can_host_sessions, can_manage_session, can_review

ROWS_TTL = selectors.COUNTER_TTL * 10  # as long as municipality_rows keeps them


# Counts come from a cache of COUNTER_TTL seconds: the page may be that stale.
@cache_public_page(Version.CAMPAIGNS, ttl=selectors.COUNTER_TTL)
def campaign_list(request):
    campaigns = list(selectors.open_campaigns())
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "campaigns": [(c, selectors.counts(c)) for c in campaigns],
            "programmes": selectors.label_programmes(),
        },
    )


# Short: the page carries the counter (its own fragment refreshes it every 10 s)
# and the form's signed start time, which the "too fast" check reads.
CAMPAIGN_PAGE_TTL = 30


@cache_public_page(
    Version.CAMPAIGNS,
    Version.EVENTS,
    Version.ORGANISATIONS,
    Version.PLACES,
    ttl=CAMPAIGN_PAGE_TTL,
    params=["case"],
)
def campaign_detail(request, slug: str):
    campaign = found(selectors.get_campaign, slug)
    case = selectors.chosen_case(campaign, request.GET.get("case", ""))
    initial = {"case": case, "letter": case.letter_template if case else ""}
    form = ActionForm(campaign=campaign, initial=initial)
    return _render_campaign(request, campaign, form)


def _render_campaign(request, campaign, form, status=200):
    counts = selectors.counts(campaign)
    cases = list(campaign.cases.all())
    timeline = selectors.case_updates(campaign)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "form": form,
            "counts": counts,
            "cases": [
                (case, counts["per_case"].get(case.pk), timeline.get(case.pk, []))
                for case in cases
            ],
            # The letter follows the case chosen in the form (static/js/site.js).
            "letter_templates": {case.slug: case.letter_template for case in cases},
            "is_open": services.is_open(campaign),
            "sessions": selectors.writing_sessions(campaign),
            "session_counts": selectors.session_counts(campaign),
        },
        status=status,
    )


def _render_acted(request, campaign, outcome: str, case, status: int = 200):
    # htmx swaps the thank-you into the campaign page: the fragment alone.
    template = "campaigns/_acted.html" if request.htmx else "campaigns/acted.html"
    return render(
        request,
        template,
        {
            "campaign": campaign,
            "outcome": outcome,
            **_next_steps(campaign, case, written={case.pk}),
        },
        status=status,
    )


def _next_steps(campaign, case, *, written):
    """What to do after writing: share the case, write for another one. Only the
    case just written for is left out here; the page after the email's link
    (whose holder owns the address) leaves out every case that address wrote for,
    which a stranger typing someone's address must not learn."""
    if not campaign.is_published:
        return {"case": case, "share": None, "other_cases": []}
    return {
        "case": case,
        "share": share(
            f"{campaign.get_absolute_url()}?case={case.slug}#case-{case.slug}",
            _("I wrote for %(name)s. Write too:") % {"name": case.name},
        ),
        "other_cases": selectors.other_cases(campaign, written=written)
        if services.is_open(campaign)
        else [],
    }


def _from_our_site(request) -> bool:
    """Whether a POST comes from one of this site's pages, by Django's own checks
    (CsrfViewMiddleware's): the Origin header when the browser sends one (every
    current browser does on a POST), otherwise, over HTTPS, the Referer."""
    check = CsrfViewMiddleware(lambda request: HttpResponse())
    if "HTTP_ORIGIN" in request.META:
        return check._origin_verified(request)
    if request.is_secure():
        try:
            check._check_referer(request)
        except RejectRequest:
            return False
    return True


# No per-visitor CSRF token, so that the campaign page is the same for every
# anonymous visitor and served from the page cache. Forging this post gains
# nothing: a letter counts only once its signer confirms by email, and posts are
# rate-limited and pass a honeypot. Posts from other sites are still refused.
@csrf_exempt
@require_POST
def act(request, slug: str):
    if not _from_our_site(request):
        return render(request, "campaigns/cross_site.html", status=403)
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
        except SuspectedBot:
            return _render_acted(request, campaign, "created", data["case"])
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
            # The same answer for a new address and a known one: nothing tells a
            # stranger who wrote; the email says the rest.
            if submission.held:
                return _render_acted(request, campaign, "flagged", data["case"], 429)
            if submission.too_fast:
                return _render_acted(request, campaign, "too_fast", data["case"])
            return _render_acted(request, campaign, "created", data["case"])
    if request.htmx:  # the form alone, with its errors
        return render(
            request,
            "campaigns/_act.html",
            {"campaign": campaign, "form": form, "is_open": services.is_open(campaign)},
            status=400,
        )
    # The whole page again, with its texts (the campaign above was read without).
    return _render_campaign(
        request, found(selectors.get_campaign, slug), form, status=400
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """The link of the confirmation email: only the button's POST confirms."""
    if request.method == "GET":
        case = selectors.get_case_by_action_token(token[:64])
        if case is None:
            return invalid_link(request)
        return button_page(
            request,
            heading=_("Confirm your letter"),
            text=_("Press the button to confirm your letter for %(name)s.")
            % {"name": case.name},
            button=_("Confirm my letter"),
        )
    action, outcome = services.confirm_action(token=token[:64])
    if action is None:
        return invalid_link(request)
    try:
        campaign = selectors.get_campaign_for_action(action.campaign.slug, cached=True)
    except Campaign.DoesNotExist:  # unpublished since: nothing more to offer
        campaign = action.campaign
    return render(
        request,
        "campaigns/confirmed.html",
        {
            "action": action,
            "outcome": outcome,
            "campaign": campaign,
            **_next_steps(
                campaign, action.case, written=selectors.cases_written_by(action)
            ),
        },
    )


def counter_json(request, slug: str):
    # Embedded widgets poll this: the cached body costs no query at all.
    key = f"campaign-counter-json:{slug[:200]}"
    body = cache.get(key)
    if body is None:
        campaign = found(selectors.get_campaign, slug)
        data = selectors.counts(campaign)
        body = json.dumps({k: v for k, v in data.items() if k != "per_case"})
        cache.set(key, body, selectors.COUNTER_TTL)
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = f"public, max-age={selectors.COUNTER_TTL}"
    return response


def counter_fragment(request, slug: str):
    campaign = found(selectors.get_campaign, slug)
    return render(
        request,
        "campaigns/_counter.html",
        {"campaign": campaign, "counts": selectors.counts(campaign)},
    )


@xframe_options_exempt
def counter_widget(request, slug: str):
    campaign = found(selectors.get_campaign, slug)
    return render(
        request,
        "campaigns/widget.html",
        {"campaign": campaign, "counts": selectors.counts(campaign)},
    )


# Its rows come from a cache of 30 s (municipality_rows): it may be that stale.
@cache_public_page(Version.CAMPAIGNS, Version.PLACES, ttl=ROWS_TTL)
def leaderboard(request, slug: str):
    campaign = found(selectors.get_campaign, slug)
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


@cache_public_page(Version.CAMPAIGNS, Version.PLACES, ttl=ROWS_TTL)
def campaign_map(request, slug: str):
    campaign = found(selectors.get_campaign, slug)
    return render(
        request,
        "campaigns/map.html",
        {"campaign": campaign, "provinces": selectors.province_rows(campaign)},
    )


def map_data(request, slug: str):
    campaign = found(selectors.get_campaign, slug)
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


# Its figures may be as stale as the leaderboard's, which links to it.
@cache_public_page(Version.CAMPAIGNS, Version.PLACES, Version.BAROMETER, ttl=ROWS_TTL)
def municipality_page(request, slug: str, nis_code: str):
    campaign = found(selectors.get_campaign, slug)
    municipality = found(selectors.get_municipality, nis_code)
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
            "labels": selectors.labels_of_municipality(municipality),
            "authority": authority,
        },
    )


def municipalities_export(request, slug: str, fmt: str):
    """Aggregated open data per municipality: no personal data."""
    if fmt not in ("csv", "json"):
        raise Http404
    campaign = found(selectors.get_campaign, slug)
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
        request=request,
    )


# --- Coordinators: personal data, review ------------------------------------------------


@login_required
def actions_export(request, slug: str):
    """Every action with the signer's identity: coordinators only, streamed."""
    require(can_review(request.user))
    campaign = found(selectors.get_campaign, slug)
    return csv_response(
        f"{campaign.slug}-actions.csv",
        ACTION_COLUMNS,
        selectors.action_rows(campaign),
        request=request,
    )


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
    require(can_review(request.user))
    campaign = found(selectors.get_campaign, slug)
    case = found(selectors.get_case, campaign, case_slug[:100])
    letters = selectors.letters_of(campaign, case)
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
def review(request, slug: str):
    require(can_review(request.user))
    campaign = found(selectors.get_campaign, slug)
    return render(
        request,
        "campaigns/review.html",
        {
            "campaign": campaign,
            "batches": selectors.batches_to_review(campaign),
            "flagged": selectors.held_actions(campaign)[:200],
            "reject_form": RejectForm(),
        },
    )


def _review_done(request, slug: str, message: str):
    messages.success(request, message)
    return redirect("campaigns:review", slug=slug)


def _review_refused(request, slug: str, message: str):
    messages.error(request, message)
    return redirect("campaigns:review", slug=slug)


@login_required
@require_POST
def actions_clear(request, slug: str):
    """Count the ticked actions that were held for review."""
    require(can_review(request.user))
    campaign = found(selectors.get_campaign, slug)
    ids = int_list_param(request.POST, "ids")
    if not ids:
        return _review_refused(request, slug, _("Tick the actions to count."))
    try:
        n = services.clear_flagged(
            by=request.user,
            actions=selectors.held_actions(campaign).filter(pk__in=ids),
        )
    except ValidationError as exc:
        return _review_refused(request, slug, " ".join(exc.messages))
    message = ngettext("%(count)d action cleared.", "%(count)d actions cleared.", n)
    return _review_done(request, slug, message % {"count": n})


def _posted_batch(request, slug: str) -> PaperBatch:
    require(can_review(request.user))
    campaign = found(selectors.get_campaign, slug)
    return get_for(
        request.user,
        PaperBatch.objects.filter(campaign=campaign),
        pk=request.POST.get("batch"),
    )


@login_required
@require_POST
def batch_validate(request, slug: str):
    batch = _posted_batch(request, slug)
    try:
        services.review_batch(by=request.user, batch=batch, validate=True, reason="")
    except ValidationError as exc:
        return _review_refused(request, slug, " ".join(exc.messages))
    return _review_done(request, slug, _("Batch validated."))


@login_required
@require_POST
def batch_reject(request, slug: str):
    batch = _posted_batch(request, slug)
    form = RejectForm(request.POST)
    try:
        services.review_batch(
            by=request.user,
            batch=batch,
            validate=False,
            reason=form.data.get("reason", ""),
        )
    except ValidationError as exc:
        return _review_refused(request, slug, " ".join(exc.messages))
    return _review_done(request, slug, _("Batch rejected."))


# --- Local groups: paper batches ----------------------------------------------------------


def _batch_page(request, slug: str):
    """The campaign and the organisations the user records batches for (403 if
    none)."""
    campaign = found(selectors.get_campaign, slug)
    organisations = selectors.batch_organisations(request.user)
    require(organisations.exists())
    return campaign, organisations


@login_required
def batches(request, slug: str):
    campaign, organisations = _batch_page(request, slug)
    return _render_batches(
        request,
        campaign,
        organisations,
        BatchForm(campaign=campaign, organisations=organisations),
    )


def _render_batches(
    request, campaign, organisations, form, import_form=None, errors=()
):
    """The batches page; a form with errors or a refused import make it a 400."""
    invalid = form.errors or errors or (import_form and import_form.errors)
    return render(
        request,
        "campaigns/batches.html",
        {
            "campaign": campaign,
            "form": form,
            "import_form": import_form or ImportForm(),
            "errors": errors,
            "organisations": organisations,
            "batches": selectors.batches_of(campaign, organisations)[:200],
            "columns": services.BATCH_COLUMNS,
        },
        status=400 if invalid else 200,
    )


@login_required
@require_POST
def batch_create(request, slug: str):
    campaign, organisations = _batch_page(request, slug)
    form = BatchForm(
        request.POST, request.FILES, campaign=campaign, organisations=organisations
    )
    if form.is_valid():
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
    return _render_batches(request, campaign, organisations, form)


@login_required
@require_POST
def batches_import(request, slug: str):
    campaign, organisations = _batch_page(request, slug)
    import_form = ImportForm(request.POST, request.FILES)
    errors = []
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
    form = BatchForm(campaign=campaign, organisations=organisations)
    return _render_batches(request, campaign, organisations, form, import_form, errors)


# --- Labels ---------------------------------------------------------------------------------


@cache_public_page(
    Version.CAMPAIGNS, Version.ORGANISATIONS, Version.PLACES, params=("year",)
)
def label_detail(request, slug: str):
    programme = found(selectors.get_programme, slug)
    years = selectors.label_years(programme)
    year = int_param(request.GET, "year", maximum=9999)
    if year not in years:
        year = years[0] if years else None
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
    programme = get_object_or_404(LabelProgramme, slug=slug)
    year = int_param(request.GET, "year", maximum=9999)
    applications = selectors.labels(programme, year=year)
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
    application = found(selectors.get_awarded_label, pk)
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
    programme = found(selectors.get_programme, slug)
    organisations = selectors.label_holders(request.user, services.LABEL_HOLDER_KINDS)
    require(organisations.exists())
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


# --- Case updates: the timeline, good news, signers' emails -------------------------


@cache_public_page(Version.CAMPAIGNS, params=("page",))
def good_news(request):
    """Releases and dropped charges across campaigns."""
    return render(
        request,
        "campaigns/good_news.html",
        {
            "page": Paginator(selectors.good_news(), 20).get_page(
                request.GET.get("page")
            )
        },
    )


def _render_updates(request, campaign, form, status=200):
    return render(
        request,
        "campaigns/updates.html",
        {
            "campaign": campaign,
            "form": form,
            "updates": selectors.updates_with_counts(campaign),
        },
        status=status,
    )


@login_required
def updates(request, slug: str):
    """The coordinator's page: publish news of a case, see its emails' counts."""
    require(can_review(request.user))
    campaign = found(selectors.get_campaign, slug)
    return _render_updates(request, campaign, CaseUpdateForm(campaign=campaign))


@login_required
@require_POST
def update_create(request, slug: str):
    require(can_review(request.user))
    campaign = found(selectors.get_campaign, slug)
    form = CaseUpdateForm(request.POST, campaign=campaign)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.publish_case_update(
                by=request.user,
                case=data["case"],
                kind=data["kind"],
                happened_on=data["happened_on"],
                texts=form.texts(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The update is published; signers who asked for news get it."),
            )
            return redirect("campaigns:updates", slug=slug)
    return _render_updates(request, campaign, form, status=400)


@csrf_exempt  # mail clients' one-click POST carries the secret token, not a CSRF cookie
@require_http_methods(["GET", "POST"])
def news_stop(request, token: str):
    """The signer's unsubscribe link: GET shows a button, whose POST (with its
    CSRF token) unsubscribes; so does a mail client's RFC 8058 one-click POST
    (body ``List-Unsubscribe=One-Click``), which carries the secret token only."""
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
        services.unsubscribe_news(token=token[:64])
        return HttpResponse("")
    return _news_stop_page(request, token)


@csrf_protect
def _news_stop_page(request, token: str):
    if not selectors.is_action_token(token[:64]):
        return invalid_link(request)
    if request.method == "POST":
        services.unsubscribe_news(token=token[:64])
        return render(request, "campaigns/news_stopped.html")
    return button_page(
        request,
        heading=_("Stop the campaign's news"),
        text=_(
            "Press the button to stop receiving news of the people you wrote for. "
            "Your letter still counts."
        ),
        button=_("Unsubscribe"),
    )


# --- Writing sessions ---------------------------------------------------------------------


def _posted(request):
    """The posted data, even empty (``request.POST or None`` would take an empty
    post for a first visit)."""
    return request.POST if request.method == "POST" else None


def session_points(request, slug: str):
    campaign = found(selectors.get_campaign, slug)
    return JsonResponse({"points": selectors.session_points(campaign)})


def kit(request, slug: str):
    """The letters of every case in four languages, to copy at a session."""
    campaign = found(selectors.get_campaign, slug)
    names = dict(settings.LANGUAGES)
    pdf = kit_pdf(
        campaign,
        campaign.cases.all(),
        {code: str(names[code]) for code in KIT_LANGUAGES},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}-kit.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def session_request(request, slug: str):
    """The public form: a school or an association offers to host a session."""
    campaign = found(selectors.get_campaign, slug)
    form = SessionRequestForm(_posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.request_session(
                    campaign=campaign,
                    kind=data["kind"],
                    name=data["name"],
                    email=data["email"],
                    organisation_name=data["organisation_name"],
                    town=data["town"],
                    participants=data["participants"],
                    date_wish=data["date_wish"],
                    message=data["message"],
                    language=get_language(),
                    ip=client_ip(request),
                    seconds_on_form=form.seconds_on_form(),
                    honeypot=data["website"],
                )
            except SuspectedBot:
                pass  # answered like a success
            except ValidationError as exc:
                add_service_errors(form, exc)
                if getattr(exc, "code", None) == "rate_limited":
                    status = 429
            if not form.errors:
                return render(
                    request, "campaigns/session_requested.html", {"campaign": campaign}
                )
    return render(
        request,
        "campaigns/session_request.html",
        {"campaign": campaign, "form": form, "is_open": services.is_open(campaign)},
        status=status,
    )


@login_required
def my_sessions(request):
    """The sessions of the user's organisations, with what is left to report."""
    require(can_host_sessions(request.user))
    return render(
        request,
        "campaigns/my_sessions.html",
        {
            "sessions": selectors.hosted_sessions(request.user)[:200],
            "campaigns": selectors.open_campaigns(),
            "is_coordinator": can_review(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, slug: str):
    require(can_host_sessions(request.user))
    campaign = found(selectors.get_campaign, slug)
    hosts = selectors.host_organisations(request.user, HOST_KINDS)
    require(hosts.exists())
    form = WritingSessionForm(_posted(request), hosts=hosts)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_writing_session(
                by=request.user, campaign=campaign, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The writing session is in the agenda."))
            return redirect("campaigns:my_sessions")
    return render(
        request,
        "campaigns/session_form.html",
        {"campaign": campaign, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_report(request, pk: str):
    """The host says what the session collected: a paper batch for review."""
    session = get_for(
        request.user,
        WritingSession.objects.select_related("event", "campaign", "host", "batch"),
        check=can_manage_session,
        pk=pk,
    )
    form = SessionReportForm(_posted(request), campaign=session.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_session(
                by=request.user, session=session, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Thank you! The coordinators will validate the count.")
            )
            return redirect("campaigns:my_sessions")
    return render(
        request,
        "campaigns/session_report.html",
        {"session": session, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def session_requests(request, slug: str):
    require(can_review(request.user))
    campaign = found(selectors.get_campaign, slug)
    hosts = selectors.host_organisations(request.user, HOST_KINDS)
    return render(
        request,
        "campaigns/session_requests.html",
        {
            "campaign": campaign,
            "requests": [
                (r, _accept_form(r, hosts), RefuseRequestForm(prefix=f"r{r.pk}"))
                for r in selectors.session_requests(campaign)[:100]
            ],
        },
    )


def _accept_form(session_request, hosts, data=None):
    start = timezone.make_aware(
        datetime.datetime.combine(session_request.date_wish, datetime.time(10))
    )
    return AcceptRequestForm(
        data,
        hosts=hosts,
        prefix=f"a{session_request.pk}",
        initial={
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2),
        },
    )


def _posted_request(request, pk: str) -> SessionRequest:
    require(can_review(request.user))
    return get_for(
        request.user, SessionRequest.objects.select_related("campaign"), pk=pk
    )


@login_required
@require_POST
def session_request_accept(request, pk: str):
    session_request = _posted_request(request, pk)
    slug = session_request.campaign.slug
    hosts = selectors.host_organisations(request.user, HOST_KINDS)
    form = _accept_form(session_request, hosts, request.POST)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(str(m) for errors in form.errors.values() for m in errors),
        )
        return redirect("campaigns:session_requests", slug=slug)
    try:
        services.accept_session_request(
            by=request.user, session_request=session_request, **form.cleaned_data
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Request accepted: the session is in the agenda."))
    return redirect("campaigns:session_requests", slug=slug)


@login_required
@require_POST
def session_request_refuse(request, pk: str):
    session_request = _posted_request(request, pk)
    slug = session_request.campaign.slug
    form = RefuseRequestForm(request.POST, prefix=f"r{session_request.pk}")
    try:
        services.refuse_session_request(
            by=request.user,
            session_request=session_request,
            reason=form.data.get(form.add_prefix("reason"), ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Request refused: the requester is told why."))
    return redirect("campaigns:session_requests", slug=slug)
