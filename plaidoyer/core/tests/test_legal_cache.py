"""The legal notice, privacy policy and credits come from the page cache for
anonymous visitors until the identity (their publisher) changes."""

import pytest
from django.test import Client

from plaidoyer.core import identity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/fr/legal/", "/fr/privacy/", "/fr/credits/"])
def test_legal_pages_are_cached_until_the_identity_changes(path, coordinator, settings):
    settings.PAGE_CACHE = True
    first = Client().get(path)
    assert first.status_code == 200 and "X-Page-Cache" not in first
    second = Client().get(path)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    current = identity.get()
    current.publisher_name = "Coalition zébrée"
    identity.save_identity(by=coordinator, identity=current, allowed=True)
    third = Client().get(path)
    assert "X-Page-Cache" not in third
    assert "Coalition zébrée" in third.content.decode()
