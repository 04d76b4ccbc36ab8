from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from plaidoyer.core import identity
from plaidoyer.organisations.models import Theme

from . import selectors


class NewsRss(Feed):
    """All news, or one theme's (/feed/rss/?theme=slug)."""

    feed_type = Rss201rev2Feed

    def get_object(self, request):
        slug = (request.GET.get("theme") or "")[:100]
        if not slug:
            return None
        return get_object_or_404(Theme, slug=slug)

    def title(self, obj):
        if obj is not None:
            return _("%(site)s: %(theme)s") % {
                "site": identity.get().name,
                "theme": obj.name,
            }
        return _("%(site)s: news") % {"site": identity.get().name}

    def link(self, obj):
        return reverse("news:articles") + (f"?theme={obj.slug}" if obj else "")

    def description(self, obj):
        return _("The latest news of the coalition.")

    def items(self, obj):
        qs = selectors.published_articles()
        if obj is not None:
            qs = qs.filter(themes=obj)
        return qs.order_by("-publish_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or ""

    def item_pubdate(self, item):
        return item.publish_at

    def item_author_name(self, item):
        return item.author or None


class NewsAtom(NewsRss):
    feed_type = Atom1Feed
    subtitle = NewsRss.description

    def item_updateddate(self, item):
        return item.updated_at


class PressRss(NewsRss):
    """The press releases alone."""

    def get_object(self, request):
        return None

    def title(self, obj):
        return _("%(site)s: press releases") % {"site": identity.get().name}

    def link(self, obj):
        return reverse("news:press")

    def description(self, obj):
        return _("The coalition's press releases.")

    def items(self, obj):
        return selectors.press_releases()[:30]


class PressAtom(PressRss):
    feed_type = Atom1Feed
    subtitle = PressRss.description

    def item_updateddate(self, item):
        return item.updated_at
