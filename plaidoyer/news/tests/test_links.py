"""Mail scanners open every link of an email: the newsletter's links act on POST."""

import pytest
from django.test import Client
from django.utils import timezone, translation

from plaidoyer.news.models import Subscriber

pytestmark = pytest.mark.django_db


def _not_valid(response) -> bool:
    with translation.override("nl"):
        title = translation.gettext("This link is not valid")
    return response.status_code == 404 and title in response.content.decode()


def test_the_subscription_link_confirms_on_the_button_only(client):
    subscriber = Subscriber.objects.create(email="an@example.org", language="nl")
    path = f"/nl/newsletter/confirm/{subscriber.token}/"
    page = client.get(path)
    assert page.status_code == 200
    assert f'<form method="post" action="{path}">' in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    assert client.post(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    assert _not_valid(client.get("/nl/newsletter/confirm/forged/"))
    assert _not_valid(client.post("/nl/newsletter/confirm/forged/"))


def test_the_unsubscribe_link_acts_on_the_button_only(client):
    subscriber = Subscriber.objects.create(
        email="an@example.org", confirmed_at=timezone.now()
    )
    path = f"/nl/newsletter/stop/{subscriber.token}/"
    page = client.get(path)
    assert page.status_code == 200
    assert f'<form method="post" action="{path}">' in page.content.decode()
    assert Subscriber.objects.exists()
    assert client.post(path).status_code == 200  # the button, with its CSRF token
    assert not Subscriber.objects.exists()
    assert _not_valid(client.get(path))  # replayed: the address is gone


def test_the_one_click_post_unsubscribes_without_csrf_but_nothing_else_does():
    subscriber = Subscriber.objects.create(
        email="an@example.org", confirmed_at=timezone.now()
    )
    mail_client = Client(enforce_csrf_checks=True)
    path = f"/fr/newsletter/stop/{subscriber.token}/"
    assert mail_client.post(path, {"other": "x"}).status_code == 403
    assert mail_client.post(path, {"List-Unsubscribe": "Yes"}).status_code == 403
    assert Subscriber.objects.exists()
    response = mail_client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
