from django.http import QueryDict


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
