from modeltranslation.translator import TranslationOptions, register

from .models import Event, Question, Session


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "accessibility", "consent_text", "image_alt")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("label", "choices")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("label",)
