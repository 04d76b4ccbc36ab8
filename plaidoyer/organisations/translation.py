from modeltranslation.translator import TranslationOptions, register

from .models import Language, Organisation, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)


@register(Language)
class LanguageTranslation(TranslationOptions):
    fields = ("name",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")
