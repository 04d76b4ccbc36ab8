from modeltranslation.translator import TranslationOptions, register

from .models import (
    Article,
    Figure,
    MenuItem,
    Newsletter,
    Page,
    PressOfficer,
    Resource,
    TeamMember,
)


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "image_alt")


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Figure)
class FigureTranslation(TranslationOptions):
    fields = ("label", "unit", "source")


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "body")


@register(TeamMember)
class TeamMemberTranslation(TranslationOptions):
    fields = ("role",)


@register(Newsletter)
class NewsletterTranslation(TranslationOptions):
    fields = ("subject", "introduction")


@register(MenuItem)
class MenuItemTranslation(TranslationOptions):
    fields = ("label",)


@register(PressOfficer)
class PressOfficerTranslation(TranslationOptions):
    fields = ("role",)
