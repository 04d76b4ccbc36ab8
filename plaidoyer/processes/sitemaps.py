from plaidoyer.core import identity
from plaidoyer.core.sitemaps import I18nSitemap

from .models import Process


class ProcessSitemap(I18nSitemap):
    def items(self):
        if not identity.enabled("processes"):
            return []
        return Process.objects.filter(is_published=True).order_by("id").only("slug")
