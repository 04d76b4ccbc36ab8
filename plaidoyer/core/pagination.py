"""The API's one pagination: django-ninja's page numbers, with bounded inputs.

A page number beyond any page (``page=99999999999999999999``) made an offset that
overflows the databases' integers: a 500. Bounded here, it is a 422 that names the
parameter, like any other invalid query parameter.
"""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

# A million pages of a hundred rows: far beyond any list here, far below the
# 64-bit offsets the databases accept.
MAX_PAGE = 1_000_000


class PageNumberPagination(NinjaPageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)
