"""Per-person export and erasure reach testimonies whose author left an address,
without showing their text to whoever looks the address up."""

import pytest

from plaidoyer.core import personal_data
from plaidoyer.help.models import Testimony

pytestmark = pytest.mark.django_db


def test_erasure_finds_and_erases_the_persons_testimonies_only(testify):
    mine = testify(consent_contact=True, email="Sara@Example.org", name="Sara")
    other = testify(consent_contact=True, email="other@example.org")
    anonymous = testify()
    found = personal_data.collect("sara@example.org")
    rows = {provider.kind: rows for provider, rows in found}.get("help.testimony")
    assert rows and [row["id"] for row in rows] == [mine.pk]
    assert "flat" not in str(rows)  # the lookup never shows what happened
    counts = personal_data.erase(email="sara@example.org", by=None, allowed=True)
    assert counts["help.testimony"] == 1
    mine.refresh_from_db()
    assert mine.purged_at and mine.contact == "" and mine.text == ""
    assert mine.consent_figures  # still counted, anonymously
    for kept in (other, anonymous):
        assert Testimony.objects.get(pk=kept.pk).purged_at is None
