from modeltranslation.translator import TranslationOptions, register

from .models import Draft, Meeting, Phase, Process


@register(Process)
class ProcessTranslation(TranslationOptions):
    fields = ("title", "description", "image_alt")


@register(Phase)
class PhaseTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("minutes",)


@register(Draft)
class DraftTranslation(TranslationOptions):
    fields = ("title", "text")
