from modeltranslation.translator import TranslationOptions, register

from .models import Body, Service


@register(Body)
class BodyTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "description", "opening_hours", "how_to_reach")
