"""Mail scanners open every link of an email: the followers' links act on POST."""

import pytest
from django.utils import translation

from plaidoyer.commitments.models import Follower, Recommendation

pytestmark = pytest.mark.django_db


def _not_valid(response) -> bool:
    with translation.override("nl"):
        title = translation.gettext("This link is not valid")
    return response.status_code == 404 and title in response.content.decode()


@pytest.fixture
def follower(barometer):
    recommendation = Recommendation.objects.get(code="EMP-01")
    return Follower.objects.create(
        recommendation=recommendation, email="an@example.org", language="nl"
    )


def test_the_follow_link_confirms_on_the_button_only(client, follower):
    path = f"/nl/follow/{follower.token}/confirm/"
    page = client.get(path)
    assert page.status_code == 200
    assert f'<form method="post" action="{path}">' in page.content.decode()
    follower.refresh_from_db()
    assert follower.confirmed_at is None
    assert client.post(path).status_code == 200
    follower.refresh_from_db()
    assert follower.confirmed_at is not None
    assert _not_valid(client.get("/nl/follow/forged/confirm/"))
    assert _not_valid(client.post("/nl/follow/forged/confirm/"))


def test_the_stop_link_acts_on_the_button_only(client, follower):
    path = f"/nl/follow/{follower.token}/stop/"
    assert client.get(path).status_code == 200
    assert Follower.objects.exists()
    assert client.post(path).status_code == 200
    assert not Follower.objects.exists()
    assert _not_valid(client.get(path))  # replayed
