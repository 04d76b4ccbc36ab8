import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, QueryDict
from django.template import loader

logger = logging.getLogger(__name__)


class NulCharacterMiddleware:
    """Keep NUL characters away from the database.

    PostgreSQL refuses them in text, so a ``%00`` in a URL would end as a 500. No
    path can contain one (404), and query strings lose them before any view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            from .views import page_not_found

            return page_not_found(request)
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in v for values in request.GET.lists() for v in values[1]
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(
                    key.replace("\x00", ""), [v.replace("\x00", "") for v in values]
                )
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Answer 503 with a retry page, not 500, while the database cannot be reached
    (a PostgreSQL restart, a failover): the request's transaction was rolled back,
    so the visitor can simply send it again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s", exception, exc_info=exception)
        # Rendered without the request, like the 500 page: no query can run.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response


class ModulesMiddleware:
    """A module the coalition switched off (core.identity) answers 404 on its
    pages, as if it were not installed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from . import identity

        match = request.resolver_match
        if match and match.app_name in identity.MODULES:
            # Kept for the templates' context processor: read once a request.
            request.site_identity = identity.get()
        if (
            match
            and match.app_name in identity.MODULES
            and not identity.is_on(request.site_identity, match.app_name)
        ):
            from .views import page_not_found

            return page_not_found(request)
        return None
