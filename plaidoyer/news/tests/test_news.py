import datetime
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from plaidoyer.news import services, tasks
from plaidoyer.news.models import (
    Article,
    Delivery,
    Newsletter,
    Page,
    Resource,
    Subscriber,
)
from plaidoyer.news.tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(coordinator, theme):
    return services.save_article(
        by=coordinator,
        article=Article(
            title_fr="Le baromètre avance",
            title_nl="De barometer vordert",
            summary_fr="Résumé",
            body_fr="<p>Texte</p>",
            status="published",
        ),
        themes=[theme],
    )


def test_publishing_rules(coordinator):
    draft = services.save_article(by=coordinator, article=Article(title_fr="Brouillon"))
    assert draft.status == "draft" and draft.publish_at is None
    with pytest.raises(ValidationError) as excinfo:
        services.save_article(
            by=coordinator,
            article=Article(
                title_fr="Trop tard",
                status="scheduled",
                publish_at=timezone.now() - datetime.timedelta(hours=1),
            ),
        )
    assert "publish_at" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.save_article(
            by=coordinator,
            article=Article(
                title_fr="Sans alt",
                status="published",
                image=SimpleUploadedFile("x.png", b"x", "image/png"),
            ),
        )
    assert "image_alt_fr" in excinfo.value.message_dict
    assert Article.objects.count() == 1


def test_only_coordinators_publish(staff_user):
    with pytest.raises(PermissionDenied):
        services.save_article(by=staff_user, article=Article(title_fr="x"))


def test_scheduled_article_is_published_by_the_worker(client, coordinator):
    when = timezone.now() + datetime.timedelta(days=2)
    article = services.save_article(
        by=coordinator,
        article=Article(
            title_fr="Bientôt", summary_fr="Résumé", status="scheduled", publish_at=when
        ),
    )
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        assert tasks.publish_scheduled() == 1
        assert tasks.publish_scheduled() == 0
        assert client.get(article.get_absolute_url()).status_code == 200


def test_rich_text_is_sanitised(coordinator):
    article = services.save_article(
        by=coordinator,
        article=Article(
            title_fr="<b>Titre</b>",
            status="published",
            body_fr='<p onmouseover="x()">Bonjour</p><script>alert(1)</script>'
            '<a href="javascript:evil()">a</a><style>*{}</style><img src=x alt="Une photo" onerror=y()>',
        ),
    )
    assert article.title_fr == "Titre"
    for bad in ("script", "onmouseover", "javascript", "style", "onerror"):
        assert bad not in article.body_fr
    assert "<p>Bonjour</p>" in article.body_fr


def test_feeds_parse_and_filter_by_theme(client, article):
    rss = feedparser.parse(client.get("/fr/news/feed/rss/").content)
    atom = feedparser.parse(client.get("/fr/news/feed/atom/").content)
    assert not rss.bozo and not atom.bozo
    assert rss.entries[0].title == "Le baromètre avance"
    assert (
        len(
            feedparser.parse(
                client.get("/fr/news/feed/rss/?theme=asile").content
            ).entries
        )
        == 0
    )
    assert client.get("/fr/news/feed/rss/?theme=nope").status_code == 404


def test_sitemap_is_valid_xml_with_hreflang(client, article):
    response = client.get("/sitemap-articles.xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    urls = root.findall("s:url", ns)
    article_urls = [
        u for u in urls if "/news/le-barometre-avance/" in u.find("s:loc", ns).text
    ]
    assert len(article_urls) == 4  # one per language
    links = article_urls[0].findall("x:link", ns)
    assert {link.get("hreflang") for link in links} >= {
        "fr",
        "nl",
        "en",
        "de",
        "x-default",
    }


def test_sitemap_lists_events_recommendations_authorities_and_campaigns(
    client, barometer, campaign, make_event
):
    from plaidoyer.commitments.models import Authority, Recommendation

    event = make_event(slug="table-ronde-sitemap")
    hidden = make_event(slug="brouillon", is_published=False)
    body = sitemap_text(client)
    assert f"/nl/events/{event.slug}/" in body
    assert hidden.slug not in body
    recommendation = Recommendation.objects.first()
    assert f"/de/recommendations/{recommendation.code}/" in body
    assert f"/en/authorities/{Authority.objects.first().slug}/" in body
    assert f"/fr/campaigns/{campaign.slug}/" in body


def test_robots_and_open_graph(client, article):
    assert "Sitemap: http://" in client.get("/robots.txt").content.decode()
    body = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Le baromètre avance">' in body
    assert 'name="twitter:card"' in body


def test_article_and_resource_lists_filter_and_search(client, article, coordinator):
    response = client.get("/nl/news/", {"q": "BAROMETER"})
    assert [a.pk for a in response.context["page"].object_list] == [article.pk]
    resource = services.save_resource(
        by=coordinator,
        resource=Resource(
            title_fr="Guide pratique",
            kind="tool",
            year=2025,
            file=SimpleUploadedFile("guide.pdf", b"%PDF-1.4 demo", "application/pdf"),
        ),
    )
    response = client.get("/fr/resources/", {"kind": "tool", "q": "guide"})
    assert [r.pk for r in response.context["page"].object_list] == [resource.pk]
    client.get(f"/fr/resources/{resource.slug}/download/")
    resource.refresh_from_db()
    assert resource.downloads == 1


@pytest.mark.parametrize(
    "name,content", [("evil.exe", b"MZ"), ("big.pdf", b"x" * (21 << 20))]
)
def test_bad_resource_files_are_refused(coordinator, name, content):
    with pytest.raises(ValidationError):
        services.save_resource(
            by=coordinator,
            resource=Resource(
                title_fr="Mauvais", kind="tool", file=SimpleUploadedFile(name, content)
            ),
        )
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    "query", ["x" * 10_000, "'; DROP TABLE x; --", "<script>", "😀", "\x00", "مرحبا"]
)
def test_lists_survive_odd_input(client, article, query):
    for url in ("/fr/news/", "/fr/resources/", "/fr/search/"):
        params = {
            "q": query,
            "theme": query,
            "year": query,
            "kind": query,
            "page": query,
        }
        assert client.get(url, params).status_code == 200, url


def test_search_across_kinds_accent_insensitive(
    client, article, make_organisation, barometer, campaign
):
    make_organisation("Ligue liégeoise du logement")
    response = client.get("/nl/search/", {"q": "liegeoise"})
    kinds = [g.provider.kind for g in response.context["groups"]]
    assert kinds == ["organisations"]
    response = client.get("/fr/search/", {"q": "barometre"})
    assert "articles" in [g.provider.kind for g in response.context["groups"]]
    response = client.get("/fr/search/", {"q": "Généraliser"})
    assert "recommendations" in [g.provider.kind for g in response.context["groups"]]
    response = client.get("/fr/search/", {"q": "marathon"})
    assert "campaigns" in [g.provider.kind for g in response.context["groups"]]


def test_search_counts_every_match_and_links_to_all_of_them(
    client, make_organisation, make_event
):
    for n in range(21):
        make_organisation(f"Maison de quartier {n:02}")
    make_event(title="Formation quartier")
    response = client.get("/nl/search/", {"q": "quartier"})
    groups = {g.provider.kind: g for g in response.context["groups"]}
    assert (len(groups["organisations"].items), groups["organisations"].total) == (
        8,
        21,
    )
    assert response.context["total"] == 22
    body = response.content.decode()
    assert "22 resultaten" in body
    assert 'href="/nl/organisations/?q=quartier"' in body
    # An event names its date; a group shown whole has no "see all" link.
    assert groups["events"].more_url == ""
    assert "<time datetime=" in body


def test_a_recommendation_found_shows_its_code_once(client, barometer):
    body = client.get("/fr/search/", {"q": "Généraliser"}).content.decode()
    recommendation = (
        client.get("/fr/search/", {"q": "Généraliser"}).context["groups"][0].items[0]
    )
    text = re.sub(r"<[^>]+>", " ", body)  # the visible text, not the addresses
    assert text.count(recommendation.code) == 1


def test_the_home_counts_member_organisations_only(client, make_organisation):
    from plaidoyer.organisations.models import Membership, Organisation

    coalition = make_organisation("Coalition", kind="network")
    for n in range(3):
        Membership.objects.create(
            member=make_organisation(f"Asbl {n}"), network=coalition
        )
    Membership.objects.create(
        member=make_organisation("Ministère"),
        network=coalition,
        role=Membership.Role.OBSERVER,
    )
    make_organisation("Ville de Namur", kind=Organisation.Kind.MUNICIPALITY)
    make_organisation("École du quartier", kind=Organisation.Kind.SCHOOL)
    response = client.get("/fr/")
    assert response.context["figures"]["members"] == 3


def test_theme_page_gathers_every_kind(client, article, theme, make_organisation):
    make_organisation("Maison du logement", themes=[theme])
    body = client.get(f"/fr/themes/{theme.slug}/").content.decode()
    assert "Le baromètre avance" in body and "Maison du logement" in body


def test_home_page_in_every_language(client, article, barometer, campaign):
    for lang in ("fr", "nl", "en", "de"):
        response = client.get(f"/{lang}/")
        assert response.status_code == 200
        assert "Le baromètre avance" in response.content.decode() or lang != "fr"


def test_pages_and_menu(client, db):
    parent = Page.objects.create(
        slug="presentation", title_fr="Présentation", position=1
    )
    Page.objects.create(slug="equipe", title_fr="Équipe", parent=parent)
    Page.objects.create(
        slug="vie-privee", title_fr="Vie privée", in_menu=False, in_footer=True
    )
    body = client.get("/fr/pages/equipe/").content.decode()
    assert "Présentation" in body and "Vie privée" in body
    assert client.get("/fr/pages/nope/").status_code == 404


def test_contact_form_sends_and_confirms(client, coordinator, capture):
    from plaidoyer.news.forms import ContactForm

    started = ContactForm.signer().sign(str(timezone.now().timestamp() - 20))
    data = {
        "name": "Ana",
        "email": "ana@example.org",
        "subject": "Question",
        "message": "Bonjour",
        "started": started,
    }
    response = client.post("/nl/contact/", data)
    assert response.status_code == 200
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["ana@example.org", "coordinator@example.org"]
    assert mail.outbox[0].reply_to == ["ana@example.org"] or mail.outbox[1].reply_to


def test_contact_to_an_organisation_keeps_its_address_private(
    client, make_organisation
):
    from plaidoyer.news.forms import ContactForm

    org = make_organisation("ASBL Contact", email="private@asbl.example.org")
    page = client.get(f"/fr/contact/{org.slug}/").content.decode()
    assert "private@asbl.example.org" not in page
    started = ContactForm.signer().sign(str(timezone.now().timestamp() - 20))
    client.post(
        f"/fr/contact/{org.slug}/",
        {
            "name": "Ana",
            "email": "ana@example.org",
            "subject": "Hello",
            "message": "Hi",
            "started": started,
        },
    )
    assert any(m.to == ["private@asbl.example.org"] for m in mail.outbox)


def test_contact_spam_is_stopped(client, coordinator):
    from plaidoyer.news.forms import ContactForm

    old = ContactForm.signer().sign(str(timezone.now().timestamp() - 20))
    fresh = ContactForm.signer().sign(str(timezone.now().timestamp()))
    base = {
        "name": "Bot",
        "email": "bot@example.org",
        "subject": "Buy",
        "message": "Spam",
    }
    client.post("/fr/contact/", {**base, "website": "http://spam", "started": old})
    client.post("/fr/contact/", {**base, "started": fresh})  # too fast for a person
    assert mail.outbox == []
    statuses = [
        client.post("/fr/contact/", {**base, "started": old}).status_code
        for _ in range(services.CONTACT_LIMIT + 1)
    ]
    assert statuses[-1] == 429
    response = client.post(
        "/fr/contact/",
        {"name": "", "email": "nope", "subject": "", "message": "", "started": old},
    )
    assert response.status_code == 400


def test_newsletter_double_opt_in_and_one_click_unsubscribe(client, theme, capture):
    with capture(execute=True):
        client.post(
            "/nl/newsletter/", {"email": "An@Example.org", "themes": [theme.pk]}
        )
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "an@example.org" and subscriber.language == "nl"
    assert subscriber.confirmed_at is None
    assert f"/nl/newsletter/confirm/{subscriber.token}/" in mail.outbox[0].body
    client.post(f"/nl/newsletter/confirm/{subscriber.token}/")
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    stop = client.post(
        f"/nl/newsletter/stop/{subscriber.token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert stop.status_code == 200
    assert not Subscriber.objects.exists()


def test_newsletter_sent_in_batches_exactly_once(
    coordinator, article, capture, monkeypatch
):
    monkeypatch.setattr(tasks, "BATCH", 2)
    for i in range(5):
        Subscriber.objects.create(
            email=f"s{i}@example.org",
            confirmed_at=timezone.now(),
            language="nl" if i % 2 else "fr",
        )
    Subscriber.objects.create(email="unconfirmed@example.org")
    newsletter = Newsletter.objects.create(subject_fr="Nouvelles")
    newsletter.articles.set([article])
    with capture(execute=True):
        services.send_newsletter(
            by=coordinator, newsletter=newsletter, test_to="me@example.org"
        )
    assert [m.to for m in mail.outbox] == [["me@example.org"]]
    assert mail.outbox[0].subject.startswith("[TEST]")
    mail.outbox.clear()
    with capture(execute=True):
        services.send_newsletter(by=coordinator, newsletter=newsletter)
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"s{i}@example.org" for i in range(5)
    ]
    assert all("List-Unsubscribe" in m.extra_headers for m in mail.outbox)
    # Each copy's HTML part links the article and its own unsubscribe address.
    for message in mail.outbox:
        [(html, _mimetype)] = message.alternatives
        own = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert f'href="{own}"' in html and f'/news/{article.slug}/"' in html
        assert "PLACEHOLDER" not in html
    assert Delivery.objects.count() == 5
    assert tasks.deliver_batch(newsletter.pk) == 0  # a rerun sends nothing more
    with pytest.raises(ValidationError):
        services.send_newsletter(by=coordinator, newsletter=newsletter)
    newsletter.refresh_from_db()
    assert newsletter.status == "sent"


def test_figures_page(client, db):
    from plaidoyer.news.models import Figure

    for year, value in ((2018, 20), (2026, 60)):
        Figure.objects.create(
            label_fr="Membres",
            value=value,
            date=datetime.date(year, 1, 1),
            source_fr="Coalition",
            series="Membres",
        )
    body = client.get("/fr/figures/").content.decode()
    assert '<ul class="hbars"' in body and "<table" in body and "60" in body


def test_themed_newsletter_reaches_only_interested_subscribers(
    coordinator, theme, capture
):
    from plaidoyer.organisations.models import Theme

    other = Theme.objects.exclude(pk=theme.pk).first()
    general = Subscriber.objects.create(
        email="all@example.org", confirmed_at=timezone.now()
    )
    housing = Subscriber.objects.create(
        email="housing@example.org", confirmed_at=timezone.now()
    )
    housing.themes.set([theme])
    elsewhere = Subscriber.objects.create(
        email="other@example.org", confirmed_at=timezone.now()
    )
    elsewhere.themes.set([other])
    newsletter = Newsletter.objects.create(subject_fr="Logement")
    newsletter.themes.set([theme])
    with capture(execute=True):
        services.send_newsletter(by=coordinator, newsletter=newsletter)
    assert sorted(m.to[0] for m in mail.outbox) == [general.email, housing.email]


def test_footer_and_menu_follow_page_edits_in_the_admin(client, coordinator):
    """The footer is a cached fragment keyed on the site's data version: a page
    added, renamed or deleted in the admin shows on the next page view."""
    from django.test import Client

    assert "Charte de la coalition" not in client.get("/fr/").content.decode()
    admin = Client()
    admin.force_login(coordinator)
    data = {
        "slug": "mentions",
        "title_fr": "Charte de la coalition",
        "position": "0",
        "in_footer": "on",
        "is_published": "on",
        "team-TOTAL_FORMS": "0",
        "team-INITIAL_FORMS": "0",
    }
    response = admin.post("/admin/news/page/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Charte de la coalition" in client.get("/fr/").content.decode()
    page = Page.objects.get(slug="mentions")
    assert (
        admin.post(f"/admin/news/page/{page.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    assert "Charte de la coalition" not in client.get("/fr/").content.decode()


def test_the_current_section_is_marked_on_each_section_page(client, db):
    agenda = client.get("/fr/events/").content.decode()
    members = client.get("/fr/organisations/").content.decode()
    again = client.get("/fr/events/").content.decode()
    assert '<a href="/fr/events/" aria-current="page">' in agenda
    assert '<a href="/fr/organisations/" aria-current="page">' in members
    assert '<a href="/fr/events/" aria-current="page">' not in members
    assert again.count('aria-current="page"') == 1


def _json_ld(body: str) -> list[dict]:
    import json

    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', body, re.S
        )
    ]


def test_pages_describe_themselves_to_search_engines(
    client, article, make_event, organisation
):
    event = make_event(
        slug="formation-json",
        title="Formation </script><b>x</b>",
        mode="hybrid",
        online_url="https://meet.example.org/secret",
    )
    [data] = _json_ld(client.get(f"/nl/events/{event.slug}/").content.decode())
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Formation </script><b>x</b>"
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert {p["@type"] for p in data["location"]} == {"Place", "VirtualLocation"}
    assert data["organizer"][0]["name"] == organisation.name
    assert data["inLanguage"] == "nl"
    assert "meet.example.org" not in str(data)  # the link is for registrants only

    [data] = _json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["@type"] == "NewsArticle" and data["headline"] == article.title
    assert data["datePublished"].startswith(str(article.publish_at.year))

    body = client.get(organisation.get_absolute_url()).content.decode()
    assert _json_ld(body)[0]["@type"] == "Organization"
    assert _json_ld(client.get("/de/").content.decode())[0]["@type"] == "NGO"


def test_every_page_has_a_share_image(client, article):
    body = client.get("/fr/news/").content.decode()
    assert '<meta property="og:image" content="http://' in body
    assert "img/share" in body


def test_resource_list_years_and_queries_do_not_grow_with_the_rows(
    client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n, start):
        Resource.objects.bulk_create(
            Resource(
                title_fr=f"Ressource {k}",
                slug=f"ressource-{k}",
                kind="tool",
                year=2015 + k % 3 if k % 4 else None,
                description_fr="<p>Un outil pour les <strong>associations</strong>.</p>",
            )
            for k in range(start, start + n)
        )

    add(3, 0)
    client.get("/fr/resources/")
    with CaptureQueriesContext(connection) as few:
        client.get("/fr/resources/")
    add(60, 3)
    with django_assert_num_queries(len(few)):
        response = client.get("/fr/resources/")
    # The year filter offers each year some resource has, latest first.
    assert response.context["form"].fields["year"].choices[1:] == [
        ("2017", "2017"),
        ("2016", "2016"),
        ("2015", "2015"),
    ]
    body = response.content.decode()
    assert "63 ressources" in body and "Un outil pour les associations." in body
    assert len(response.context["page"].object_list) == 20
