import uuid

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_POST

from . import audit, health
from .html import clean_html, clean_rich_text, clean_text
from .images import normalise_image
from .pagecache import cache_public_page
from .ratelimit import Limit, RateLimited, hit
from .richtext import can_write_rich_text
from .versions import Version


def ping(request):
    """Answer as little as Django can: the yardstick the benchmarks compare against."""
    return HttpResponse("pong", content_type="text/plain")


@cache_public_page(Version.SITE)
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


@cache_public_page(Version.SITE)  # the publisher is the identity's
def legal_notice(request):
    return render(request, "core/legal.html", _publisher())


@cache_public_page(Version.SITE)  # the publisher is the identity's
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


def _rich_text_writer(request):
    if not can_write_rich_text(request.user):
        raise PermissionDenied


@require_POST
def rich_text_image(request):
    """Store an image uploaded from the rich text editor; answer its address.

    Coordinators and the staff of member organisations only; re-encoded by Pillow
    (core.images), so only pixels are kept; described, or refused."""
    try:
        _rich_text_writer(request)
    except PermissionDenied:
        return JsonResponse({"error": _("You may not upload images.")}, status=403)
    try:
        hit(Limit(f"rich-image:{request.user.pk}", 30, 3600))
    except RateLimited:
        return JsonResponse(
            {"error": _("Too many images in a short time. Try again in an hour.")},
            status=429,
        )
    upload = request.FILES.get("image")
    alt = clean_text(request.POST.get("alt", ""))[:300]
    if upload is None:
        return JsonResponse({"error": _("Choose an image file.")}, status=400)
    if not alt:
        return JsonResponse(
            {"error": _("Describe the image for people who cannot see it.")},
            status=400,
        )
    limit = settings.MAX_RICH_TEXT_IMAGE_BYTES
    if upload.size > limit:
        return JsonResponse(
            {
                "error": _("The image is too large: at most %(size)s.")
                % {"size": filesizeformat(limit)}
            },
            status=400,
        )
    try:
        content = normalise_image(upload, max_side=1600)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    ext = content.name.rsplit(".", 1)[-1]
    name = default_storage.save(
        f"richtext/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}", content
    )
    audit.record(
        by=request.user,
        action="core.upload_rich_text_image",
        target_type="file",
        after={"name": name},
    )
    return JsonResponse(
        {"url": default_storage.url(name), "alt": alt, "message": _("Image inserted.")},
        status=201,
    )


@require_POST
def rich_text_preview(request):
    """Show rich text as the public page will: sanitised by core.html."""
    _rich_text_writer(request)
    text = request.POST.get("html", "")
    error = ""
    try:
        html = clean_rich_text(text)
    except ValidationError as exc:
        html, error = clean_html(text), " ".join(exc.messages)
    return render(
        request, "core/_rich_text_preview.html", {"html": html, "error": error}
    )
