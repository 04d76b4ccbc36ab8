"""The main menu is configuration: the default sections, or the coordinators'
own entries with sub-menus."""

import re

import pytest
from django.core.exceptions import ValidationError

from plaidoyer.core import versions
from plaidoyer.core.versions import Version
from plaidoyer.news.models import MenuItem, Page

pytestmark = pytest.mark.django_db


def _menu(body: str) -> list[str]:
    nav = re.search(r'<nav class="main-nav".*?</nav>', body, re.S)[0]
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def test_the_default_menu_lists_the_sections(client):
    labels = _menu(client.get("/nl/").content.decode())
    assert labels[:2] == ["Nieuws", "Leden"] and "Barometer" in labels


def test_the_centres_menu_can_be_reproduced(client):
    about = Page.objects.create(slug="presentation", title_fr="Présentation")
    team = Page.objects.create(slug="equipe", title_fr="Équipe", parent=about)
    top = MenuItem.objects.create(page=about, position=1)
    MenuItem.objects.create(page=team, parent=top, position=1)
    MenuItem.objects.create(
        label_fr="Actions/Services",
        label_nl="Acties/Diensten",
        url="/pages/presentation/",
        position=2,
    )
    MenuItem.objects.create(section="themes", label_fr="Thématiques", position=3)
    MenuItem.objects.create(section="resources", position=4)
    MenuItem.objects.create(section="contact", position=5)
    versions.bump(Version.SITE)
    body = client.get("/fr/").content.decode()
    assert _menu(body) == [
        "Présentation",
        "Équipe",
        "Actions/Services",
        "Thématiques",
        "Ressources",
        "Contact",
    ]
    assert '<ul class="sub-menu"><li><a href="/fr/pages/equipe/">' in body
    # A path on the site is in the visitor's language.
    assert (
        'href="/nl/pages/presentation/">Acties/Diensten'
        in client.get("/nl/").content.decode()
    )
    themes = client.get("/fr/themes/").content.decode()
    assert '<a href="/fr/themes/" aria-current="page">Thématiques</a>' in themes


@pytest.mark.parametrize(
    "fields, message",
    [
        ({}, "one target"),
        ({"section": "news", "url": "/x/"}, "one target"),
        ({"url": "javascript:alert(1)", "label_fr": "X"}, "Start the address"),
        ({"url": "/pages/x/"}, "label"),
    ],
)
def test_a_menu_entry_needs_one_valid_target(fields, message):
    from django.utils import translation

    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            MenuItem(**fields).full_clean()
        assert message in str(error.value)
