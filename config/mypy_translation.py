"""A mypy plugin: the per-language columns django-modeltranslation adds, as typed attributes.

``translation.py`` registers fields such as ``Draft.title``; at run time the model then
has ``title_fr``, ``title_nl``, ... columns that no class body declares, so mypy would
reject ``draft.title_fr``. This plugin reads the same registry (django-stubs has already
set Django up) and declares each of those columns ``str | None``: every translation
column is a nullable CharField or TextField. Listed after django-stubs in pyproject.toml.
"""

from collections.abc import Callable
from functools import cache

from mypy.nodes import TypeInfo
from mypy.plugin import ClassDefContext, Plugin
from mypy.plugins.common import add_attribute_to_class
from mypy.types import NoneType, UnionType


@cache
def _translated_columns() -> dict[str, tuple[str, ...]]:
    """Return the translation columns of every registered model, by class fullname."""
    from modeltranslation.translator import translator

    columns = {}
    for model in translator.get_registered_models():
        options = translator.get_options_for_model(model)
        columns[f"{model.__module__}.{model.__qualname__}"] = tuple(
            field.name for fields in options.all_fields.values() for field in fields
        )
    return columns


def _declare_columns(ctx: ClassDefContext) -> None:
    info: TypeInfo = ctx.cls.info
    optional_str = UnionType([ctx.api.named_type("builtins.str"), NoneType()])
    for name in _translated_columns()[info.fullname]:
        if name not in info.names:
            add_attribute_to_class(ctx.api, ctx.cls, name, optional_str)


class TranslationPlugin(Plugin):
    def get_customize_class_mro_hook(
        self, fullname: str
    ) -> Callable[[ClassDefContext], None] | None:
        # django-stubs claims the base-class hook of models; this one is free.
        return _declare_columns if fullname in _translated_columns() else None


def plugin(version: str) -> type[Plugin]:
    return TranslationPlugin
