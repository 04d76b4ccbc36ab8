from modeltranslation.translator import TranslationOptions, register

from .models import Municipality, Province, Region


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Province)
class ProvinceTranslation(TranslationOptions):
    fields = ("name",)


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name",)
