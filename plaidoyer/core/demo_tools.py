"""Helpers the apps' demo modules share (nothing here runs outside `load_demo`)."""

from django.conf import settings
from django.db import models
from modeltranslation.utils import build_localized_fieldname


def fill_translations(obj: models.Model, **values) -> models.Model:
    """Fill ``obj``'s empty translations and save them: each keyword is a translated
    field and its texts in MODELTRANSLATION_LANGUAGES order (fr, nl, en, de). Texts
    already there are kept, so a second demo run completes an older demo's rows
    without overwriting anyone's edits."""
    changed = []
    for field, texts in values.items():
        for code, text in zip(settings.MODELTRANSLATION_LANGUAGES, texts, strict=True):
            name = build_localized_fieldname(field, code)
            if text and not getattr(obj, name):
                setattr(obj, name, text)
                changed.append(name)
    if changed:
        type(obj)._base_manager.filter(pk=obj.pk).update(
            **{name: getattr(obj, name) for name in changed}
        )
    return obj
