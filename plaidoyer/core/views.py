from django.core.exceptions import BadRequest
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control, never_cache

from . import health


def ping(request):
    """Answer as little as Django can: the yardstick the benchmarks compare against."""
    return HttpResponse("pong", content_type="text/plain")


def credits(request):
    return render(request, "core/credits.html")


def _publisher() -> dict:
    """Who publishes the site (set in the admin) and the deployment's settings."""
    from django.conf import settings

    from . import identity

    current = identity.get()
    return {
        **{
            name: getattr(current, name)
            for name in (
                "publisher_name",
                "publisher_address",
                "publisher_company_number",
                "publisher_responsible",
                "publisher_email",
                "publisher_phone",
            )
        },
        "data_protection_email": settings.DATA_PROTECTION_EMAIL
        or current.publisher_email,
        "hosting_provider": settings.HOSTING_PROVIDER,
        "supervisory_authority": settings.SUPERVISORY_AUTHORITY,
    }


def legal_notice(request):
    return render(request, "core/legal.html", _publisher())


def privacy_policy(request):
    """What the platform keeps about whom, why, on what basis and how long: the
    periods are the settings the purge jobs read, so the page cannot drift."""
    from django.conf import settings

    return render(
        request,
        "core/privacy.html",
        {
            **_publisher(),
            "events_days": settings.EVENTS_RETENTION_DAYS,
            "certificate_days": settings.EVENT_CERTIFICATES_RETENTION_DAYS,
            "help_months": settings.HELP_RETENTION_MONTHS,
            "outbox_days": settings.OUTBOX_RETENTION_DAYS,
            "unconfirmed_days": settings.UNCONFIRMED_RETENTION_DAYS,
        },
    )


def identity_css(request):
    """The coalition's colours as the custom properties site.css reads."""
    from . import identity

    response = HttpResponse(identity.colours_css(), content_type="text/css")
    response["Cache-Control"] = "public, max-age=86400"  # the URL carries a version
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    # A BadRequest raised by a view carries a message meant for the visitor (see
    # core.access); other 400s (SuspiciousOperation) say nothing of their cause.
    message = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"message": message}, status=400)


def server_error(request):
    # Rendered without the request: no context processors, no queries, since the
    # database may be what failed. The active language still applies.
    return HttpResponseServerError(loader.get_template("500.html").render())


@cache_control(public=True, max_age=86400)
def robots_txt(request):
    from django.conf import settings

    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*/accounts/",
        "Disallow: /*/events/registration/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def ping_insert(request):
    """Insert one row and answer: the yardstick for write benchmarks.

    Only routed when BENCHMARK_VIEWS is set (see config/urls.py); never in production.
    """
    from .models import AuditLog

    AuditLog.objects.create(action="bench.ping", actor_repr="bench")
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def healthz(request):
    """For a load balancer: 200 when this server can serve, 503 when it cannot."""
    healthy, checks = health.report()
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
    )
