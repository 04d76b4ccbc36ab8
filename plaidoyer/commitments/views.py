from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods

from plaidoyer.core.access import found, require
from plaidoyer.core.charts import Series, stacked_bars
from plaidoyer.core.csvutils import csv_response
from plaidoyer.core.forms import add_service_errors
from plaidoyer.core.links import button_page, invalid_link
from plaidoyer.core.net import client_ip
from plaidoyer.core.pagecache import cache_public_page
from plaidoyer.core.ratelimit import RateLimited
from plaidoyer.core.versions import Version

from . import drafts, fragments, selectors, services
from .cards import commitment_cards
from .forms import (
    CommitmentChoiceForm,
    FollowForm,
    RecommendationFilterForm,
    StatusUpdateForm,
)
from .models import BarometerStatus, Commitment, Memorandum, Recommendation
from .permissions import can_edit_barometer

STATUS_COLOURS = {
    "implemented": "#1d6b3a",
    "partly_implemented": "#5f9d3c",
    "in_progress": "#2f6db5",
    "announced": "#8a9dc4",
    "not_started": "#b8bec9",
    "stalled": "#c77c00",
    "abandoned": "#a1231b",
    "no_commitment": "#e4e7ec",
}


def _series() -> list[Series]:
    labels = dict(BarometerStatus.choices)
    return [
        Series(s, str(labels[s]), STATUS_COLOURS[s]) for s in selectors.BAROMETER_ORDER
    ]


def _charts(data: dict) -> dict:
    series = _series()
    return {
        "series": series,
        "overall_chart": stacked_bars(
            [(_("All recommendations"), data["overall"])],
            series,
            title=_("Recommendations by status"),
        ),
        "sector_chart": stacked_bars(
            data["by_sector"], series, title=_("Recommendations by sector and status")
        ),
        "level_chart": stacked_bars(
            data["by_level"], series, title=_("Recommendations by level of government")
        ),
        "authority_chart": stacked_bars(
            data["by_authority"], series, title=_("Commitments by authority and status")
        ),
    }


@cache_public_page(Version.BAROMETER)
def barometer(request):
    data = selectors.barometer_overview()
    return render(
        request,
        "commitments/barometer.html",
        {
            "data": data,
            **_charts(data),
            "memorandum": selectors.current_memorandum(),
        },
    )


@xframe_options_exempt
@cache_public_page(Version.BAROMETER, params=("sector", "authority"))
def barometer_widget(request):
    """A small page meant for an iframe on members' websites."""
    sector = (request.GET.get("sector") or "")[:100].replace("\x00", "")
    authority = (request.GET.get("authority") or "")[:200].replace("\x00", "")
    data = selectors.barometer_overview(sector=sector, authority=authority)
    series = _series()
    return render(
        request,
        "commitments/widget.html",
        {
            "data": data,
            "series": series,
            "chart": stacked_bars(
                [(_("Recommendations"), data["overall"])],
                series,
                title=_("Recommendations by status"),
            ),
            "sector": sector,
            "authority": authority,
        },
    )


@cache_public_page(Version.BAROMETER, params=(selectors.RecommendationFilters, "page"))
def memorandum(request, slug: str | None = None):
    memo = (
        found(selectors.get_memorandum, slug)
        if slug
        else selectors.current_memorandum()
    )
    if memo is None:
        raise Http404
    form = RecommendationFilterForm(request.GET)
    filters = form.filters()
    items = selectors.memorandum_items(memo, filters)
    page = Paginator(items, 100).get_page(request.GET.get("page"))
    page.object_list = selectors.memorandum_rows(page.object_list)
    return render(
        request,
        "commitments/memorandum.html",
        {
            "memorandum": memo,
            "form": form,
            "filters": filters,
            "page": page,
            "editions": Memorandum.objects.exclude(state=Memorandum.State.DRAFT),
        },
    )


@cache_public_page(Version.BAROMETER_STRUCTURE, object_key=services.recommendation_key)
def recommendation_detail(request, code: str):
    recommendation = found(selectors.get_recommendation, code.upper()[:12])
    stale_before = selectors.stale_before()
    can_edit = can_edit_barometer(request.user)
    blocks = fragments.commitment_blocks(
        recommendation.commitment_list, stale_before=stale_before, can_edit=can_edit
    )
    return render(
        request,
        "commitments/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "commitment_blocks": blocks,
            "stale_before": stale_before,
            "can_edit": can_edit,
        },
    )


@require_http_methods(["GET", "POST"])
def follow(request, code: str):
    """The follow form: its own page without JavaScript, loaded inline with htmx.

    Kept off the recommendation page so that page carries no CSRF token and can be
    served from the cache.
    """
    recommendation = get_object_or_404(Recommendation, code=code.upper()[:12])
    if request.method == "GET":
        template = (
            "commitments/_follow.html" if request.htmx else "commitments/follow.html"
        )
        return render(
            request,
            template,
            {"recommendation": recommendation, "follow_form": FollowForm()},
        )
    form = FollowForm(request.POST)
    if not form.is_valid() or form.cleaned_data["website"]:
        if form.is_valid():  # the honeypot was filled: pretend all went well
            return render(
                request,
                "commitments/follow_sent.html",
                {"recommendation": recommendation},
            )
        return render(
            request,
            "commitments/follow.html",
            {"recommendation": recommendation, "follow_form": form},
            status=400,
        )
    try:
        services.follow_recommendation(
            recommendation=recommendation,
            email=form.cleaned_data["email"],
            language=get_language(),
            ip=client_ip(request),
        )
    except RateLimited:
        return render(
            request,
            "commitments/follow_limited.html",
            {"recommendation": recommendation},
            status=429,
        )
    return render(
        request, "commitments/follow_sent.html", {"recommendation": recommendation}
    )


@require_http_methods(["GET", "POST"])
def follow_confirm(request, token: str):
    """The link of the confirmation email: only the button's POST confirms."""
    if request.method == "GET":
        follower = selectors.get_follower(token[:64])
        if follower is None:
            return invalid_link(request)
        return button_page(
            request,
            heading=_("Confirm that you follow this recommendation"),
            text=_(
                "Press the button to receive an email when the commitments on "
                "recommendation %(code)s change."
            )
            % {"code": follower.recommendation.code},
            button=_("Confirm"),
        )
    follower = services.confirm_follow(token=token[:64])
    if follower is None:
        return invalid_link(request)
    return render(request, "commitments/follow_confirmed.html", {"follower": follower})


@require_http_methods(["GET", "POST"])
def unfollow(request, token: str):
    """The "stop" link of the emails: only the button's POST acts."""
    if request.method == "POST":
        services.unfollow(token=token[:64])
        return render(request, "commitments/unfollowed.html")
    if selectors.get_follower(token[:64]) is None:
        return invalid_link(request)
    return render(request, "commitments/unfollow.html", {"token": token})


@cache_public_page(Version.BAROMETER)
def authority_list(request):
    return render(
        request,
        "commitments/authority_list.html",
        {"rows": selectors.authority_rows()},
    )


@cache_public_page(Version.BAROMETER)
def authority_detail(request, slug: str):
    authority = found(selectors.get_authority, slug)
    data = selectors.barometer_overview(authority=slug)
    counts: dict[str, int] = {}
    for commitment in authority.commitment_list:
        counts[commitment.status] = counts.get(commitment.status, 0) + 1
    series = _series()
    stale_before = selectors.stale_before()
    return render(
        request,
        "commitments/authority_detail.html",
        {
            "authority": authority,
            "cards": commitment_cards(
                authority.commitment_list, stale_before=stale_before
            ),
            "data": data,
            "series": series,
            "chart": stacked_bars(
                [(authority.name, counts)], series, title=_("Commitments by status")
            ),
            "counts": counts,
        },
    )


@cache_public_page(Version.BAROMETER)
def commitment_detail(request, pk: int):
    commitment = found(selectors.get_commitment, pk)
    return render(
        request,
        "commitments/commitment_detail.html",
        {
            "commitment": commitment,
            "can_edit": can_edit_barometer(request.user),
            "stale_before": selectors.stale_before(),
        },
    )


# --- Recording a status update: form, confirmation, save ------------------------------
# The form's input waits in the session (and an uploaded document in storage) between
# the form and the confirmation, so "back" keeps it and the confirmation shows exactly
# what the save will write.


@login_required
def update_record(request):
    """ "Record a status update": choose an authority, then one of its commitments."""
    require(can_edit_barometer(request.user))
    form = CommitmentChoiceForm(request.GET or None)
    commitments = None
    if form.is_valid() and (form.cleaned_data["authority"] or form.cleaned_data["q"]):
        commitments = selectors.commitments_of(
            form.cleaned_data["authority"], words=form.cleaned_data["q"]
        )
    return render(
        request,
        "commitments/update_record.html",
        {"form": form, "commitments": commitments},
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_new(request, pk: int):
    require(can_edit_barometer(request.user))
    commitment = found(selectors.get_commitment, pk)
    kept = drafts.load(request, commitment)
    if request.method == "GET":
        initial = drafts.initial(kept) if kept else {}
        if "corrects" in request.GET:  # "Record a correction of this update"
            initial["corrects"] = request.GET["corrects"][:20]
        form = StatusUpdateForm(initial=initial, commitment=commitment)
        return _update_form(request, commitment, form, kept)
    form = StatusUpdateForm(request.POST, request.FILES, commitment=commitment)
    if form.is_valid():
        values = dict(form.cleaned_data)
        upload = values.pop("evidence_file")
        keep_file = bool(kept and kept.get("file") and request.POST.get("keep_file"))
        try:
            services.check_status_update(
                commitment=commitment,
                evidence_file=upload or keep_file or None,
                **values,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            drafts.save(request, commitment, values, upload=upload, keep_file=keep_file)
            return redirect("commitments:update_confirm", pk=commitment.pk)
    return _update_form(request, commitment, form, kept, status=400)


def _update_form(request, commitment, form, kept, status=200):
    return render(
        request,
        "commitments/update_form.html",
        {
            "commitment": commitment,
            "form": form,
            "kept_file": kept.get("file") if kept else None,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_confirm(request, pk: int):
    """Show what will become public; its POST records it."""
    require(can_edit_barometer(request.user))
    commitment = found(selectors.get_commitment, pk)
    kept = drafts.load(request, commitment)
    if kept is None:
        messages.error(request, _("Nothing to confirm: fill in the form first."))
        return redirect("commitments:update_new", pk=commitment.pk)
    preview = drafts.preview(kept, commitment)
    if request.method == "GET":
        return render(
            request,
            "commitments/update_confirm.html",
            {
                "commitment": commitment,
                "u": preview,
                "evidence_file_name": kept["file"]["name"] if kept["file"] else "",
                "digest": drafts.digest(kept),
            },
        )
    if request.POST.get("digest") != drafts.digest(kept):
        # Another tab changed the input since this confirmation was shown.
        messages.error(
            request, _("The update changed since you saw it: check it again.")
        )
        return redirect("commitments:update_confirm", pk=commitment.pk)
    try:
        with drafts.opened_file(kept) as document:
            update = services.record_status_update(
                by=request.user,
                commitment=commitment,
                evidence_file=document,
                require_evidence=True,
                **drafts.values(kept, commitment),
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("commitments:update_new", pk=commitment.pk)
    drafts.discard(request, commitment)
    messages.success(request, _("The status update has been recorded."))
    return redirect(commitment.get_absolute_url() + f"#update-{update.pk}")


def recommendations_csv(request):
    filters = RecommendationFilterForm(request.GET).filters()
    rows = selectors.recommendations(filters)
    header = [
        _("Code"),
        _("Title"),
        _("Sector"),
        _("Levels"),
        _("Priority"),
        _("Barometer status"),
    ]
    return csv_response(
        "recommendations.csv",
        header,
        (
            [
                r.code,
                r.title,
                r.sector.name,
                ", ".join(lv.name for lv in r.levels.all()),
                r.get_priority_display(),
                r.get_barometer_status_display(),
            ]
            for r in rows.iterator(chunk_size=500)
        ),
        request=request,
    )


def commitments_csv(request):
    rows = (
        Commitment.objects.select_related("authority")
        .prefetch_related("recommendations")
        .order_by("-committed_on")
    )
    header = [
        _("Id"),
        _("Authority"),
        _("Commitment"),
        _("Date"),
        _("Due date"),
        _("Status"),
        _("Progress"),
        _("Authority's own status"),
        _("Last update"),
        _("Recommendations"),
        _("Source"),
    ]
    return csv_response(
        "commitments.csv",
        header,
        (
            [
                c.pk,
                c.authority.name,
                c.title,
                c.committed_on,
                c.due_on or "",
                c.get_status_display(),
                c.progress if c.progress is not None else "",
                c.get_authority_status_display() if c.authority_status else "",
                c.last_update_on or "",
                " ".join(r.code for r in c.recommendations.all()),
                c.source_url,
            ]
            for c in rows.iterator(chunk_size=500)
        ),
        request=request,
    )


def updates_csv(request):
    rows = selectors.status_updates()
    header = [
        _("Date"),
        _("Commitment"),
        _("Authority"),
        _("Whose view"),
        _("Status"),
        _("Progress"),
        _("Note"),
        _("Evidence"),
        _("Corrects"),
        _("Id"),
        _("Source of the note"),
        _("Evidence document"),
        _("Corrected on"),
        _("Corrected by"),
    ]
    return csv_response(
        "status-updates.csv",
        header,
        (
            [
                u.date,
                u.commitment_id,
                u.commitment.authority.name,
                u.get_source_display(),
                u.get_status_display(),
                u.progress if u.progress is not None else "",
                u.note,
                u.evidence_url,
                u.corrects_id or "",
                u.pk,
                u.note_source,
                request.build_absolute_uri(u.evidence_file.url)
                if u.evidence_file
                else "",
                timezone.localdate(u.corrected_at) if u.corrected_at else "",
                u.corrected_by_id or "",
            ]
            for u in rows.iterator(chunk_size=2000)
        ),
        request=request,
    )
