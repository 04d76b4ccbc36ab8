from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from plaidoyer.core import sitemaps, suppressions
from plaidoyer.core import views as core_views
from plaidoyer.news.sitemaps import SITEMAPS
from plaidoyer.processes.sitemaps import ProcessSitemap

from .api import api

sitemap_index, sitemap_section = sitemaps.views(
    SITEMAPS | {"processes": ProcessSitemap}
)

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("ping", core_views.ping, name="ping"),
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots"),
    path("identity.css", core_views.identity_css, name="identity_css"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("webhooks/mailgun/tracking/", suppressions.webhook, name="mailgun_tracking"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
]

# The apps under a prefix of their own first: a path that is not theirs is turned
# away by its first segment, whereas an app without prefix tries (and lists as
# tried) each of its patterns. The other way round, every page of the apps below
# went through the news', core's and barometer's patterns on each request, a
# third of what serving it from the page cache cost. No path matches two of them
# (core/tests/test_urls.py).
urlpatterns += i18n_patterns(
    path("accounts/", include("plaidoyer.accounts.urls")),
    path("organisations/", include("plaidoyer.organisations.urls")),
    path("events/", include("plaidoyer.events.urls")),
    path("campaigns/", include("plaidoyer.campaigns.urls")),
    path("processes/", include("plaidoyer.processes.urls")),
    path("help/", include("plaidoyer.help.urls")),
    path("translations/", include("plaidoyer.translations.urls")),
    path("workspace/", include("plaidoyer.workspace.urls")),
    path("elections/", include("plaidoyer.elections.urls")),
    path("replies/", include("plaidoyer.replies.urls")),
    path("", include("plaidoyer.news.urls")),
    path("", include("plaidoyer.core.urls")),
    path("", include("plaidoyer.commitments.urls")),
    prefix_default_language=True,
)

if settings.BENCHMARK_VIEWS:
    urlpatterns.append(path("ping-insert", core_views.ping_insert, name="ping_insert"))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "plaidoyer.core.views.bad_request"
handler404 = "plaidoyer.core.views.page_not_found"
handler500 = "plaidoyer.core.views.server_error"
