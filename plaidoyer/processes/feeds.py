from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from plaidoyer.core.visibility import Visibility

from .models import Draft, Meeting, Process


class ProcessFeed(Feed):
    """New drafts, their new versions and meeting reports of one process."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Process, slug=slug, is_published=True)

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.get_absolute_url()

    def subtitle(self, obj):
        return _("Drafts and meeting reports of the process")

    def items(self, obj):
        # Public content only: a feed reader is nobody in particular.
        drafts = list(
            Draft.objects.filter(process=obj, visibility=Visibility.PUBLIC)
            .select_related("process")
            .order_by("-created_at")[:30]
        )
        meetings = list(
            Meeting.objects.filter(process=obj, closed_at__isnull=False)
            .select_related("event", "process")
            .order_by("-closed_at")[:20]
        )
        return sorted(drafts + meetings, key=self.item_pubdate, reverse=True)[:40]

    def item_title(self, item):
        if isinstance(item, Meeting):
            return _("Report: %(title)s") % {"title": item.event.title}
        return _("Draft: %(title)s") % {"title": item.title}

    def item_description(self, item):
        if isinstance(item, Meeting):
            if item.minutes_visibility != Visibility.PUBLIC:
                return ""
            return item.minutes or ""
        return item.text or ""

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.closed_at if isinstance(item, Meeting) else item.created_at
