"""The press page: press releases, press contacts per theme, media kit; and the
coordinators' management of press contacts."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from plaidoyer.core import identity, versions
from plaidoyer.core.models import AuditLog, SiteIdentity
from plaidoyer.core.versions import Version
from plaidoyer.core.visibility import Visibility
from plaidoyer.news import services
from plaidoyer.news.menu import SECTIONS
from plaidoyer.news.models import Article, MenuItem, PressOfficer, Resource
from plaidoyer.news.tests.sitemaps import sitemap_text
from plaidoyer.organisations.models import Language, Staff, Theme

pytestmark = pytest.mark.django_db


def _release(coordinator, slug, days, *, press=True, status="published", **extra):
    article = Article(
        slug=slug,
        title_fr=f"Titre {slug}",
        summary_fr=f"Résumé {slug}",
        status=status,
        publish_at=timezone.now() - datetime.timedelta(days=days)
        if status == "published"
        else None,
        is_press_release=press,
        **extra,
    )
    return services.save_article(by=coordinator, article=article)


def _officer(coordinator, name, theme=None, position=0, languages=(), **extra):
    officer = PressOfficer(
        name=name,
        theme=theme,
        email=extra.pop("email", f"{name.split()[0].lower()}@example.org"),
        position=position,
        **extra,
    )
    return services.save_press_officer(
        by=coordinator,
        officer=officer,
        languages=list(Language.objects.filter(code__in=languages)),
    )


def _resource(coordinator, slug, *, for_press=True, **extra):
    resource = Resource(
        slug=slug,
        title_fr=f"Ressource {slug}",
        kind="publication",
        for_press=for_press,
        **extra,
    )
    resource.file.save(f"{slug}.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2048))
    return services.save_resource(by=coordinator, resource=resource)


# --- The public page ------------------------------------------------------------


def test_press_page_lists_press_releases_only_newest_first(client, coordinator):
    _release(coordinator, "ancien", 30)
    _release(coordinator, "recent", 2)
    _release(coordinator, "simple-nouvelle", 1, press=False)
    _release(coordinator, "brouillon", 0, status="draft")
    body = client.get("/fr/press/").content.decode()
    assert body.index("Titre recent") < body.index("Titre ancien")
    assert "Titre simple-nouvelle" not in body
    assert "Titre brouillon" not in body
    day = timezone.localtime(timezone.now() - datetime.timedelta(days=2))
    from plaidoyer.core.templatetags.plaidoyer import shortdate

    assert shortdate(day) in body


def test_press_release_in_another_language_is_marked(client, coordinator):
    _release(coordinator, "seulement-fr", 1)
    body = client.get("/nl/press/").content.decode()
    assert '<span lang="fr">Titre seulement-fr</span>' in body


def test_press_contacts_are_grouped_by_theme_general_enquiries_first(
    client, coordinator, theme
):
    other = Theme.objects.get(slug="asile")
    _officer(coordinator, "Anna Asile", theme=other, languages=["fr", "ar"])
    _officer(coordinator, "Louis Logement", theme=theme, role_fr="Porte-parole")
    _officer(coordinator, "Gina Générale")
    body = client.get("/fr/press/").content.decode()
    general = body.index("Demandes générales")
    assert general < body.index("Gina Générale")
    assert body.index("Gina Générale") < body.index("Anna Asile")
    assert body.index(">Asile<") < body.index("Anna Asile")
    assert body.index(">Logement<") < body.index("Louis Logement")
    assert "Porte-parole" in body
    assert "mailto:anna@example.org" in body
    assert "arabe" in body
    assert "Arabisch" in client.get("/nl/press/").content.decode()


def test_media_kit_offers_logo_and_press_resources_with_their_sizes(
    client, coordinator
):
    site = identity.get()
    site.logo.save("logo.png", ContentFile(b"\x89PNG" + b"0" * 3000), save=False)
    identity.save_identity(by=coordinator, identity=site, allowed=True)
    _resource(coordinator, "dossier")
    _resource(coordinator, "pas-pour-la-presse", for_press=False)
    _resource(coordinator, "interne", visibility=Visibility.MEMBERS)
    body = client.get("/fr/press/").content.decode()
    assert SiteIdentity.objects.get().logo.url in body
    assert "2,9\xa0Kio" in body  # 3,004 bytes
    assert "Ressource dossier" in body
    assert "/fr/resources/dossier/download/" in body
    assert "2,0\xa0Kio" in body  # 2,057 bytes
    assert "Ressource pas-pour-la-presse" not in body
    assert "Ressource interne" not in body


def test_press_page_is_cached_and_follows_a_new_contact(client, coordinator, settings):
    settings.PAGE_CACHE = True
    assert "X-Page-Cache" not in client.get("/fr/press/")
    assert client.get("/fr/press/")["X-Page-Cache"] == "hit"
    _officer(coordinator, "Nouvelle Personne")
    response = client.get("/fr/press/")
    assert "X-Page-Cache" not in response
    assert "Nouvelle Personne" in response.content.decode()


def test_press_page_queries_do_not_grow_with_contacts(
    client, coordinator, theme, django_assert_max_num_queries
):
    for n in range(6):
        _officer(coordinator, f"Personne {n}", theme=theme, languages=["fr", "nl"])
        _release(coordinator, f"communique-{n}", n + 1)
    with django_assert_max_num_queries(12):
        response = client.get("/fr/press/")
    assert response.status_code == 200


def test_press_feeds_carry_press_releases_only(client, coordinator):
    _release(coordinator, "communique", 1)
    _release(coordinator, "nouvelle", 1, press=False)
    for url in ("/fr/press/feed/rss/", "/fr/press/feed/atom/"):
        body = client.get(url).content.decode()
        assert "Titre communique" in body
        assert "Titre nouvelle" not in body


def test_press_is_a_menu_section_and_in_the_sitemap(client):
    assert SECTIONS["press"].url_name == "news:press"
    MenuItem.objects.create(section="press", position=1)
    versions.bump(Version.SITE)
    body = client.get("/fr/press/").content.decode()
    assert 'href="/fr/press/"' in body
    assert 'aria-current="page"' in body
    assert "/fr/press/</loc>" in sitemap_text(client)


# --- Press releases from the site ------------------------------------------------


def test_coordinator_marks_an_article_as_press_release(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/fr/news/create/",
        {
            "title_fr": "Communiqué du jour",
            "summary_fr": "Résumé.",
            "status": "published",
            "is_press_release": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Article.objects.get(title_fr="Communiqué du jour").is_press_release


def test_member_staff_cannot_propose_a_press_release(client, staff_user, organisation):
    client.force_login(staff_user)
    client.post(
        "/fr/news/create/",
        {
            "organisation": organisation.pk,
            "title_fr": "Notre communiqué",
            "summary_fr": "Résumé.",
            "is_press_release": "on",
        },
    )
    assert Article.objects.get(title_fr="Notre communiqué").is_press_release is False


# --- Managing press contacts -------------------------------------------------------


@pytest.fixture
def users(make_user, make_organisation, staff_user, coordinator):
    other = make_organisation("Autre organisation")
    other_staff = make_user("other@example.org")
    Staff.objects.create(user=other_staff, organisation=other)
    return {"org_a": staff_user, "org_b": other_staff, "coordinator": coordinator}


@pytest.mark.parametrize("who", ["anonymous", "org_a", "org_b", "coordinator"])
def test_press_contact_pages_are_for_coordinators_only(client, users, who):
    officer = _officer(users["coordinator"], "Nadia Presse")
    if who != "anonymous":
        client.force_login(users[who])
    pages = [
        ("get", "/fr/press/contacts/"),
        ("get", "/fr/press/contacts/new/"),
        ("get", f"/fr/press/contacts/{officer.pk}/"),
        ("post", f"/fr/press/contacts/{officer.pk}/"),
        ("post", f"/fr/press/contacts/{officer.pk}/delete/"),
    ]
    for method, url in pages:
        response = getattr(client, method)(
            url, {"name": "X"} if "delete" not in url else {}
        )
        if who == "anonymous":
            assert response.status_code == 302 and "/login" in response["Location"]
        elif who == "coordinator":
            assert response.status_code in (200, 302, 400), url
        else:
            assert response.status_code == 403, url
    assert PressOfficer.objects.exists() is (who != "coordinator")


def test_coordinator_adds_edits_and_removes_a_press_contact(client, coordinator, theme):
    client.force_login(coordinator)
    fr = Language.objects.get(code="fr")
    response = client.post(
        "/fr/press/contacts/new/",
        {
            "theme": theme.pk,
            "name": "Nadia El Amrani",
            "role_fr": "Porte-parole",
            "role_nl": "Woordvoerster",
            "email": "nadia@example.org",
            "phone": "+32 2 555 01 01",
            "languages": [fr.pk],
            "position": 2,
        },
    )
    assert response.status_code == 302
    officer = PressOfficer.objects.get()
    assert (officer.theme, officer.role_nl, officer.position) == (
        theme,
        "Woordvoerster",
        2,
    )
    assert list(officer.languages.all()) == [fr]
    assert AuditLog.objects.filter(action="news.create_press_officer").exists()
    assert "Nadia El Amrani" in client.get("/fr/press/contacts/").content.decode()
    response = client.post(
        f"/fr/press/contacts/{officer.pk}/",
        {"name": "Nadia El Amrani", "phone": "02 555 01 01", "position": 0},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.theme is None and officer.email == ""
    assert officer.languages.count() == 0
    client.post(f"/fr/press/contacts/{officer.pk}/delete/")
    assert not PressOfficer.objects.exists()
    assert AuditLog.objects.filter(action="news.delete_press_officer").exists()


def test_press_contact_in_the_admin(client, coordinator, theme):
    client.force_login(coordinator)
    response = client.post(
        "/admin/news/pressofficer/add/",
        {
            "name": "Tom Claes",
            "role_fr": "Chargé de plaidoyer",
            "theme": theme.pk,
            "email": "tom@example.org",
            "position": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PressOfficer.objects.get().name == "Tom Claes"
    assert AuditLog.objects.filter(action="news.create_press_officer").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Ce champ est obligatoire."),
        ({"name": "Sans contact"}, "Donnez une adresse e-mail ou un numéro"),
        ({"name": "x" * 100_000, "email": "a@example.org"}, "150 caractères"),
        (
            {"name": "Nom", "email": "a@example.org", "theme": "999999"},
            "Choisissez un thème dans la liste.",
        ),
        (
            {"name": "Nom", "email": "a@example.org", "theme": "abc"},
            "Choisissez un thème dans la liste.",
        ),
        (
            {"name": "Nom", "email": "a@example.org", "languages": ["99999"]},
            "Choisissez des langues dans la liste.",
        ),
        (
            {"name": "Nom", "email": "a@example.org", "languages": ["x"]},
            "Choisissez des langues dans la liste.",
        ),
        ({"name": "Nom", "phone": "<b>appelez</b>"}, "Écrivez le numéro"),
        (
            {"name": "Nom", "email": "pas une adresse"},
            "Saisissez une adresse e-mail valide.",
        ),
        ({"name": "Nom", "email": "a@example.org", "position": "-1"}, "supérieure"),
    ],
)
def test_press_contact_bad_input_is_refused_with_a_message(
    client, coordinator, data, message
):
    client.force_login(coordinator)
    response = client.post("/fr/press/contacts/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PressOfficer.objects.exists()


def test_press_contact_markup_is_stored_as_text(client, coordinator):
    client.force_login(coordinator)
    client.post(
        "/fr/press/contacts/new/",
        {
            "name": "<script>alert(1)</script>Nadia",
            "role_fr": "<b>Porte-parole</b>",
            "email": "n@example.org",
            "position": 0,
        },
    )
    officer = PressOfficer.objects.get()
    assert officer.name == "Nadia"
    assert officer.role_fr == "Porte-parole"


def test_press_contact_of_unknown_id_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/fr/press/contacts/999999/").status_code == 404
    assert client.post("/fr/press/contacts/999999/delete/").status_code == 404


def test_press_contacts_are_personal_data(coordinator):
    from plaidoyer.core import personal_data

    _officer(coordinator, "Nadia Presse", email="nadia.presse@example.org")
    found = personal_data.collect("nadia.presse@example.org")
    assert [p.kind for p, rows in found] == ["news.press_officer"]


def test_coordinators_find_press_contacts_in_their_space(client, coordinator):
    client.force_login(coordinator)
    body = client.get("/fr/workspace/").content.decode()
    assert 'href="/fr/press/contacts/"' in body


def test_demo_press_page_in_four_languages(client, coordinator):
    from plaidoyer.news.demo import PRESS_OFFICERS, PRESS_RELEASES, load_press

    load_press(by=coordinator, now=timezone.now())
    for index, code in enumerate(("fr", "nl", "en", "de")):
        body = client.get(f"/{code}/press/").content.decode()
        assert "fallback-note" not in body, code
        for release in PRESS_RELEASES:
            assert release[3][index].replace("'", "&#x27;") in body, code
        for officer in PRESS_OFFICERS:
            assert officer[2][index] in body, code
        assert "dossier-de-presse/download/" in body
    assert PressOfficer.objects.values("theme").distinct().count() == 3
