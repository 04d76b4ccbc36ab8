from django.core.validators import MaxLengthValidator
from django.db.models import Model

from .selectors import Kind

# A long text in any language stays under this (a memorandum's chapter is ~20 kB).
MAX_TEXT = 100_000


def translation_form(kind: Kind, obj: Model, language: str, data=None, initial=None):
    """A form of ``kind``'s fields in ``language``, with each model field's limits
    and widget (for rich fields, the editor the model field declares)."""
    from django import forms

    fields = {}
    for name in kind.fields:
        field = obj._meta.get_field(f"{name}_{language}").formfield(required=False)
        field.label = obj._meta.get_field(name).verbose_name
        if not getattr(field, "max_length", None):
            field.validators.append(MaxLengthValidator(MAX_TEXT))
        fields[name] = field
    form_class = type("TranslationForm", (forms.Form,), fields)
    return form_class(data=data, initial=initial, prefix="t")
