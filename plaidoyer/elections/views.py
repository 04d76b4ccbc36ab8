from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from plaidoyer.core.access import found, get_for, require
from plaidoyer.core.csvimport import ImportRejected
from plaidoyer.core.csvutils import csv_response
from plaidoyer.core.forms import add_service_errors
from plaidoyer.core.links import invalid_link
from plaidoyer.core.pagecache import cache_public_page
from plaidoyer.core.versions import Version

from . import selectors, services
from .forms import AnswerForm, ImportForm, ResultForm
from .models import Election, PledgeCampaign, PledgeLink
from .permissions import can_manage_elections
from .tables import matrix_body


def _party_param(request) -> str:
    return (request.GET.get("party") or "")[:100].replace("\x00", "")


# --- Public pages ---------------------------------------------------------------------


@cache_public_page(Version.ELECTIONS)
def election_list(request):
    return render(
        request,
        "elections/election_list.html",
        {"elections": selectors.elections_with_campaigns()},
    )


@cache_public_page(Version.ELECTIONS, params=("party",))
def comparison(request, slug: str):
    campaign = found(selectors.get_campaign, slug[:100])
    data = selectors.comparison(campaign, party=_party_param(request))
    return render(
        request,
        "elections/comparison.html",
        {
            "campaign": campaign,
            "comparison": data,
            "matrix": matrix_body(data),
            "columns": zip(data.parties, data.totals, strict=True),
        },
    )


@cache_public_page(Version.ELECTIONS)
def party_detail(request, slug: str, party: str):
    campaign = found(selectors.get_campaign, slug[:100])
    party_obj = found(selectors.get_party, campaign, party[:100])
    rows = selectors.party_pledges(campaign, party_obj)
    totals = {"yes": 0, "partly": 0, "no": 0, "none": 0}
    for _rec, pledge in rows:
        totals[pledge.answer if pledge else "none"] += 1
    return render(
        request,
        "elections/party_detail.html",
        {
            "campaign": campaign,
            "party": party_obj,
            "rows": rows,
            "totals": totals,
            "candidates": selectors.candidates_with_counts(campaign, party_obj),
        },
    )


@xframe_options_exempt
@cache_public_page(Version.ELECTIONS, params=("party",))
def widget(request, slug: str):
    """The comparison for an iframe on members' websites."""
    campaign = found(selectors.get_campaign, slug[:100])
    data = selectors.comparison(campaign, party=_party_param(request))
    return render(
        request,
        "elections/widget.html",
        {
            "campaign": campaign,
            "comparison": data,
            "matrix": matrix_body(data, embed=True),
        },
    )


def comparison_csv(request, slug: str):
    campaign = found(selectors.get_campaign, slug[:100])
    return csv_response(
        f"pledges-{campaign.slug}.csv",
        [
            "kind",
            "code",
            "name",
            "party",
            "recommendation",
            "recommendation_title",
            "answer",
            "comment",
            "answered_at",
        ],
        selectors.export_rows(campaign),
    )


# --- A party's or candidate's link ------------------------------------------------------


def _render_answer(request, link: PledgeLink, form: AnswerForm, status: int = 200):
    return render(
        request,
        "elections/answer.html",
        {
            "link": link,
            "campaign": link.campaign,
            "respondent": link.respondent,
            "form": form,
            "token": services.link_token(link),
        },
        status=status,
    )


def _answer_form(link: PledgeLink, data=None) -> AnswerForm:
    return AnswerForm(
        data,
        recommendations=selectors.campaign_recommendations(link.campaign),
        pledges=selectors.pledges_of_link(link),
    )


def answer(request, token: str):
    """The answer form a party's or candidate's emailed link opens. GET changes
    nothing (mail scanners open links); only the form's POST records."""
    link = services.link_for_token(token)
    if link is None:
        return invalid_link(request)
    return _render_answer(request, link, _answer_form(link))


@require_POST
def answer_send(request, token: str):
    link = services.link_for_token(token)
    if link is None:
        return invalid_link(request)
    form = _answer_form(link, request.POST)
    if form.is_valid():
        try:
            saved = services.answer_pledges(link=link, answers=form.answers())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied:
            return invalid_link(request)
        else:
            messages.success(
                request,
                ngettext(
                    "Thank you: %(count)d answer recorded.",
                    "Thank you: %(count)d answers recorded.",
                    len(saved),
                )
                % {"count": len(saved)}
                if saved
                else _("Your answers were already recorded: nothing changed."),
            )
            return redirect("elections:answer", token=token)
    return _render_answer(request, link, form, status=400)


# --- Coordinators -----------------------------------------------------------------------


@login_required
def manage_list(request):
    require(can_manage_elections(request.user))
    return render(
        request,
        "elections/manage_list.html",
        {"elections": Election.objects.prefetch_related("campaigns")},
    )


def _election(request, slug: str) -> Election:
    require(can_manage_elections(request.user))
    return get_for(request.user, Election, slug=slug[:100])


def _render_manage(request, election, *, result_form=None, errors=(), status=200):
    campaigns = list(election.campaigns.all())
    return render(
        request,
        "elections/manage.html",
        {
            "election": election,
            "import_form": ImportForm(),
            "result_form": result_form or ResultForm(election=election),
            "errors": errors,
            "parties": election.parties.all(),
            "candidates": election.candidates.select_related("party", "constituency"),
            "constituencies": election.constituencies.all(),
            "campaigns": [(c, selectors.links_of(c)) for c in campaigns],
            "party_columns": services.PARTY_COLUMNS,
            "candidate_columns": services.CANDIDATE_COLUMNS,
        },
        status=status,
    )


@login_required
def manage(request, slug: str):
    return _render_manage(request, _election(request, slug))


def _import(request, slug: str, service, done: str):
    election = _election(request, slug)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_manage(
            request, election, errors=[_("Choose a CSV file.")], status=400
        )
    try:
        saved = service(
            by=request.user, election=election, data=form.cleaned_data["file"].read()
        )
    except ImportRejected as exc:
        return _render_manage(request, election, errors=exc.errors, status=400)
    messages.success(request, done % {"count": len(saved)})
    return redirect("elections:manage", slug=election.slug)


@login_required
@require_POST
def parties_import(request, slug: str):
    return _import(
        request, slug, services.import_parties, _("Parties imported: %(count)d.")
    )


@login_required
@require_POST
def candidates_import(request, slug: str):
    return _import(
        request,
        slug,
        services.import_candidates,
        _("Candidates imported: %(count)d."),
    )


def _campaign(request, slug: str) -> PledgeCampaign:
    require(can_manage_elections(request.user))
    return get_for(
        request.user,
        PledgeCampaign.objects.select_related("election"),
        slug=slug[:100],
    )


@login_required
@require_POST
def links_send(request, slug: str):
    campaign = _campaign(request, slug)
    try:
        links = services.send_links(by=request.user, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Links sent: %(count)d.") % {"count": len(links)})
    return redirect("elections:manage", slug=campaign.election.slug)


@login_required
@require_POST
def link_revoke(request, slug: str, pk: str):
    campaign = _campaign(request, slug)
    link = get_for(request.user, campaign.links.all(), pk=pk)
    services.revoke_link(by=request.user, link=link)
    messages.success(request, _("The link is revoked: it no longer opens anything."))
    return redirect("elections:manage", slug=campaign.election.slug)


@login_required
@require_POST
def result_record(request, slug: str):
    election = _election(request, slug)
    form = ResultForm(request.POST, election=election)
    if form.is_valid():
        try:
            created = services.record_result(
                by=request.user, election=election, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Result recorded; new commitments on the barometer: %(count)d.")
                % {"count": len(created)},
            )
            return redirect("elections:manage", slug=election.slug)
    return _render_manage(request, election, result_form=form, status=400)
