from modeltranslation.translator import TranslationOptions, register

from .models import (
    Campaign,
    Case,
    CaseUpdate,
    Criterion,
    LabelApplication,
    LabelProgramme,
)


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("title", "description", "image_alt")


@register(Case)
class CaseTranslation(TranslationOptions):
    fields = ("story", "photo_alt", "letter_template")


@register(LabelProgramme)
class LabelProgrammeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("text",)


@register(LabelApplication)
class LabelApplicationTranslation(TranslationOptions):
    fields = ("commitment",)


@register(CaseUpdate)
class CaseUpdateTranslation(TranslationOptions):
    fields = ("text",)
