from django.urls import reverse

from plaidoyer.campaigns.models import Campaign, LabelProgramme
from plaidoyer.commitments.models import Authority, Recommendation
from plaidoyer.core import identity
from plaidoyer.core.sitemaps import I18nSitemap
from plaidoyer.core.visibility import Visibility
from plaidoyer.elections.models import PledgeCampaign
from plaidoyer.events.models import Event
from plaidoyer.organisations.models import Organisation, Theme

from . import selectors
from .models import Page, Resource


class StaticSitemap(I18nSitemap):
    priority = 0.8

    def items(self):
        return [name for name in self.NAMES if identity.enabled(name.partition(":")[0])]

    NAMES = [
        "news:home",
        "news:articles",
        "news:resources",
        "news:figures",
        "news:themes",
        "news:press",
        "organisations:directory",
        "events:agenda",
        "commitments:barometer",
        "commitments:current_memorandum",
        "campaigns:list",
        "processes:list",
        "elections:list",
        "help:where",
        "core:legal",
        "core:privacy",
    ]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(I18nSitemap):
    def items(self):
        return selectors.published_articles().order_by("-publish_at")

    def lastmod(self, item):
        return item.updated_at


class ResourceSitemap(I18nSitemap):
    def items(self):
        return Resource.objects.filter(
            is_published=True, visibility=Visibility.PUBLIC
        ).order_by("id")


class PageSitemap(I18nSitemap):
    def items(self):
        return Page.objects.filter(is_published=True).order_by("id")


class ThemeSitemap(I18nSitemap):
    def items(self):
        return Theme.objects.all()

    def location(self, item):
        return reverse("news:theme", kwargs={"slug": item.slug})


class OrganisationSitemap(I18nSitemap):
    def items(self):
        return (
            Organisation.objects.filter(is_published=True).order_by("id").only("slug")
        )


class EventSitemap(I18nSitemap):
    def items(self):
        if not identity.enabled("events"):
            return []
        return Event.objects.filter(is_published=True).order_by("id").only("slug")


class RecommendationSitemap(I18nSitemap):
    def items(self):
        if not identity.enabled("commitments"):
            return []
        return Recommendation.objects.order_by("id").only("code")


class AuthoritySitemap(I18nSitemap):
    def items(self):
        if not identity.enabled("commitments"):
            return []
        return Authority.objects.order_by("id").only("slug")


class CampaignSitemap(I18nSitemap):
    def items(self):
        if not identity.enabled("campaigns"):
            return []
        return Campaign.objects.filter(is_published=True).order_by("id").only("slug")


class LabelSitemap(I18nSitemap):
    def items(self):
        if not identity.enabled("campaigns"):
            return []
        return LabelProgramme.objects.order_by("id").only("slug")


class PledgeSitemap(I18nSitemap):
    def items(self):
        if not identity.enabled("elections"):
            return []
        return (
            PledgeCampaign.objects.filter(is_published=True).order_by("id").only("slug")
        )


SITEMAPS = {
    "static": StaticSitemap,
    "articles": ArticleSitemap,
    "resources": ResourceSitemap,
    "pages": PageSitemap,
    "themes": ThemeSitemap,
    "organisations": OrganisationSitemap,
    "events": EventSitemap,
    "recommendations": RecommendationSitemap,
    "authorities": AuthoritySitemap,
    "campaigns": CampaignSitemap,
    "labels": LabelSitemap,
    "pledges": PledgeSitemap,
}
