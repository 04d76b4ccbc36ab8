"""The sitemap's sections of the news app and the apps below it (see
core.sitemaps; the processes' section is the processes app's)."""

from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from plaidoyer.campaigns.models import Campaign, LabelProgramme
from plaidoyer.commitments.models import Authority, Recommendation
from plaidoyer.core import identity
from plaidoyer.core.sitemaps import I18nSitemap
from plaidoyer.core.versions import Version
from plaidoyer.core.visibility import Visibility
from plaidoyer.elections.models import PledgeCampaign
from plaidoyer.events.models import Event
from plaidoyer.organisations.models import Organisation, Theme

from . import selectors
from .models import Page, Resource


class StaticSitemap(I18nSitemap):
    priority = 0.8

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

    def items(self):
        current = identity.get()
        return [
            name
            for name in self.NAMES
            if identity.is_on(current, name.partition(":")[0])
        ]

    def paths(self, item) -> dict[str, str]:
        paths = {}
        for lang in self._languages():
            with translation.override(lang):
                paths[lang] = reverse(item)
        return paths


class ArticleSitemap(I18nSitemap):
    url_name = "news:article"

    def items(self):
        return (
            selectors.published_articles()
            .order_by("-publish_at", "-id")
            .values_list("slug", "updated_at")
        )

    def key(self, item):
        return item[0]

    def lastmod(self, item):
        return item[1]

    def get_latest_lastmod(self):
        return selectors.published_articles().aggregate(last=Max("updated_at"))["last"]


class ResourceSitemap(I18nSitemap):
    url_name = "news:resource"

    def items(self):
        return (
            Resource.objects.filter(is_published=True, visibility=Visibility.PUBLIC)
            .order_by("id")
            .values_list("slug", flat=True)
        )


class PageSitemap(I18nSitemap):
    url_name = "news:page"

    def items(self):
        return (
            Page.objects.filter(is_published=True)
            .order_by("id")
            .values_list("slug", flat=True)
        )


class ThemeSitemap(I18nSitemap):
    url_name = "news:theme"
    version = Version.ORGANISATIONS

    def items(self):
        return Theme.objects.order_by("id").values_list("slug", flat=True)


class OrganisationSitemap(I18nSitemap):
    url_name = "organisations:detail"
    version = Version.ORGANISATIONS

    def items(self):
        return (
            Organisation.objects.filter(is_published=True)
            .order_by("id")
            .values_list("slug", flat=True)
        )


class EventSitemap(I18nSitemap):
    url_name = "events:detail"
    module = "events"
    version = Version.EVENTS

    def items(self):
        return (
            Event.objects.filter(is_published=True)
            .order_by("id")
            .values_list("slug", flat=True)
        )


class RecommendationSitemap(I18nSitemap):
    url_name = "commitments:recommendation"
    url_arg = "code"
    module = "commitments"
    version = Version.BAROMETER

    def items(self):
        return Recommendation.objects.order_by("id").values_list("code", flat=True)


class AuthoritySitemap(I18nSitemap):
    url_name = "commitments:authority"
    module = "commitments"
    version = Version.BAROMETER

    def items(self):
        return Authority.objects.order_by("id").values_list("slug", flat=True)


class CampaignSitemap(I18nSitemap):
    url_name = "campaigns:detail"
    module = "campaigns"
    version = Version.CAMPAIGNS

    def items(self):
        return (
            Campaign.objects.filter(is_published=True)
            .order_by("id")
            .values_list("slug", flat=True)
        )


class LabelSitemap(I18nSitemap):
    url_name = "campaigns:label"
    module = "campaigns"
    version = Version.CAMPAIGNS

    def items(self):
        return LabelProgramme.objects.order_by("id").values_list("slug", flat=True)


class PledgeSitemap(I18nSitemap):
    url_name = "elections:comparison"
    module = "elections"
    version = Version.ELECTIONS

    def items(self):
        return (
            PledgeCampaign.objects.filter(is_published=True)
            .order_by("id")
            .values_list("slug", flat=True)
        )


SITEMAPS: dict[str, type[I18nSitemap]] = {
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
