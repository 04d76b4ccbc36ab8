from plaidoyer.core.sitemaps import I18nSitemap
from plaidoyer.core.versions import Version

from .models import Process


class ProcessSitemap(I18nSitemap):
    url_name = "processes:detail"
    module = "processes"
    version = Version.PROCESSES

    def items(self):
        return (
            Process.objects.filter(is_published=True)
            .order_by("id")
            .values_list("slug", flat=True)
        )
