from django.contrib.sitemaps import Sitemap


class I18nSitemap(Sitemap):
    """Every URL in every language, with hreflang alternates (x-default: French)."""

    i18n = True
    alternates = True
    x_default = True
    limit = 2000
