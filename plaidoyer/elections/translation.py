from modeltranslation.translator import TranslationOptions, register

from .models import Constituency, Election, PledgeCampaign


@register(Election)
class ElectionTranslation(TranslationOptions):
    fields = ("title",)


@register(Constituency)
class ConstituencyTranslation(TranslationOptions):
    fields = ("name",)


@register(PledgeCampaign)
class PledgeCampaignTranslation(TranslationOptions):
    fields = ("title", "introduction")
