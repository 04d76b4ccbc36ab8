"""The sitemap index, its paginated sections and their page cache."""

import re
import xml.etree.ElementTree as ET

import pytest

from plaidoyer.core import identity
from plaidoyer.news import services
from plaidoyer.news.models import Article
from plaidoyer.news.sitemaps import ArticleSitemap
from plaidoyer.news.tests.sitemaps import section_pages, sitemap_text

pytestmark = pytest.mark.django_db

SECTIONS = [
    "static",
    "articles",
    "resources",
    "pages",
    "themes",
    "organisations",
    "events",
    "recommendations",
    "authorities",
    "campaigns",
    "labels",
    "pledges",
    "processes",
]
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def _publish(by, title: str) -> Article:
    return services.save_article(
        by=by, article=Article(title_fr=title, summary_fr="Résumé", status="published")
    )


@pytest.fixture
def articles(coordinator):
    """Five published articles, newest last."""
    return [_publish(coordinator, f"Article numéro {i}") for i in range(5)]


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)


def test_index_lists_every_section_and_each_of_its_pages(
    client, articles, two_per_page
):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locs = [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]
    assert locs == [f"http://testserver{path}" for path in section_pages(client)]
    pages = section_pages(client)
    for section in SECTIONS:
        assert f"/sitemap-{section}.xml" in pages
    # Five articles, two a page: three pages.
    articles_pages = [p for p in pages if p.startswith("/sitemap-articles.xml")]
    assert articles_pages == [
        "/sitemap-articles.xml",
        "/sitemap-articles.xml?p=2",
        "/sitemap-articles.xml?p=3",
    ]
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_section_page_lists_its_items_in_every_language_with_alternates(
    client, articles, two_per_page
):
    response = client.get("/sitemap-articles.xml?p=2")
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    urls = root.findall("s:url", NS)
    # Newest first: the third and the second article, each in four languages.
    expected = [articles[2].slug, articles[1].slug]
    assert [u.find("s:loc", NS).text for u in urls] == [
        f"http://testserver/{lang}/news/{slug}/"
        for slug in expected
        for lang in ("fr", "nl", "en", "de")
    ]
    for url in urls:
        assert url.find("s:lastmod", NS) is not None
        links = {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        slug = re.search(r"/news/([^/]+)/$", url.find("s:loc", NS).text)[1]
        assert links == {
            "fr": f"http://testserver/fr/news/{slug}/",
            "nl": f"http://testserver/nl/news/{slug}/",
            "en": f"http://testserver/en/news/{slug}/",
            "de": f"http://testserver/de/news/{slug}/",
            "x-default": f"http://testserver/news/{slug}/",
        }
    assert articles[0].slug not in response.content.decode()
    assert articles[4].slug not in response.content.decode()


def test_every_page_type_of_a_section_is_reachable_from_the_index(
    client, articles, barometer, campaign, make_event, label_criterion
):
    event = make_event(slug="rencontre")
    body = sitemap_text(client)
    for path in (
        f"/fr/news/{articles[0].slug}/",
        f"/nl/events/{event.slug}/",
        "/en/campaigns/marathon/",
        "/de/campaigns/labels/ville-lumieres/",
        "/fr/legal/",
    ):
        assert f"<loc>http://testserver{path}</loc>" in body


def test_a_new_article_shows_in_the_cached_section_after_its_version_bump(
    client, coordinator, articles, settings
):
    settings.PAGE_CACHE = True
    first = client.get("/sitemap-articles.xml")
    assert "X-Page-Cache" not in first
    second = client.get("/sitemap-articles.xml")
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    assert second["X-Robots-Tag"] == "noindex, noodp, noarchive"
    new = _publish(coordinator, "Tout nouvel article")  # bumps the site's version
    third = client.get("/sitemap-articles.xml")
    assert "X-Page-Cache" not in third
    assert f"/fr/news/{new.slug}/" in third.content.decode()


def test_the_index_is_cached_and_follows_a_new_page_of_articles(
    client, coordinator, articles, two_per_page, settings
):
    settings.PAGE_CACHE = True
    client.get("/sitemap.xml")
    assert client.get("/sitemap.xml")["X-Page-Cache"] == "hit"
    _publish(coordinator, "Le sixième")
    _publish(coordinator, "Le septième")  # seven articles: a fourth page
    assert "/sitemap-articles.xml?p=4" in section_pages(client)


def test_a_section_page_costs_a_few_queries(
    client, articles, two_per_page, django_assert_max_num_queries
):
    client.get("/sitemap-articles.xml")  # the identity and menu, kept in the cache
    # The count, the page's rows, and the data versions twice (read at each use
    # in tests; a server reads them at most every DATA_VERSION_TTL).
    with django_assert_max_num_queries(4):
        client.get("/sitemap-articles.xml?p=2")


def test_robots_txt_points_at_the_index(client, settings):
    body = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in body
    assert client.get("/sitemap.xml").status_code == 200


def test_a_module_switched_off_leaves_its_sections_out(
    client, coordinator, campaign, label_criterion, make_event
):
    assert "/sitemap-campaigns.xml" in section_pages(client)
    current = identity.get()
    current.campaigns_enabled = False
    identity.save_identity(by=coordinator, identity=current, allowed=True)
    pages = section_pages(client)
    assert "/sitemap-campaigns.xml" not in pages
    assert "/sitemap-labels.xml" not in pages
    assert "/sitemap-events.xml" in pages
    assert client.get("/sitemap-campaigns.xml").status_code == 404
    assert "/campaigns/" not in sitemap_text(client)


def _entries(xml: bytes | str) -> list[tuple]:
    root = ET.fromstring(xml)  # noqa: S314 - our own sitemap
    return [
        (
            url.findtext("s:loc", namespaces=NS),
            url.findtext("s:lastmod", namespaces=NS),
            url.findtext("s:priority", namespaces=NS),
            [
                (link.get("hreflang"), link.get("href"))
                for link in url.findall("x:link", NS)
            ],
        )
        for url in root.findall("s:url", NS)
    ]


def test_sections_give_what_djangos_own_sitemap_gives(barometer, articles):
    """The same URLs, alternates and dates as Django's i18n sitemap with its
    reverse() per item and language and its template, odd codes included."""
    from types import SimpleNamespace

    from django.contrib.sitemaps import Sitemap
    from django.template import loader

    from plaidoyer.commitments.models import Recommendation
    from plaidoyer.core.sitemaps import urlset
    from plaidoyer.news.sitemaps import RecommendationSitemap, StaticSitemap

    first = Recommendation.objects.order_by("id").first()
    Recommendation.objects.filter(pk=first.pk).update(code="É 1?&'#%")

    class Stock(Sitemap):
        i18n = alternates = x_default = True

    class StockRecommendations(Stock):
        def items(self):
            return Recommendation.objects.order_by("id")

    class StockArticles(Stock):
        def items(self):
            return Article.objects.order_by("-publish_at", "-id")

        def lastmod(self, item):
            return item.updated_at

    class StockStatic(Stock):
        priority = 0.8

        def items(self):
            return StaticSitemap().items()

        def location(self, item):
            from django.urls import reverse

            return reverse(item)

    site = SimpleNamespace(domain="example.org")
    for ours, stock in (
        (RecommendationSitemap(), StockRecommendations()),
        (ArticleSitemap(), StockArticles()),
        (StaticSitemap(), StockStatic()),
    ):
        expected = loader.render_to_string(
            "sitemap.xml", {"urlset": stock.get_urls(site=site, protocol="https")}
        )
        got = urlset(ours.get_urls(site=site, protocol="https"))
        assert _entries(got) == _entries(expected)
        assert _entries(got)
