"""The sitemap: an index (/sitemap.xml) of sections (/sitemap-<section>.xml),
each paginated and page-cached under the data version its items change with.
The sections come from the apps (news, processes); config/urls.py gathers them.

At 50,000 articles one document listing everything cost seconds of CPU and
megabytes per request. Django's i18n sitemap pairs every item with every
language before paginating (so any page read the whole table) and reverses a
URL per item and language (for the alternates too): here the items are
paginated, a page reads one column of at most ``limit`` rows, and each item's
paths come from its page's path in each language, reversed once (core.urlmaker).
"""

import datetime
from collections.abc import Callable, Mapping
from html import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.utils import timezone, translation
from django.utils.http import http_date

from . import identity
from .pagecache import cache_public_page
from .urlmaker import url_maker
from .versions import Version


class I18nSitemap(Sitemap):
    """Every URL in every language, with hreflang alternates (x-default: French).

    ``items()`` gives each item's URL argument (``url_arg`` of the page
    ``url_name``), as a paginable sequence (``values_list(…, flat=True)``);
    ``limit`` items make a page, each item a ``<url>`` per language.
    """

    i18n = True
    alternates = True
    x_default = True
    # 500 items × 4 languages: 2,000 <url>s of 5 alternates each, about 1 MB.
    limit = 500
    module: str | None = None  # core.identity's module: none, always on
    version: str = Version.SITE  # what its items change with (the page cache)
    url_name = ""
    url_arg = "slug"
    priority: float | None = None

    @property
    def paginator(self):
        return Paginator(self.items(), self.limit)

    def key(self, item):
        """The URL argument of ``item``."""
        return item

    def paths(self, item) -> dict[str, str]:
        """The path of ``item``'s page in each language."""
        key = self.key(item)
        return {lang: url(key) for lang, url in self._urls_by_language}

    @property
    def _urls_by_language(self) -> list[tuple[str, Callable[[object], str]]]:
        if not hasattr(self, "_url_makers"):
            self._url_makers = []
            for lang in self._languages():
                with translation.override(lang):
                    url = url_maker(self.url_name, self.url_arg)
                self._url_makers.append((lang, url))
        return self._url_makers

    def get_latest_lastmod(self):
        return None  # the index lists no dates (Django's reads every item for one)

    def _urls(self, page, protocol, domain):
        root = f"{protocol}://{domain}"
        default = settings.LANGUAGE_CODE
        lastmod = getattr(self, "lastmod", None)
        priority = "" if self.priority is None else str(self.priority)
        urls, dates = [], []
        for item in self.paginator.page(page).object_list:
            paths = self.paths(item)
            alternates = [
                {"location": root + path, "lang_code": lang}
                for lang, path in paths.items()
            ]
            if self.x_default and default in paths:
                unprefixed = paths[default].replace(f"/{default}/", "/", 1)
                alternates.append(
                    {"location": root + unprefixed, "lang_code": "x-default"}
                )
            date = lastmod(item) if lastmod is not None else None
            dates.append(date)
            for path in paths.values():
                urls.append(
                    {
                        "item": item,
                        "location": root + path,
                        "lastmod": date,
                        "changefreq": None,
                        "priority": priority,
                        "alternates": alternates,
                    }
                )
        if dates and None not in dates:
            self.latest_lastmod = max(dates)  # the Last-Modified header
        return urls


_URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def _day(value) -> str:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")


def urlset(urls: list[dict]) -> str:
    """The XML of Django's sitemap.xml template for ``urls`` (``get_urls()``),
    one ``<url>`` a line."""
    parts = [_URLSET]
    # An item's URLs share its alternates and date: each written once.
    links: dict[int, str] = {}
    last, day = None, ""
    for url in urls:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url["lastmod"]:
            if url["lastmod"] is not last:
                last, day = url["lastmod"], _day(url["lastmod"])
            parts.append(f"<lastmod>{day}</lastmod>")
        if url["changefreq"]:
            parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
        if url["priority"]:
            parts.append(f"<priority>{escape(url['priority'])}</priority>")
        alternates = url["alternates"]
        written = links.get(id(alternates))
        if written is None:
            written = links[id(alternates)] = "".join(
                f'<xhtml:link rel="alternate" hreflang="{escape(a["lang_code"])}" '
                f'href="{escape(a["location"])}"/>'
                for a in alternates
            )
        parts.append(written)
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


def views(
    sections: Mapping[str, type[I18nSitemap]],
) -> tuple[Callable, Callable]:
    """The index and section views of ``sections`` (name: sitemap class), each
    page-cached; a module switched off leaves its sections out (404)."""

    def enabled() -> dict[str, I18nSitemap]:
        current = identity.get()
        return {
            name: cls()
            for name, cls in sections.items()
            if identity.is_on(current, cls.module)
        }

    def section_version(section: str) -> str:
        cls = sections.get(section)
        return cls.version if cls is not None else Version.SITE

    # The index counts each section's pages: any section's change may change it.
    # Version.SITE: the modules switched on or off (core.identity bumps it).
    every = sorted({Version.SITE, *(cls.version for cls in sections.values())})

    @sitemap_views.x_robots_tag  # on hits too: the page cache keeps no header
    @cache_public_page(*every)
    def index(request):
        response = sitemap_views.index(
            request, enabled(), sitemap_url_name="sitemap_section"
        )
        return response.render()

    @sitemap_views.x_robots_tag
    @cache_public_page(Version.SITE, object_key=section_version, params=("p",))
    def section(request, section: str):
        """Django's sitemap view, written without its template (which took
        140 ms for a page of 2,000 URLs, the rest 10 ms)."""
        cls = sections.get(section)
        if cls is None or not identity.is_on(identity.get(), cls.module):
            raise Http404
        site = cls()
        try:
            urls = site.get_urls(
                page=request.GET.get("p", 1),
                site=get_current_site(request),
                protocol=request.scheme,
            )
        except (EmptyPage, PageNotAnInteger):
            raise Http404 from None
        response = HttpResponse(urlset(urls), content_type="application/xml")
        if lastmod := getattr(site, "latest_lastmod", None):
            response.headers["Last-Modified"] = http_date(lastmod.timestamp())
        return response

    return index, section
