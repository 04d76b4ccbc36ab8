from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plaidoyer.core import identity

from . import selectors
from .models import Recommendation, Sector


class StatusChangesFeed(Feed):
    """Atom feed of status updates: all, one sector (?sector=) or one recommendation."""

    feed_type = Atom1Feed

    def get_object(self, request, code: str | None = None):
        sector_slug = (request.GET.get("sector") or "")[:100].replace("\x00", "")
        if code:
            return {
                "recommendation": get_object_or_404(
                    Recommendation, code=code.upper()[:12]
                )
            }
        if sector_slug:
            return {"sector": get_object_or_404(Sector, slug=sector_slug)}
        return {}

    def title(self, obj):
        if "recommendation" in obj:
            return _("Status changes: %(code)s") % {"code": obj["recommendation"].code}
        if "sector" in obj:
            return _("Barometer: %(sector)s") % {"sector": obj["sector"].name}
        return _("%(site)s barometer: status changes") % {"site": identity.get().name}

    def link(self, obj):
        if "recommendation" in obj:
            return obj["recommendation"].get_absolute_url()
        return reverse("commitments:barometer")

    def subtitle(self, obj):
        return _("Dated status updates of the commitments public authorities made.")

    def items(self, obj):
        return selectors.status_updates(
            sector=obj["sector"].slug if "sector" in obj else "",
            code=obj["recommendation"].code if "recommendation" in obj else "",
        )[:50]

    def item_title(self, item):
        title = f"{item.commitment.authority.name}: {item.get_status_display()}"
        if item.corrects_id:
            title += " " + _("(correction)")
        if item.corrected_by_id:
            title += " " + _("(corrected)")
        return title

    def item_description(self, item):
        parts = [item.commitment.title]
        if item.progress is not None:
            parts.append(f"{item.progress} %")
        if item.corrects_id:
            parts.append(
                _("Corrects the update of %(date)s.")
                % {"date": date_format(item.corrects.date)}
            )
        if item.corrected_by_id:
            parts.append(
                _("Corrected on %(date)s, see the correction.")
                % {"date": date_format(timezone.localdate(item.corrected_at))}
            )
        if item.note:
            parts.append(item.note)
        if item.note_source:
            parts.append(_("Source: %(source)s") % {"source": item.note_source})
        if item.evidence_url:
            parts.append(item.evidence_url)
        return " — ".join(parts)

    def item_link(self, item):
        return (
            reverse("commitments:commitment", kwargs={"pk": item.commitment_id})
            + f"#update-{item.pk}"
        )

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.created_at
