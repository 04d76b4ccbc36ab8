"""Fetch what a request names and authorise it, the same way in every view.

In the spirit of healthchecks' ``_get_rw_check_for_user``: a view asks for an object
with the lookup it got from the URL or the form, and the permission function of its
app; it receives the object, or the request ends here with 404 (absent, or a lookup
that cannot name a row: ``abc``, ``²``, a number beyond any id) or 403 (refused).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import (
    BadRequest,
    FieldDoesNotExist,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")

# Ids are bigints on PostgreSQL and SQLite alike: a larger number names no row, and
# the databases answer it with an error, not with nothing.
MAX_ID = 2**63 - 1


def parse_int(value: Any, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """Return ``value`` as an int if it is plain ASCII digits within bounds, else
    None. ``"²"`` and ``"٣"`` pass ``str.isdigit()``; they do not pass here."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        if len(value) > 19:
            return None
        number = int(value)
    else:
        return None
    return number if minimum <= number <= maximum else None


def int_param(
    data, name: str, *, default: int | None = None, maximum: int = MAX_ID
) -> int | None:
    """Read the integer parameter ``name`` of a QueryDict (``request.GET`` or
    ``request.POST``): ``default`` when absent or empty, 400 when it is no number."""
    raw = data.get(name, "")
    if raw in ("", None):
        return default
    number = parse_int(raw.strip(), maximum=maximum)
    if number is None:
        raise BadRequest(
            _("“%(value)s” is not a valid number for %(name)s.")
            % {"value": raw[:20], "name": name}
        )
    return number


def int_list_param(data, name: str) -> list[int]:
    """Read every value of a repeated integer parameter (``ids=1&ids=2``); 400 if
    one is no number."""
    values = [parse_int(v) for v in data.getlist(name)]
    if None in values:
        raise BadRequest(_("The selection sent is not valid."))
    return values  # type: ignore[return-value]


def require(allowed: bool) -> None:
    """Answer 403 unless ``allowed``."""
    if not allowed:
        raise PermissionDenied


def get_for(
    user,
    queryset: type[M] | models.QuerySet[M],
    *,
    check: Callable[[Any, M], bool] | None = None,
    **lookup,
) -> M:
    """Return the one object of ``queryset`` (or a model) matching ``lookup``.

    404 if there is none or a lookup value cannot name one; 403 if ``check(user,
    obj)`` refuses it. Check what needs no object (a role) with ``require`` first.
    """
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    for key, value in lookup.items():
        if (
            isinstance(value, str | int)
            and _is_id(queryset.model, key)
            and parse_int(value) is None
        ):
            raise Http404
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if check is not None and not check(user, obj):
        raise PermissionDenied
    return obj


def _is_id(model: type[models.Model], key: str) -> bool:
    """Whether the lookup ``key`` (``pk``, ``id``, ``event__pk``…) compares an
    integer field of ``model``."""
    name = key.removesuffix("__exact")
    if "__" in name:
        return name.endswith(("__pk", "__id"))
    try:
        field: Any = model._meta.pk if name == "pk" else model._meta.get_field(name)
    except FieldDoesNotExist:  # another lookup: the ORM decides
        return False
    if getattr(field, "target_field", None) is not None:  # a foreign key: its id
        field = field.target_field
    return isinstance(field, models.IntegerField | models.AutoField)


def found(fetch: Callable[..., T], *args, **kwargs) -> T:
    """Call a selector that raises ``DoesNotExist`` (``selectors.get_event(slug)``)
    and answer 404 instead, as ``get_for`` does."""
    try:
        return fetch(*args, **kwargs)
    except (ObjectDoesNotExist, ValidationError, ValueError):
        raise Http404 from None
