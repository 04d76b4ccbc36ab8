"""The admin speaks the coordinator's language: every column, filter, read-only
field and inline title of the project's admin pages is a translated string."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise

UNTRANSLATABLE = {"id", "__str__"}  # "ID" is the same word in every language


def label(model, owner, name):
    try:
        field = model._meta.get_field(name.split("__")[0])
    except FieldDoesNotExist:
        attribute = getattr(owner, name, None) or getattr(model, name, None)
        return getattr(attribute, "short_description", None)
    if name != name.split("__")[0]:
        related = field.related_model._meta.get_field(name.split("__")[1])
        return getattr(related, "verbose_name", None)
    return getattr(field, "verbose_name", None)


def translatable(model, owner, name) -> bool:
    if not isinstance(name, str) or name in UNTRANSLATABLE:
        return True  # a filter class, or a word no language changes
    return isinstance(label(model, owner, name), Promise)


def test_every_admin_column_filter_and_inline_title_is_translated():
    untranslated = []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("plaidoyer."):
            continue
        names = [
            *model_admin.list_display,
            *model_admin.list_filter,
            *model_admin.readonly_fields,
        ]
        for name in names:
            if not translatable(model, model_admin, name):
                untranslated.append(f"{model.__name__}.{name}")
        for inline in model_admin.inlines:
            titles = (
                inline.verbose_name or inline.model._meta.verbose_name,
                inline.verbose_name_plural or inline.model._meta.verbose_name_plural,
            )
            if not all(isinstance(title, Promise) for title in titles):
                untranslated.append(f"inline {inline.__name__}")
            for name in [*(inline.fields or []), *inline.readonly_fields]:
                if not translatable(inline.model, inline, name):
                    untranslated.append(f"{inline.__name__}.{name}")
    assert not untranslated, untranslated
