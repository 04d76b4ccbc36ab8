from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core import identity
from plaidoyer.core import share as sharing
from plaidoyer.core.access import found, get_for, require
from plaidoyer.core.approval import Approval
from plaidoyer.core.csvutils import csv_response
from plaidoyer.core.forms import add_service_errors
from plaidoyer.core.links import button_page, invalid_link
from plaidoyer.core.net import client_ip
from plaidoyer.core.pagecache import cache_public_page
from plaidoyer.core.ratelimit import RateLimited
from plaidoyer.core.versions import Version

from . import selectors, services
from .forms import (
    CO_ORGANISER_PICKER,
    MAX_ORGANISER_QUERY,
    ORGANISATION_PICKER,
    PICKERS,
    AgendaFilterForm,
    CheckInSearchForm,
    CopyForm,
    EvaluationForm,
    EvaluationQuestionForm,
    EventForm,
    EventSettingsForm,
    ManualRegistrationForm,
    MessageForm,
    RefusalForm,
    RegistrationForm,
    SessionFormSet,
    chosen_ids,
    organiser_matches,
    session_initial,
)
from .ical import calendar
from .models import Certificate, Event, Question, Registration
from .permissions import can_create_events, can_manage_event


@cache_public_page(Version.EVENTS, ttl=30, params=(selectors.AgendaFilters, "page"))
def agenda(request):
    form = AgendaFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(selectors.agenda_cards(selectors.events(filters)), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request, "events/agenda.html", {"form": form, "filters": filters, "page": page}
    )


def agenda_ics(request):
    filters = AgendaFilterForm(request.GET).filters()
    events = selectors.agenda_items(selectors.events(filters))[:500]
    response = HttpResponse(
        calendar(events, name=identity.get().name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    return response


@cache_public_page(Version.EVENTS, ttl=5)
def event_detail(request, slug: str):
    """The event page. Seats left may be five seconds stale; the form is not here:
    it carries a CSRF token and loads from ``register`` (inline with htmx)."""
    event = found(selectors.get_event, slug)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "can_manage": can_manage_event(request.user, event),
            "problem": services.registration_problem(event, timezone.now()),
        },
    )


def _render_registration(request, event, form, status=200):
    problem = services.registration_problem(event, timezone.now())
    full = event.capacity is not None and event.seats_left == 0
    template = "events/_registration.html" if request.htmx else "events/register.html"
    return render(
        request,
        template,
        {
            "event": event,
            "form": form,
            "problem": problem,
            "full": full,
        },
        status=status,
    )


def event_ics(request, slug: str):
    event = found(selectors.get_event, slug)
    response = HttpResponse(
        calendar([event], name=event.title), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def register(request, slug: str):
    event = found(
        selectors.get_event_for_registration, slug, cached=request.method == "POST"
    )
    if request.method == "GET":
        return _render_registration(request, event, RegistrationForm(event=event))
    form = RegistrationForm(request.POST, event=event)
    if not form.is_valid():
        return _render_registration(request, event, form, status=400)
    if form.cleaned_data.get("website"):  # honeypot: pretend, write nothing
        return _render_registered(request, event)
    try:
        services.register_participant(
            event=event,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            organisation_name=form.cleaned_data["organisation_name"],
            accessibility_needs=form.cleaned_data["accessibility_needs"],
            answers=form.answers(),
            language=get_language(),
            ip=client_ip(request),
            news_opt_in=form.cleaned_data["news_opt_in"],
        )
    except RateLimited:
        form.add_error(
            None, _("Too many requests from your connection. Please try again later.")
        )
        return _render_registration(request, event, form, status=429)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _render_registration(request, event, form, status=400)
    return _render_registered(request, event)


def _render_registered(request, event):
    """The same answer whether the address was new or known, seated or waiting:
    nothing tells a stranger whether someone registered; the email says the rest.
    htmx swaps the thank-you into the event page: the fragment alone."""
    template = "events/_registered.html" if request.htmx else "events/registered.html"
    return render(request, template, {"event": event, "share": _share(event)})


def _share(event):
    return sharing.share(
        event.get_absolute_url(),
        _("Join me at “%(title)s”:") % {"title": event.title},
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """The link of the confirmation email: only the button's POST confirms."""
    if request.method == "GET":
        registration = (
            Registration.objects.select_related("event")
            .filter(token=token[:64])
            .first()
        )
        if registration is None:
            return invalid_link(request)
        return button_page(
            request,
            heading=_("Confirm your registration"),
            text=_("Press the button to confirm your registration for “%(title)s”.")
            % {"title": registration.event.title},
            button=_("Confirm my registration"),
        )
    registration, outcome = services.confirm_registration(token=token[:64])
    if registration is None:
        return invalid_link(request)
    return render(
        request,
        "events/confirmed.html",
        {
            "registration": registration,
            "outcome": outcome,
            "share": _share(registration.event),
        },
    )


def registration_detail(request, token: str):
    registration = get_object_or_404(
        Registration.objects.select_related("event"), token=token[:64]
    )
    event = registration.event
    show_link = registration.status in (
        Registration.Status.CONFIRMED,
        Registration.Status.ATTENDED,
    ) and services.link_is_due(event)
    return render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": event,
            "show_link": show_link,
            "position": selectors.waitlist_position(registration),
            "certificate_ready": services.certificate_problem(registration) is None,
            "evaluation_open": services.evaluation_problem(registration) is None,
        },
    )


@require_POST
def registration_cancel(request, token: str):
    """The participant cancels from their personal page (the token is the key)."""
    registration = get_object_or_404(Registration, token=token[:64])
    services.cancel_registration(registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(registration.get_absolute_url())


# --- Organiser pages ------------------------------------------------------------------


def _managed(request, slug: str) -> Event:
    return get_for(request.user, Event, slug=slug, check=can_manage_event)


def _posted_registration(request, event: Event) -> Registration:
    return get_for(
        request.user,
        Registration.objects.filter(event=event),
        pk=request.POST.get("registration"),
    )


@login_required
def my_events(request):
    return render(
        request,
        "events/my_events.html",
        {"events": selectors.events_managed_by(request.user)},
    )


@login_required
def manage(request, slug: str):
    return _render_manage(request, _managed(request, slug))


def _render_manage(request, event: Event, **forms):
    """The organiser's page; ``forms`` replaces blank forms by bound ones."""
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "registrations": selectors.registrations_of(event),
            "questions": selectors.questions_of(event),
            "counts": selectors.counts(event),
            "add_form": ManualRegistrationForm(prefix="add"),
            "message_form": MessageForm(prefix="msg"),
            "settings_form": EventSettingsForm(
                prefix="set",
                initial={"capacity": event.capacity, "online_url": event.online_url},
            ),
            **forms,
        },
    )


@login_required
@require_POST
def registration_add(request, slug: str):
    event = _managed(request, slug)
    form = ManualRegistrationForm(request.POST, prefix="add")
    if form.is_valid():
        try:
            registration, created = services.register_participant(
                event=event, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("The person has been registered."))
            else:
                messages.error(
                    request,
                    _("%(email)s is already registered (%(status)s).")
                    % {
                        "email": registration.email,
                        "status": registration.get_status_display(),
                    },
                )
            return redirect("events:manage", slug=slug)
    return _render_manage(request, event, add_form=form)


@login_required
@require_POST
def registrants_message(request, slug: str):
    event = _managed(request, slug)
    form = MessageForm(request.POST, prefix="msg")
    if form.is_valid():
        try:
            services.message_registrants(
                by=request.user, event=event, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The message is being sent."))
            return redirect("events:manage", slug=slug)
    return _render_manage(request, event, message_form=form)


@login_required
@require_POST
def event_settings_update(request, slug: str):
    event = _managed(request, slug)
    form = EventSettingsForm(request.POST, prefix="set")
    if form.is_valid():
        try:
            services.update_event_settings(
                by=request.user,
                event=event,
                capacity=form.cleaned_data["capacity"],
                online_url=form.cleaned_data["online_url"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The event has been updated."))
            return redirect("events:manage", slug=slug)
    return _render_manage(request, event, settings_form=form)


def _manage_refused(request, slug: str, exc: ValidationError):
    messages.error(request, " ".join(exc.messages))
    return redirect("events:manage", slug=slug)


def _manage_done(request, slug: str, message: str, registration: Registration):
    messages.success(request, message % {"name": registration.name})
    return redirect("events:manage", slug=slug)


@login_required
@require_POST
def registration_promote(request, slug: str):
    registration = _posted_registration(request, _managed(request, slug))
    try:
        added = services.promote_registration(
            by=request.user, registration=registration
        )
    except ValidationError as exc:
        return _manage_refused(request, slug, exc)
    done = _("A seat was added for %(name)s.") if added else _("%(name)s has a seat.")
    return _manage_done(request, slug, done, registration)


@login_required
@require_POST
def registration_release(request, slug: str):
    registration = _posted_registration(request, _managed(request, slug))
    try:
        services.release_registration(by=request.user, registration=registration)
    except ValidationError as exc:
        return _manage_refused(request, slug, exc)
    return _manage_done(request, slug, _("%(name)s is let through."), registration)


@login_required
@require_POST
def registration_cancel_by_organiser(request, slug: str):
    registration = _posted_registration(request, _managed(request, slug))
    try:
        services.cancel_registration(
            by=request.user, registration=registration, reason="cancelled"
        )
    except ValidationError as exc:
        return _manage_refused(request, slug, exc)
    done = _("The registration of %(name)s is cancelled.")
    return _manage_done(request, slug, done, registration)


@login_required
@require_POST
def registration_check_in(request, slug: str):
    registration = _posted_registration(request, _managed(request, slug))
    try:
        services.check_in(by=request.user, registration=registration)
    except ValidationError as exc:
        return _manage_refused(request, slug, exc)
    return _manage_done(request, slug, _("%(name)s is checked in."), registration)


@login_required
def registrations_export(request, slug: str, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    event = _managed(request, slug)
    questions = selectors.questions_of(event)
    header = [
        _("Name"),
        _("Email"),
        _("Organisation"),
        _("Status"),
        _("Language"),
        _("Accessibility needs"),
        _("Registered at"),
        _("Checked in at"),
        *[q.label for q in questions],
    ]

    def rows():
        for r in selectors.registrations_of(event).iterator(chunk_size=1000):
            yield [
                r.name,
                r.email,
                r.organisation_name,
                r.get_status_display(),
                r.language,
                r.accessibility_needs,
                timezone.localtime(r.created_at).isoformat(timespec="seconds"),
                timezone.localtime(r.checked_in_at).isoformat(timespec="seconds")
                if r.checked_in_at
                else "",
                *[_answer(r.answers.get(str(q.pk))) for q in questions],
            ]

    if fmt == "xlsx":
        return _xlsx(f"{event.slug}-registrations.xlsx", header, rows())
    return csv_response(
        f"{event.slug}-registrations.csv", header, rows(), request=request
    )


def _answer(value) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value or ""


def _xlsx(filename: str, header: list, rows) -> HttpResponse:
    import io

    import openpyxl

    from plaidoyer.core.csvutils import safe_cell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def check_in_page(request, slug: str):
    """Phone-friendly check-in: search by name or open a scanned QR code."""
    event = _managed(request, slug)
    form = CheckInSearchForm(request.GET)
    form.is_valid()
    q = (form.cleaned_data.get("q") or "").strip()
    if request.method == "POST":
        registration = _posted_registration(request, event)
        try:
            services.check_in(by=request.user, registration=registration)
            messages.success(
                request, _("%(name)s is checked in.") % {"name": registration.name}
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{request.path}?{urlencode({'q': q})}")
    results = selectors.registrations_of(event, q=q)[:30] if q else []
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "form": form,
            "results": results,
            "counts": selectors.counts(event),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in_token(request, slug: str, token: str):
    """Where the QR code of a confirmation email leads (organisers only)."""
    event = _managed(request, slug)
    registration = get_object_or_404(Registration, event=event, token=token[:64])
    if request.method == "POST":
        try:
            services.check_in(by=request.user, registration=registration)
            messages.success(
                request, _("%(name)s is checked in.") % {"name": registration.name}
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("events:check_in", slug=slug)
    return render(
        request,
        "events/check_in_token.html",
        {"event": event, "registration": registration},
    )


@login_required
def attendance(request, slug: str):
    event = _managed(request, slug)
    counts = selectors.counts(event)
    seated = sum(counts.get(s, 0) for s in ("confirmed", "attended"))
    return render(
        request,
        "events/attendance.html",
        {
            "event": event,
            "counts": counts,
            "seated": seated,
            "rate": round(100 * counts.get("attended", 0) / seated) if seated else 0,
            "attendees": selectors.registrations_of(event).filter(status="attended"),
        },
    )


# --- After the event: certificates and the evaluation -------------------------------


def _registration(token: str) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("event"),
        token=token[:64],
        anonymised_at__isnull=True,
    )


def certificate_download(request, token: str):
    """The attendee's certificate, from their personal page (the token is the key)."""
    from .pdf import certificate_pdf

    registration = _registration(token)
    try:
        certificate = services.issue_certificate(registration=registration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(registration.get_absolute_url())
    response = HttpResponse(
        certificate_pdf(certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="{registration.event.slug}-certificate.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def certificate_request(request, token: str):
    registration = _registration(token)
    try:
        services.request_certificate(registration=registration)
        messages.success(request, _("Your certificate is on its way by email."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(registration.get_absolute_url())


def certificate_verify(request, code: str):
    """Anyone holding a certificate's code sees what it states, or that no
    certificate has that code (a forged or expired one)."""
    certificate = (
        Certificate.objects.select_related("registration__event")
        .prefetch_related("registration__event__organisers")
        .filter(code=code[:32])
        .first()
    )
    return render(
        request,
        "events/certificate_verify.html",
        {"certificate": certificate},
        status=200 if certificate else 404,
    )


@require_http_methods(["GET", "POST"])
def evaluation(request, token: str):
    registration = _registration(token)
    event = registration.event
    problem = services.evaluation_problem(registration)
    questions = selectors.questions_of(event, Question.Purpose.EVALUATION)
    form = EvaluationForm(
        request.POST if request.method == "POST" else None, questions=questions
    )
    if request.method == "POST" and not problem and form.is_valid():
        try:
            services.submit_evaluation(
                registration=registration, answers=form.answers()
            )
            return render(request, "events/evaluation_thanks.html", {"event": event})
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(
        request,
        "events/evaluation.html",
        {"event": event, "form": form, "problem": problem},
        status=400 if form.errors else 200,
    )


@login_required
def after_event(request, slug: str, question_form=None):
    event = _managed(request, slug)
    responses, results = selectors.evaluation_results(event)
    return render(
        request,
        "events/after_event.html",
        {
            "event": event,
            "counts": selectors.after_event_counts(event),
            "responses": responses,
            "results": results,
            "question_form": question_form or EvaluationQuestionForm(prefix="q"),
        },
        status=400 if question_form is not None else 200,
    )


def _after_done(request, slug: str, write, success: str):
    """Run an organiser's write on the after-event page; its refusal as a message."""
    event = _managed(request, slug)
    try:
        result = write(event)
        messages.success(request, success % {"count": result or 0})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("events:after", slug=slug)


@login_required
@require_POST
def certificates_send(request, slug: str):
    return _after_done(
        request,
        slug,
        lambda event: services.send_certificates(by=request.user, event=event),
        _("Certificates are on their way to %(count)d attendees."),
    )


@login_required
@require_POST
def evaluation_send(request, slug: str):
    return _after_done(
        request,
        slug,
        lambda event: services.send_evaluation(by=request.user, event=event),
        _("The evaluation is on its way to %(count)d attendees."),
    )


@login_required
@require_POST
def evaluation_standard(request, slug: str):
    return _after_done(
        request,
        slug,
        lambda event: len(
            services.add_standard_evaluation(by=request.user, event=event)
        ),
        _("%(count)d questions added."),
    )


@login_required
@require_POST
def evaluation_question_add(request, slug: str):
    event = _managed(request, slug)
    form = EvaluationQuestionForm(request.POST, prefix="q")
    if form.is_valid():
        try:
            services.add_evaluation_question(
                by=request.user, event=event, **form.cleaned_data
            )
            messages.success(request, _("The question is added."))
            return redirect("events:after", slug=slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return after_event(request, slug, question_form=form)


@login_required
@require_POST
def evaluation_question_remove(request, slug: str):
    event = _managed(request, slug)
    question = get_for(
        request.user,
        Question.objects.filter(event=event, purpose=Question.Purpose.EVALUATION),
        pk=request.POST.get("question"),
    )
    try:
        services.remove_evaluation_question(by=request.user, question=question)
        messages.success(request, _("The question is removed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("events:after", slug=slug)


@login_required
def evaluation_export(request, slug: str, fmt: str):
    """The evaluation's results per question: one row per choice, rating or text."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    event = _managed(request, slug)
    responses, results = selectors.evaluation_results(event)
    header = [_("Question"), _("Answer"), _("Count"), _("Percentage"), _("Average")]

    def rows():
        for r in results:
            for choice, count, share in r.choices or []:
                yield [r.question.label, choice, count, share, r.average or ""]
            for text in r.texts or []:
                yield [r.question.label, text, "", "", ""]

    name = f"{event.slug}-evaluation.{fmt}"
    if fmt == "xlsx":
        return _xlsx(name, header, rows())
    return csv_response(name, header, rows())


# --- Writing events: organisers propose, coordinators approve ----------------------------


def _render_event_form(request, event: Event, form, sessions, status: int = 200):
    return render(
        request,
        "events/event_form.html",
        {"event": event, "form": form, "sessions": sessions},
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def organiser_search(request):
    """A picker's matches (htmx, from the event form): boxes to tick for the
    co-organisers, radio buttons for the organisation (coordinators only; staff
    choose among their own); the organisations already chosen are left out."""
    require(can_create_events(request.user))
    picker = next(
        (p for name, p in PICKERS.items() if name in request.GET), CO_ORGANISER_PICKER
    )
    if picker is ORGANISATION_PICKER:
        require(is_coordinator(request.user))
    query = request.GET.get(picker.query, "")[:MAX_ORGANISER_QUERY]
    chosen = chosen_ids(request.GET.getlist(picker.field))
    return render(
        request,
        "events/_organiser_matches.html",
        {
            "organisations": organiser_matches(query, exclude=chosen),
            "searched": bool(query.strip()),
            "name": picker.field,
            "input_type": picker.input_type,
        },
    )


@login_required
def event_new(request):
    require(can_create_events(request.user))
    event = Event()
    return _render_event_form(
        request,
        event,
        EventForm(instance=event, user=request.user),
        SessionFormSet(prefix="sessions"),
    )


@login_required
def event_edit(request, slug: str):
    event = _managed(request, slug)
    return _render_event_form(
        request,
        event,
        EventForm(instance=event, user=request.user),
        SessionFormSet(prefix="sessions", initial=session_initial(event)),
    )


def _save_event_form(request, event: Event):
    form = EventForm(request.POST, instance=event, user=request.user)
    sessions = SessionFormSet(request.POST, prefix="sessions")
    if form.is_valid() and sessions.is_valid():
        try:
            event = services.save_event(
                by=request.user,
                event=form.instance,
                organisers=form.organisers(),
                themes=form.cleaned_data["themes"],
                languages=form.cleaned_data["languages"],
                sessions=sessions.sessions(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if event.approval == Approval.PENDING:
                messages.success(
                    request,
                    _(
                        "The event is saved. It will be on the agenda once a "
                        "coordinator approves it."
                    ),
                )
            else:
                messages.success(request, _("The event is saved."))
            return redirect("events:edit", slug=event.slug)
    return _render_event_form(request, event, form, sessions, status=400)


@login_required
@require_POST
def event_create(request):
    require(can_create_events(request.user))
    return _save_event_form(request, Event())


@login_required
@require_POST
def event_update(request, slug: str):
    return _save_event_form(request, _managed(request, slug))


@login_required
def event_copy_form(request, slug: str):
    event = _managed(request, slug)
    return render(
        request, "events/event_copy.html", {"event": event, "form": CopyForm()}
    )


@login_required
@require_POST
def event_copy(request, slug: str):
    event = _managed(request, slug)
    form = CopyForm(request.POST)
    if form.is_valid():
        try:
            copy = services.copy_event(
                by=request.user, event=event, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The copy is saved as a draft: check it."))
            return redirect("events:edit", slug=copy.slug)
    return render(
        request, "events/event_copy.html", {"event": event, "form": form}, status=400
    )


def _back(request, default: str):
    """Where the review forms came from (the proposals list), if it is ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


@login_required
@require_POST
def event_approve(request, slug: str):
    require(is_coordinator(request.user))
    event = get_for(request.user, Event, slug=slug)
    try:
        services.approve_event(by=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("“%(title)s” is approved and public.") % {"title": event.title}
        )
    return _back(request, event.get_absolute_url())


@login_required
@require_POST
def event_refuse(request, slug: str):
    require(is_coordinator(request.user))
    event = get_for(request.user, Event, slug=slug)
    form = RefusalForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Not refused: %(errors)s")
            % {"errors": " ".join(e for errs in form.errors.values() for e in errs)},
        )
        return _back(request, reverse("events:edit", kwargs={"slug": slug}))
    try:
        services.refuse_event(
            by=request.user, event=event, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("“%(title)s” is refused; the proposer is told why.")
            % {"title": event.title},
        )
    return _back(request, reverse("events:edit", kwargs={"slug": slug}))
