"""Saving a translation: the fields of one language of one item."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from plaidoyer.accounts.models import User
from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core import audit
from plaidoyer.core.html import clean_html

from .selectors import LANGUAGES, Kind


@transaction.atomic
def save_translation(
    *, by: User, kind: Kind, obj: Model, language: str, values: dict[str, str]
) -> Model:
    """Set ``obj``'s fields in ``language``; rich fields go through the site's one
    HTML allowlist, the search column is rebuilt, cached pages made stale."""
    if language not in LANGUAGES:
        raise ValidationError(_("Choose a language of the site."))
    names = [f"{f}_{language}" for f in kind.fields]
    with audit.action(
        "translations.save",
        by=by,
        allowed=is_coordinator(by),
        target=obj,
        fields=names,
        versions=kind.versions,
    ):
        for field in kind.fields:
            value = (values.get(field) or "").strip()
            if field in kind.rich and value:
                value = clean_html(value)
            name = f"{field}_{language}"
            empty = None if obj._meta.get_field(name).null else ""
            setattr(obj, name, value or empty)
        others = [f.name for f in obj._meta.fields if f.name not in names]
        try:
            obj.clean_fields(exclude=others)
        except ValidationError as exc:
            # Named as the form names them: "title", not "title_nl".
            raise ValidationError(
                {k.rsplit("_", 1)[0]: v for k, v in exc.message_dict.items()}
            ) from None
        update = list(names)
        if kind.refresh is not None:
            kind.refresh(obj)
            update += [f for f in ("search_text", "sort_key") if hasattr(obj, f)]
        obj.save(update_fields=update)
    return obj
