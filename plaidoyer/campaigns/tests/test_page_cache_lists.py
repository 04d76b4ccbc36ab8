"""The campaigns' public pages come from the page cache for anonymous visitors,
and a change shows once its data version moves (or, for counts, within their TTL)."""

import pytest
from django.test import Client
from django.utils import timezone

from plaidoyer.campaigns import services
from plaidoyer.campaigns.models import Campaign, Evidence, LabelApplication
from plaidoyer.core import versions
from plaidoyer.core.versions import Version
from plaidoyer.places.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE = True


def _twice(path: str) -> str:
    """The page for a first anonymous visitor, then for another one: the cache's."""
    first = Client().get(path)
    assert first.status_code == 200 and "X-Page-Cache" not in first
    second = Client().get(path)
    assert second["X-Page-Cache"] == "hit", path
    assert second.content == first.content
    return second.content.decode()


def _renamed(campaign: Campaign, title: str) -> None:
    """What the admin does (CoordinatorAdmin bumps Version.CAMPAIGNS)."""
    Campaign.objects.filter(pk=campaign.pk).update(title_fr=title)
    versions.bump(Version.CAMPAIGNS)


@pytest.mark.parametrize(
    "path",
    [
        "/fr/campaigns/",
        "/fr/campaigns/marathon/leaderboard/",
        "/fr/campaigns/marathon/map/",
        "/fr/campaigns/marathon/municipalities/92094/",
    ],
)
def test_campaign_pages_are_cached_until_the_campaign_changes(campaign, path):
    assert "Marathon des lettres" in _twice(path)
    _renamed(campaign, "Marathon renommé")
    again = Client().get(path)
    assert "X-Page-Cache" not in again
    assert "Marathon renommé" in again.content.decode()


def test_leaderboard_figures_are_at_most_their_rows_ttl_old(
    campaign, coordinator, make_batch, monkeypatch
):
    from django.core.cache.backends import locmem

    path = "/fr/campaigns/marathon/leaderboard/"
    assert ">41<" not in _twice(path)
    batch = make_batch(by=coordinator, letters=41)
    services.review_batch(by=coordinator, batch=batch, validate=True)
    stale = Client().get(path)  # the page, as its rows, is kept 30 s
    assert stale["X-Page-Cache"] == "hit" and ">41<" not in stale.content.decode()
    now = locmem.time.time()
    monkeypatch.setattr(locmem.time, "time", lambda: now + 31)
    fresh = Client().get(path)
    assert "X-Page-Cache" not in fresh and ">41<" in fresh.content.decode()


def test_good_news_is_cached_until_an_update_is_published(campaign, coordinator):
    assert "Ana est libre" not in _twice("/fr/campaigns/good-news/")
    services.publish_case_update(
        by=coordinator,
        case=campaign.cases.get(slug="ana"),
        kind="released",
        happened_on=timezone.localdate(),
        texts={"fr": "Ana est libre."},
    )
    assert "Ana est libre" in Client().get("/fr/campaigns/good-news/").content.decode()
    # Its pages are cached apart; any other parameter is dropped.
    assert Client().get("/fr/campaigns/good-news/?page=2").status_code == 200
    assert Client().get("/fr/campaigns/good-news/?x=1")["X-Page-Cache"] == "hit"


def test_label_page_is_cached_until_a_decision(coordinator, label_criterion):
    application = LabelApplication.objects.create(
        programme=label_criterion.programme,
        year=2025,
        municipality=Municipality.objects.get(nis_code="92094"),
    )
    Evidence.objects.create(
        application=application, criterion=label_criterion, validated=True
    )
    path = "/fr/campaigns/labels/ville-lumieres/"
    badge = f"/campaigns/badges/{application.pk}.svg"
    assert badge not in _twice(path)
    assert "X-Page-Cache" not in Client().get(f"{path}?year=2025")  # cached apart
    services.decide_application(
        by=coordinator, application=application, status="awarded"
    )
    assert badge in Client().get(path).content.decode()
