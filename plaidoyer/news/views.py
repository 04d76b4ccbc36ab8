from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from plaidoyer.core import search as site_search
from plaidoyer.core import suppressions
from plaidoyer.core.access import found, get_for, require
from plaidoyer.core.charts import stacked_bars
from plaidoyer.core.forms import add_service_errors
from plaidoyer.core.links import button_page, invalid_link
from plaidoyer.core.net import client_ip
from plaidoyer.core.pagecache import cache_public_page
from plaidoyer.core.ratelimit import RateLimited, SuspectedBot
from plaidoyer.core.versions import Version
from plaidoyer.organisations.models import Organisation, Theme
from plaidoyer.organisations.permissions import audience

from . import segments, selectors, services, tasks
from .forms import (
    ArticleFilterForm,
    ContactForm,
    NewsletterForm,
    ResourceFilterForm,
    ScheduleForm,
    SearchForm,
    SubscribeForm,
)
from .models import Newsletter
from .permissions import can_publish


@cache_public_page(
    Version.SITE, Version.BAROMETER, Version.EVENTS, Version.ORGANISATIONS, ttl=60
)
def home(request):
    data = selectors.home()
    barometer = data["barometer"]
    from plaidoyer.commitments.views import _series

    return render(
        request,
        "news/home.html",
        {
            **data,
            "barometer_chart": stacked_bars(
                [(_("Recommendations"), barometer["overall"])],
                _series(),
                title=_("Recommendations by status"),
            ),
            "series": _series(),
            "map_url": "/" + get_language() + "/organisations/map.json",
        },
    )


@cache_public_page(Version.SITE, params=(selectors.ArticleFilters, "page"))
def article_list(request):
    form = ArticleFilterForm(request.GET, years=selectors.years_with_articles())
    filters = form.filters()
    page = Paginator(selectors.articles(filters), 12).get_page(request.GET.get("page"))
    return render(
        request,
        "news/article_list.html",
        {"form": form, "filters": filters, "page": page},
    )


@cache_public_page(Version.SITE)
def article_detail(request, slug: str):
    article = found(selectors.get_article, slug)
    return render(
        request,
        "news/article_detail.html",
        {"article": article, "related": selectors.related_articles(article)},
    )


@cache_public_page(Version.SITE, params=(selectors.ResourceFilters, "page"))
def resource_list(request):
    years = selectors.resource_years(audience(request.user))
    form = ResourceFilterForm(request.GET, years=years)
    filters = form.filters()
    rows = selectors.resources(filters, audience=audience(request.user))
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "news/resource_list.html",
        {"form": form, "filters": filters, "page": page},
    )


@cache_public_page(Version.SITE)
def resource_detail(request, slug: str):
    resource = get_object_or_404(
        selectors.visible_resources(audience(request.user)).prefetch_related("themes"),
        slug=slug,
    )
    return render(request, "news/resource_detail.html", {"resource": resource})


def resource_download(request, slug: str):
    resource = get_object_or_404(
        selectors.visible_resources(audience(request.user)), slug=slug
    )
    services.count_download(resource)
    if resource.file:
        return FileResponse(
            resource.file.open("rb"),
            as_attachment=False,
            filename=resource.file.name.rsplit("/", 1)[-1],
        )
    if resource.url:
        return HttpResponseRedirect(resource.url)
    raise Http404


@cache_public_page(Version.SITE, ttl=60)
def figures(request):
    items = selectors.figures()
    series_charts = []
    by_series: dict[str, list] = {}
    for figure in items:
        if figure.series:
            by_series.setdefault(figure.series, []).append(figure)
    for name, rows in by_series.items():
        top = max(float(f.value) for f in rows) or 1
        series_charts.append((name, rows, top))
    return render(
        request,
        "news/figures.html",
        {
            "figures": items,
            "series_charts": series_charts,
            "live": selectors.live_figures(),
        },
    )


@cache_public_page(Version.SITE)
def page_detail(request, slug: str):
    page = found(selectors.get_page, slug)
    return render(request, "news/page.html", {"page": page})


@cache_public_page(
    Version.SITE, Version.BAROMETER, Version.EVENTS, Version.ORGANISATIONS, ttl=60
)
def theme_detail(request, slug: str):
    theme = get_object_or_404(Theme, slug=slug)
    return render(
        request, "news/theme.html", {"theme": theme, **selectors.theme_page(theme)}
    )


@cache_public_page(Version.SITE)
def theme_list(request):
    return render(request, "news/theme_list.html", {"themes": Theme.objects.all()})


@cache_public_page(
    Version.SITE,
    Version.BAROMETER,
    Version.EVENTS,
    Version.ORGANISATIONS,
    Version.PROCESSES,
    ttl=60,
    params=("q",),
)
def search(request):
    form = SearchForm(request.GET)
    form.is_valid()
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    groups = site_search.run(query)
    return render(
        request,
        "news/search.html",
        {
            "form": form,
            "query": query,
            "groups": groups,
            "total": sum(group.total for group in groups),
        },
    )


@require_http_methods(["GET", "POST"])
def contact(request, slug: str | None = None):
    organisation = None
    if slug:
        organisation = get_object_or_404(Organisation, slug=slug, is_published=True)
        if not organisation.email:
            raise Http404
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.send_contact_message(
                    organisation=organisation,
                    ip=client_ip(request),
                    language=get_language(),
                    honeypot=form.cleaned_data["website"],
                    seconds_on_form=form.seconds_on_form(),
                    **{
                        k: form.cleaned_data[k]
                        for k in ("name", "email", "subject", "message")
                    },
                )
            except SuspectedBot:
                pass  # answered like a success, nothing sent
            except RateLimited:
                form.add_error(
                    None,
                    _(
                        "Too many messages from your connection. Please try "
                        "again in a few minutes."
                    ),
                )
                status = 429
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            if status == 200:
                return render(
                    request, "news/contact_sent.html", {"organisation": organisation}
                )
        else:
            status = 400
    return render(
        request,
        "news/contact.html",
        {"form": form, "organisation": organisation},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.subscribe(
                email=form.cleaned_data["email"],
                language=get_language(),
                themes=form.cleaned_data["themes"],
                ip=client_ip(request),
            )
        except RateLimited:
            form.add_error(
                None,
                _("Too many requests from your connection. Please try again later."),
            )
            return render(request, "news/subscribe.html", {"form": form}, status=429)
        except ValidationError as exc:
            form.add_error("email", exc.messages)
        else:
            return render(request, "news/subscribe_sent.html")
    return render(
        request,
        "news/subscribe.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def subscription_confirm(request, token: str):
    """The link of the confirmation email: only the button's POST confirms."""
    if request.method == "GET":
        if not selectors.is_subscriber_token(token[:64]):
            return invalid_link(request)
        return button_page(
            request,
            heading=_("Confirm your subscription"),
            text=_("Press the button to confirm your subscription to the newsletter."),
            button=_("Confirm my subscription"),
        )
    subscriber = services.confirm_subscription(token=token[:64])
    if subscriber is None:
        return invalid_link(request)
    return render(request, "news/subscription_confirmed.html")


@csrf_exempt  # mail clients' one-click POST carries the secret token, not a CSRF cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """The newsletter's unsubscribe link: GET shows a button, whose POST (with its
    CSRF token) unsubscribes; so does a mail client's RFC 8058 one-click POST
    (body ``List-Unsubscribe=One-Click``), which carries the secret token only."""
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
        services.unsubscribe(token=token[:64])
        return HttpResponse("")
    return _unsubscribe_page(request, token)


@csrf_protect
def _unsubscribe_page(request, token: str):
    if request.method == "POST":
        services.unsubscribe(token=token[:64])
        return render(request, "news/unsubscribed.html")
    if not selectors.is_subscriber_token(token[:64]):
        return invalid_link(request)
    return button_page(
        request,
        heading=_("Unsubscribe"),
        text=_(
            "Press the button to stop receiving the newsletter. Your address will "
            "be erased."
        ),
        button=_("Unsubscribe"),
    )


# --- Newsletters, for coordinators ---------------------------------------------------


@login_required
def newsletter_list(request):
    require(can_publish(request.user))
    page = Paginator(selectors.newsletters(), 30).get_page(request.GET.get("page"))
    return render(request, "news/newsletters/list.html", {"page": page})


def _newsletter_form(request, form, newsletter=None, status=200):
    return render(
        request,
        "news/newsletters/form.html",
        {"form": form, "newsletter": newsletter},
        status=status,
    )


def _save_newsletter(request, form, newsletter=None):
    if form.is_valid():
        draft = form.save(commit=False)
        draft.languages = form.cleaned_data["languages"]
        try:
            draft = services.save_newsletter(
                by=request.user,
                newsletter=draft,
                themes=form.cleaned_data["themes"],
                articles=form.cleaned_data["articles"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("news:newsletter", pk=draft.pk)
    return _newsletter_form(request, form, newsletter, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def newsletter_create(request):
    require(can_publish(request.user))
    if request.method == "POST":
        return _save_newsletter(request, NewsletterForm(request.POST))
    return _newsletter_form(request, NewsletterForm())


def _newsletter(request, pk) -> Newsletter:
    require(can_publish(request.user))
    return get_for(request.user, Newsletter, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def newsletter_edit(request, pk: int):
    newsletter = _newsletter(request, pk)
    if not newsletter.is_draft:
        return redirect("news:newsletter", pk=newsletter.pk)
    initial = {"languages": newsletter.languages}
    if request.method == "POST":
        form = NewsletterForm(request.POST, instance=newsletter, initial=initial)
        return _save_newsletter(request, form, newsletter)
    form = NewsletterForm(instance=newsletter, initial=initial)
    return _newsletter_form(request, form, newsletter)


@login_required
def newsletter_detail(request, pk: int):
    """The newsletter as each language receives it, with the real counts."""
    newsletter = _newsletter(request, pk)
    languages = [code for code, _name in settings.LANGUAGES]
    language = request.GET.get("lang", "")
    language = language if language in languages else languages[0]
    subject, body, _html = tasks.preview(newsletter, language)
    counts = segments.counts_by_language(newsletter) if newsletter.is_draft else {}
    return render(
        request,
        "news/newsletters/detail.html",
        {
            "newsletter": newsletter,
            "languages": [(code, counts.get(code, 0)) for code in languages],
            "language": language,
            "total": sum(counts.values()),
            "subject": subject,
            "body": body,
            "deliveries": selectors.delivery_counts(newsletter),
            "schedule_form": ScheduleForm(),
        },
    )


def _done(request, newsletter, message):
    messages.success(request, message)
    return redirect("news:newsletter", pk=newsletter.pk)


def _refused(request, newsletter, exc):
    messages.error(request, " ".join(exc.messages))
    return redirect("news:newsletter", pk=newsletter.pk)


@login_required
@require_POST
def newsletter_test(request, pk: int):
    newsletter = _newsletter(request, pk)
    services.send_newsletter(
        by=request.user, newsletter=newsletter, test_to=request.user.email
    )
    return _done(
        request,
        newsletter,
        _("A test was sent to %(email)s.") % {"email": request.user.email},
    )


@login_required
@require_POST
def newsletter_send(request, pk: int):
    newsletter = _newsletter(request, pk)
    try:
        services.send_newsletter(by=request.user, newsletter=newsletter)
    except ValidationError as exc:
        return _refused(request, newsletter, exc)
    return _done(request, newsletter, _("Sending has started."))


@login_required
@require_POST
def newsletter_schedule(request, pk: int):
    newsletter = _newsletter(request, pk)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _refused(
            request, newsletter, ValidationError(_("Enter a date and time."))
        )
    try:
        services.schedule_newsletter(
            by=request.user, newsletter=newsletter, at=form.cleaned_data["scheduled_at"]
        )
    except ValidationError as exc:
        return _refused(request, newsletter, exc)
    return _done(request, newsletter, _("The newsletter is scheduled."))


@login_required
@require_POST
def newsletter_unschedule(request, pk: int):
    newsletter = _newsletter(request, pk)
    try:
        services.unschedule_newsletter(by=request.user, newsletter=newsletter)
    except ValidationError as exc:
        return _refused(request, newsletter, exc)
    return _done(request, newsletter, _("The newsletter is a draft again."))


@login_required
def suppression_list(request):
    """Addresses no email goes to (bounces, complaints): coordinators only."""
    require(can_publish(request.user))
    page = Paginator(suppressions.suppressions(), 50).get_page(request.GET.get("page"))
    return render(request, "news/newsletters/suppressions.html", {"page": page})
