from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from plaidoyer.core.access import found, get_for, require
from plaidoyer.core.csvutils import csv_response
from plaidoyer.core.forms import add_service_errors
from plaidoyer.core.pagecache import cache_public_page
from plaidoyer.core.versions import Version
from plaidoyer.events.permissions import can_manage_event

from . import selectors, services
from .forms import (
    AdoptForm,
    AmendForm,
    CloseMeetingForm,
    CommentForm,
    DraftForm,
    EndorseForm,
    HideForm,
)
from .models import Comment, Draft, Meeting, Process
from .permissions import can_steer, participating_organisations, process_audience


@cache_public_page(Version.PROCESSES)
def process_list(request):
    return render(
        request, "processes/process_list.html", {"processes": selectors.processes()}
    )


DRAFTS_PER_PAGE = 50
# The process page lists its first members (organisers and steering committee
# first) and links to the whole list, paged.
MEMBERS_SHOWN = 40
MEMBERS_PER_PAGE = 100
COMMENTS_PER_PAGE = 50


@cache_public_page(Version.PROCESSES, Version.BAROMETER, params=("page",))
def process_detail(request, slug: str):
    process = found(selectors.get_process, slug)
    drafts = selectors.draft_table(
        process, audience=process_audience(request.user, process)
    )
    page = Paginator(drafts, DRAFTS_PER_PAGE).get_page(request.GET.get("page"))
    members = selectors.process_members(process)
    return render(
        request,
        "processes/process_detail.html",
        {
            "process": process,
            "members": selectors.member_rows(members[:MEMBERS_SHOWN]),
            "meetings": selectors.meeting_rows(process),
            "member_count": members.count(),
            "drafts": selectors.draft_rows(process, page.object_list),
            "page": page,
            "adopted": selectors.adopted_drafts(drafts),
            "current_phase": process.current_phase(),
            "consultation_open": services.consultation_open(process),
            "can_steer": (steer := can_steer(request.user, process)),
            "draft_form": DraftForm() if steer else None,
        },
    )


@cache_public_page(Version.PROCESSES, params=("page",))
@require_safe
def process_members(request, slug: str):
    process = found(selectors.get_process_summary, slug)
    page = Paginator(selectors.process_members(process), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.member_rows(page.object_list)
    return render(
        request, "processes/process_members.html", {"process": process, "page": page}
    )


@login_required
@require_POST
def draft_create(request, slug: str):
    process = found(selectors.get_process_summary, slug)
    form = DraftForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(e for errs in form.errors.values() for e in errs)
        )
        return redirect(process.get_absolute_url())
    try:
        draft = services.propose_draft(
            by=request.user, process=process, **form.cleaned_data
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(process.get_absolute_url())
    return redirect(draft.get_absolute_url())


def _draft_context(request, process, draft, **forms):
    organisations = participating_organisations(request.user, process)
    versions = list(draft.versions.all())
    diff = (
        selectors.version_diff(versions[1], versions[0]) if len(versions) > 1 else None
    )
    steer = can_steer(request.user, process)
    return {
        "process": process,
        "draft": draft,
        "versions": versions,
        "diff": diff,
        "consultation_open": services.consultation_open(process),
        "organisations": organisations,
        "can_steer": steer,
        "comment_form": forms.get("comment_form")
        or CommentForm(organisations=organisations, prefix="comment"),
        "endorse_form": forms.get("endorse_form")
        or EndorseForm(organisations=organisations, prefix="endorse"),
        "amend_form": forms.get("amend_form")
        or (
            AmendForm(initial={"title": draft.title_fr, "text": draft.text_fr})
            if steer
            else None
        ),
        "adopt_form": AdoptForm() if steer else None,
        "hide_form": HideForm() if steer else None,
        "endorsed_by": {e.organisation_id for e in draft.endorsements.all()},
        "page": Paginator(selectors.draft_comments(draft), COMMENTS_PER_PAGE).get_page(
            request.GET.get("page")
        ),
    }


@cache_public_page(Version.PROCESSES, params=("page",))
@require_safe
def draft_detail(request, slug: str, pk: int):
    process = found(selectors.get_process_summary, slug)
    draft = found(
        selectors.get_draft,
        process,
        pk,
        audience=process_audience(request.user, process),
    )
    return render(
        request, "processes/draft_detail.html", _draft_context(request, process, draft)
    )


def _posted_draft(request, slug: str, pk: int) -> tuple[Process, Draft]:
    process = found(selectors.get_process_summary, slug)
    return process, found(
        selectors.get_draft,
        process,
        pk,
        audience=process_audience(request.user, process),
    )


def _draft_done(request, draft: Draft, message: str, comment: Comment | None = None):
    """Back to the draft's page; to ``comment`` on its page of comments, if given."""
    messages.success(request, message)
    if comment is None:
        return redirect(draft.get_absolute_url())
    number = -(-selectors.comment_position(comment) // COMMENTS_PER_PAGE)
    query = f"?page={number}" if number > 1 else ""
    return redirect(f"{draft.get_absolute_url()}{query}#comment-{comment.pk}")


def _draft_refused(request, process, draft, exc=None, **forms):
    """The draft's page again, with the posted form's errors: 400."""
    if exc is not None:
        messages.error(request, " ".join(exc.messages))
    # What the service may have changed.
    draft = selectors.get_draft(
        process, draft.pk, audience=process_audience(request.user, process)
    )
    return render(
        request,
        "processes/draft_detail.html",
        _draft_context(request, process, draft, **forms),
        status=400,
    )


@login_required
@require_POST
def draft_comment(request, slug: str, pk: int):
    process, draft = _posted_draft(request, slug, pk)
    organisations = participating_organisations(request.user, process)
    form = CommentForm(request.POST, organisations=organisations, prefix="comment")
    if not form.is_valid():
        return _draft_refused(request, process, draft, comment_form=form)
    try:
        new = services.comment(by=request.user, draft=draft, **form.cleaned_data)
    except ValidationError as exc:
        return _draft_refused(request, process, draft, exc, comment_form=form)
    return _draft_done(request, draft, _("Your comment is published."), new)


@login_required
@require_POST
def draft_endorse(request, slug: str, pk: int):
    process, draft = _posted_draft(request, slug, pk)
    organisations = participating_organisations(request.user, process)
    form = EndorseForm(request.POST, organisations=organisations, prefix="endorse")
    if not form.is_valid():
        return _draft_refused(request, process, draft, endorse_form=form)
    try:
        services.endorse(by=request.user, draft=draft, **form.cleaned_data)
    except ValidationError as exc:
        return _draft_refused(request, process, draft, exc, endorse_form=form)
    return _draft_done(request, draft, _("Your organisation endorses this draft."))


@login_required
@require_POST
def draft_amend(request, slug: str, pk: int):
    process, draft = _posted_draft(request, slug, pk)
    form = AmendForm(request.POST)
    if not form.is_valid():
        return _draft_refused(request, process, draft, amend_form=form)
    try:
        services.amend_draft(by=request.user, draft=draft, **form.cleaned_data)
    except ValidationError as exc:
        return _draft_refused(request, process, draft, exc, amend_form=form)
    return _draft_done(request, draft, _("A new version of the draft is published."))


@login_required
@require_POST
def draft_adopt(request, slug: str, pk: int):
    process, draft = _posted_draft(request, slug, pk)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        return _draft_refused(request, process, draft)
    try:
        recommendation = services.adopt_draft(
            by=request.user, draft=draft, **form.cleaned_data
        )
    except ValidationError as exc:
        return _draft_refused(request, process, draft, exc)
    done = _("Adopted as %(code)s.") % {"code": recommendation.code}
    return _draft_done(request, draft, done)


@login_required
@require_POST
def comment_hide(request, slug: str, pk: int):
    process, draft = _posted_draft(request, slug, pk)
    require(can_steer(request.user, process))
    comment = get_for(
        request.user,
        Comment.objects.filter(draft=draft),
        pk=request.POST.get("comment"),
    )
    form = HideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the comment is hidden."))
        return _draft_refused(request, process, draft)
    try:
        services.hide_comment(by=request.user, comment=comment, **form.cleaned_data)
    except ValidationError as exc:
        return _draft_refused(request, process, draft, exc)
    return _draft_done(request, draft, _("The comment is hidden."), comment)


@cache_public_page(Version.PROCESSES)
def meeting_detail(request, slug: str, pk: int):
    process = found(selectors.get_process_summary, slug)
    meeting = found(
        selectors.get_meeting,
        process,
        pk,
        audience=process_audience(request.user, process),
    )
    can_close = (
        request.user.is_authenticated
        and meeting.event.has_started  # a report comes after the meeting
        and (
            can_manage_event(request.user, meeting.event)
            or can_steer(request.user, process)
        )
    )
    return render(
        request,
        "processes/meeting_detail.html",
        {"process": process, "meeting": meeting, "can_close": can_close},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_close(request, slug: str, pk: int):
    process = found(selectors.get_process_summary, slug)
    meeting = get_for(
        request.user,
        Meeting.objects.filter(process=process).select_related("event"),
        pk=pk,
        check=lambda user, meeting: (
            can_manage_event(user, meeting.event) or can_steer(user, process)
        ),
    )
    initial = {
        f"minutes_{c}": getattr(meeting, f"minutes_{c}") or ""
        for c, _n in settings.LANGUAGES
    }
    initial.update(
        attendance_count=meeting.attendance_count,
        attending_organisations=list(meeting.attending_organisations.all()),
        minutes_visibility=meeting.minutes_visibility,
    )
    form = CloseMeetingForm(
        request.POST or None, request.FILES or None, process=process, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.close_meeting(
                by=request.user,
                meeting=meeting,
                minutes={c: data[f"minutes_{c}"] for c, _n in settings.LANGUAGES},
                attendance_count=data["attendance_count"],
                attending_organisations=data["attending_organisations"],
                documents=data["documents"],
                minutes_visibility=data["minutes_visibility"],
                documents_visibility=data["documents_visibility"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting's report is published."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "processes/meeting_close.html",
        {"process": process, "meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


def meeting_document(request, slug: str, pk: int, document: int):
    """A meeting's document, to those who may see it (404 to others)."""
    process = found(selectors.get_process_summary, slug)
    doc = found(
        selectors.get_meeting_document,
        process,
        pk,
        document,
        audience=process_audience(request.user, process),
    )
    return FileResponse(doc.file.open("rb"), filename=doc.file.name.rsplit("/", 1)[-1])


def drafts_csv(request, slug: str):
    process = found(selectors.get_process_summary, slug)
    header = [
        _("Id"),
        _("Area"),
        _("Title"),
        _("Status"),
        _("Version"),
        _("Endorsements"),
        _("Comments"),
        _("Meeting"),
        _("Adopted as"),
    ]
    return csv_response(
        f"{process.slug}-drafts.csv",
        header,
        (
            [
                d.pk,
                d.sector.name,
                d.title,
                d.get_status_display(),
                d.version,
                d.endorsement_count,
                d.comment_count,
                d.meeting.event.title if d.meeting else "",
                d.adopted_as.code if d.adopted_as else "",
            ]
            for d in selectors.drafts_of(
                process, audience=process_audience(request.user, process)
            )
        ),
        request=request,
    )
