"""Unconfirmed subscriptions and follows are not kept beyond a week."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from plaidoyer.commitments import personal_data as commitments_data
from plaidoyer.commitments.models import Follower
from plaidoyer.core import periodic
from plaidoyer.news import personal_data as news_data
from plaidoyer.news.models import Subscriber

pytestmark = pytest.mark.django_db


def test_unconfirmed_subscribers_go_after_seven_days(capture):
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=8)):
        old = Subscriber.objects.create(email="old@example.org")
        Subscriber.objects.create(email="kept@example.org", confirmed_at=now)
    with time_machine.travel(now - datetime.timedelta(days=6)):
        Subscriber.objects.create(email="recent@example.org")
    assert "news.purge_unconfirmed_subscribers" in periodic.jobs()
    assert periodic.jobs()["news.purge_unconfirmed_subscribers"]() == 1
    assert not Subscriber.objects.filter(pk=old.pk).exists()
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "kept@example.org",
        "recent@example.org",
    }
    assert news_data.purge_unconfirmed() == 0


def test_unconfirmed_followers_go_after_seven_days(barometer):
    recommendation = next(iter(barometer["recs"].values()))
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=8)):
        Follower.objects.create(recommendation=recommendation, email="old@x.be")
        Follower.objects.create(
            recommendation=recommendation, email="kept@x.be", confirmed_at=now
        )
    Follower.objects.create(recommendation=recommendation, email="new@x.be")
    assert periodic.jobs()["commitments.purge_unconfirmed_followers"]() == 1
    assert set(Follower.objects.values_list("email", flat=True)) == {
        "kept@x.be",
        "new@x.be",
    }
    assert commitments_data.purge_unconfirmed() == 0
