"""On /nl/, what exists only in French is marked as French: articles, pages, the
menu and the footer (issue #16)."""

import re

import pytest

from plaidoyer.core import versions
from plaidoyer.core.versions import Version
from plaidoyer.news import services
from plaidoyer.news.models import Article, MenuItem, Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_article(coordinator):
    return services.save_article(
        by=coordinator,
        article=Article(
            title_fr="Une permanence juridique",
            summary_fr="Chaque mardi, des juristes répondent.",
            body_fr="<p>Des juristes bénévoles répondent.</p>",
            status="published",
        ),
        themes=[],
    )


def test_an_article_only_in_french_is_marked_on_the_dutch_pages(client, french_article):
    detail = client.get(f"/nl/news/{french_article.slug}/").content.decode()
    assert (
        '<h1><span lang="fr">Une permanence juridique</span> '
        '<span class="fallback-note">(in het Frans)</span></h1>'
    ) in detail
    assert (
        '<p class="fallback-note">Alleen beschikbaar in het Frans.</p>'
        '<div lang="fr"><p>Des juristes bénévoles répondent.</p></div>'
    ) in detail
    listing = client.get("/nl/news/").content.decode()
    assert '<span lang="fr">Une permanence juridique</span>' in listing
    assert '<span lang="fr">Chaque mardi, des juristes répondent.</span>' in listing
    # Translated, it is shown as it is.
    Article.objects.filter(pk=french_article.pk).update(
        title_nl="Een juridisch spreekuur", body_nl="<p>Juristen antwoorden.</p>"
    )
    versions.bump(Version.SITE)
    detail = client.get(f"/nl/news/{french_article.slug}/").content.decode()
    assert "<h1>Een juridisch spreekuur</h1>" in detail
    assert '<div class="prose"><p>Juristen antwoorden.</p></div>' in detail


def test_menu_and_footer_entries_only_in_french_carry_their_language(client):
    about = Page.objects.create(
        slug="presentation", title_fr="Présentation", in_footer=True
    )
    MenuItem.objects.create(page=about, position=1)
    MenuItem.objects.create(label_fr="Nos actions", url="/pages/x/", position=2)
    # A section named in French only: its own Dutch name is better than French.
    MenuItem.objects.create(section="themes", label_fr="Thématiques", position=3)
    versions.bump(Version.SITE)
    body = client.get("/nl/").content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', body, re.S)[0]
    assert (
        '<a href="/nl/pages/presentation/"><span lang="fr">Présentation</span></a>'
        in (nav)
    )
    assert '<span lang="fr">Nos actions</span></a>' in nav
    assert ">Thema&#x27;s</a>" in nav or ">Thema's</a>" in nav
    footer = body[body.index('<footer class="site-footer">') :]
    assert (
        '<a href="/nl/pages/presentation/"><span lang="fr">Présentation</span> '
        '<span class="fallback-note">(in het Frans)</span></a>'
    ) in footer
    french = client.get("/fr/").content.decode()
    assert "<span lang=" not in french and "fallback-note" not in french


def test_search_results_mark_french_titles_and_date_events_in_short(
    client, make_event, barometer
):
    from django.utils import timezone

    from plaidoyer.core.templatetags.plaidoyer import SHORT_MONTHS

    event = make_event(title="Formation à l'écoute active")
    body = client.get("/nl/search/", {"q": "ecoute"}).content.decode()
    assert '<span lang="fr">Formation à l&#x27;écoute active</span>' in body
    starts = timezone.localtime(event.starts_at)
    month = SHORT_MONTHS["nl"].split()[starts.month - 1]
    assert f">{starts.day} {month} {starts.year}</time>" in body
    # A recommendation: its code once, its title in Dutch.
    body = client.get("/nl/search/", {"q": "Généraliser"}).content.decode()
    assert '<span class="code">EMP-01</span> Praktijktests veralgemenen' in body
