"""The legal notice and the privacy policy: full pages in four languages, filled
from the settings the platform runs with."""

import pytest

pytestmark = pytest.mark.django_db


def _publisher(**fields):
    """Set the publisher as a coordinator does in the admin (core.SiteIdentity)."""
    from plaidoyer.core import versions
    from plaidoyer.core.models import SiteIdentity
    from plaidoyer.core.versions import Version

    SiteIdentity.objects.filter(pk=1).update(**fields)
    versions.bump(Version.SITE)


@pytest.mark.parametrize(
    "language, heading",
    [
        ("fr", "Politique de confidentialité"),
        ("nl", "Privacybeleid"),
        ("en", "Privacy policy"),
        ("de", "Datenschutzerklärung"),
    ],
)
def test_the_privacy_policy_says_who_what_why_how_long_and_where_to_complain(
    client, settings, language, heading
):
    _publisher(publisher_name="Coalition NAPAR asbl")
    settings.DATA_PROTECTION_EMAIL = "privacy@napar.example"
    settings.EVENTS_RETENTION_DAYS = 45
    settings.HELP_RETENTION_MONTHS = 18
    body = client.get(f"/{language}/privacy/").content.decode()
    assert f"<h1>{heading}</h1>" in body
    assert "Coalition NAPAR asbl" in body and "privacy@napar.example" in body
    assert "45" in body and "18" in body  # the periods the purge jobs use
    assert 'id="supervisory-authority"' in body and "apd-gba.be" in body
    assert f'href="/{language}/accounts/personal-data/"' in body
    # The footer of every page links to both.
    home = client.get(f"/{language}/").content.decode()
    assert f'href="/{language}/privacy/"' in home
    assert f'href="/{language}/legal/"' in home


def test_the_legal_notice_names_the_publisher(client, settings):
    _publisher(
        publisher_name="Coalition NAPAR asbl",
        publisher_address="Rue Royale 11, 1000 Bruxelles",
        publisher_company_number="BE 0123.456.789",
        publisher_phone="+32 2 123 45 67",
    )
    body = client.get("/nl/legal/").content.decode()
    assert "<h1>Wettelijke vermeldingen</h1>" in body
    for value in ("Coalition NAPAR asbl", "Rue Royale 11", "BE 0123.456.789"):
        assert value in body
    assert 'href="tel:+3221234567"' in body
