"""The coalition's identity and modules are configuration, set in the admin."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from plaidoyer.core import identity
from plaidoyer.core.models import Funder, SiteIdentity
from plaidoyer.news.tests.sitemaps import sitemap_text

pytestmark = pytest.mark.django_db


def _png(name="logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _admin_form(**changes) -> dict:
    current = identity.get()
    data = {
        f.name: getattr(current, f.name)
        for f in SiteIdentity._meta.fields
        if f.name not in ("id", "updated_at", "logo", "favicon", "share_image")
    }
    data.update(
        {
            "funders-TOTAL_FORMS": "0",
            "funders-INITIAL_FORMS": "0",
        }
    )
    data.update(changes)
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


def test_the_first_identity_comes_from_the_settings(settings):
    from django.core.cache import cache

    SiteIdentity.objects.all().delete()  # a database migrated before it existed
    cache.clear()
    settings.SITE_NAME = "Coalition NAPAR"
    settings.PUBLISHER_NAME = "NAPAR asbl"
    current = identity.get()
    assert (current.name, current.publisher_name) == ("Coalition NAPAR", "NAPAR asbl")


def test_a_coordinator_sets_name_logo_colour_publisher_and_funders(client, coordinator):
    client.force_login(coordinator)
    identity.get()
    response = client.post(
        "/admin/core/siteidentity/1/change/",
        _admin_form(
            name="Plateforme provinciale",
            logo=_png(),
            logo_alt="Logo de la plateforme",
            accent_colour="#7a1f5c",
            publisher_name="Centre d'Action Interculturelle",
            publisher_address="Rue Docteur Haibe 2, 5002 Namur",
            bank_account="BE68 5390 0754 7034",
            donation_url="https://example.org/don",
            support_text="Avec le soutien de la Fédération Wallonie-Bruxelles",
            **{
                "funders-TOTAL_FORMS": "1",
                "funders-0-name": "Fédération Wallonie-Bruxelles",
                "funders-0-logo": _png("fwb.png"),
                "funders-0-position": "0",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    body = client.get("/nl/").content.decode()
    assert 'alt="Logo de la plateforme"' in body and 'class="brand-logo"' in body
    assert "Rue Docteur Haibe 2, 5002 Namur" in body
    assert "BE68 5390 0754 7034" in body and 'href="https://example.org/don"' in body
    assert 'alt="Fédération Wallonie-Bruxelles"' in body
    assert "<title>Home · Plateforme provinciale</title>" in body or (
        "Plateforme provinciale</title>" in body
    )
    css = client.get("/identity.css").content.decode()
    assert "--accent:#7a1f5c" in css
    legal = client.get("/fr/legal/").content.decode()
    assert "Centre d&#x27;Action Interculturelle" in legal
    assert Funder.objects.count() == 1


def test_a_colour_white_text_cannot_be_read_on_is_refused(client, coordinator):
    client.force_login(coordinator)
    identity.get()
    response = client.post(
        "/admin/core/siteidentity/1/change/", _admin_form(accent_colour="#ffdd00")
    )
    assert response.status_code == 200
    assert "4.5:1" in response.content.decode() or "4,5:1" in response.content.decode()
    assert SiteIdentity.objects.get().accent_colour == "#1f4e8c"


@pytest.mark.parametrize(
    "flag, path, nav",
    [
        ("events_enabled", "/fr/events/", 'href="/fr/events/"'),
        ("campaigns_enabled", "/fr/campaigns/", 'href="/fr/campaigns/"'),
        ("processes_enabled", "/fr/processes/", 'href="/fr/processes/"'),
        ("barometer_enabled", "/fr/barometer/", 'href="/fr/barometer/"'),
        ("help_enabled", "/fr/help/", 'href="/fr/help/"'),
    ],
)
def test_a_module_switched_off_leaves_the_site(client, coordinator, flag, path, nav):
    assert client.get(path).status_code == 200
    current = identity.get()
    setattr(current, flag, False)
    identity.save_identity(by=coordinator, identity=current, allowed=True)
    assert client.get(path).status_code == 404
    assert nav not in client.get("/fr/").content.decode()
    sitemap = sitemap_text(client)
    assert f"<loc>http://testserver{path}</loc>" not in sitemap or path == "/fr/help/"


def test_search_leaves_out_a_module_switched_off(client, coordinator, make_event):
    make_event(title="Formation quartier")
    assert client.get("/fr/search/", {"q": "quartier"}).context["groups"]
    current = identity.get()
    current.events_enabled = False
    identity.save_identity(by=coordinator, identity=current, allowed=True)
    assert client.get("/fr/search/", {"q": "quartier"}).context["groups"] == []
