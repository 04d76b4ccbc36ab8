import pytest

from plaidoyer.core import versions
from plaidoyer.core.models import DataVersion

pytestmark = pytest.mark.django_db


def test_a_new_key_starts_at_zero_and_every_bump_moves_it():
    assert versions.current("recommendation:EMP-01") == 0
    versions.bump("recommendation:EMP-01")
    versions.bump("recommendation:EMP-01")
    assert versions.current("recommendation:EMP-01") == 2
    assert versions.stamp(["recommendation:EMP-01", "unknown"]) == "2.0"


def test_a_key_created_meanwhile_is_still_moved_on(monkeypatch):
    # The row appears between the UPDATE that found nothing and the INSERT, as when
    # two transactions bump a new key at once: the second must not stop at 1.
    calls = []

    class Racing:
        def filter(self, **kwargs):
            qs = DataVersion._default_manager.filter(**kwargs)
            if not calls:
                calls.append(1)
                DataVersion._default_manager.create(key="k", version=1)

                class NothingUpdated:
                    def update(self, **changes):
                        return 0

                return NothingUpdated()
            return qs

        def get_or_create(self, **kwargs):
            return DataVersion._default_manager.get_or_create(**kwargs)

    monkeypatch.setattr(DataVersion, "objects", Racing())
    versions.bump("k")
    assert DataVersion._default_manager.get(key="k").version == 2
