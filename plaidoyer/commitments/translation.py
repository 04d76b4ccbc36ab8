from modeltranslation.translator import TranslationOptions, register

from .models import (
    Authority,
    Commitment,
    Level,
    Memorandum,
    MemorandumItem,
    Recommendation,
    Sector,
)


@register(Level)
class LevelTranslation(TranslationOptions):
    fields = ("name",)


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)


@register(Memorandum)
class MemorandumTranslation(TranslationOptions):
    fields = ("title", "introduction")


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("title", "text")


@register(MemorandumItem)
class MemorandumItemTranslation(TranslationOptions):
    fields = ("title", "text")


@register(Authority)
class AuthorityTranslation(TranslationOptions):
    fields = ("name",)


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("title", "description")
