"""A stranger learns nothing from the action form about who wrote, nor floods anyone."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from plaidoyer.campaigns import forms
from plaidoyer.campaigns.models import Action

pytestmark = pytest.mark.django_db


def _post(client, email, ip, *, htmx=False, lang="fr"):
    started = forms.ActionForm.signer().sign(str(timezone.now().timestamp() - 30))
    data = {
        "case": "ana",
        "kind": "letter",
        "name": "An Peeters",
        "email": email,
        "in_belgium": "yes",
        "postcode": "9000",
        "letter": "Laat Ana vrij.",
        "consent": "on",
        "started": started,
    }
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        f"/{lang}/campaigns/marathon/act/", data, REMOTE_ADDR=ip, **headers
    )


def _page(response) -> tuple[int, str]:
    body = re.sub(r'value="[^"]{32,}"', 'value=""', response.content.decode())
    return response.status_code, body


@pytest.mark.parametrize("htmx", [True, False])
def test_an_address_that_already_wrote_gets_the_answer_a_new_one_gets(
    client, campaign, htmx
):
    _post(client, "known@example.org", "10.0.0.1", htmx=htmx)
    known = _post(client, "KNOWN@example.org", "10.0.0.2", htmx=htmx)
    new = _post(client, "new@example.org", "10.0.0.3", htmx=htmx)
    assert known.status_code == 200
    assert _page(known) == _page(new)
    # Over the rate limits, both are told the same too (a 429).
    _post(client, "other@example.org", "10.0.0.4", htmx=htmx)
    known = _post(client, "known@example.org", "10.0.0.4", htmx=htmx)
    _post(client, "third@example.org", "10.0.0.5", htmx=htmx)
    new = _post(client, "fourth@example.org", "10.0.0.5", htmx=htmx)
    assert known.status_code == 429
    assert _page(known) == _page(new)
    assert Action.objects.filter(email_key="known@example.org").count() == 1


def test_the_address_that_wrote_is_told_by_email_in_its_language_once_an_hour(
    client, campaign, capture
):
    with capture(execute=True):
        _post(client, "an@example.org", "10.0.0.1", lang="nl")
    mail.outbox.clear()
    with capture(execute=True):
        for i in range(4):  # a stranger, in French, from several addresses
            _post(client, "an@example.org", f"10.0.1.{i}")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an@example.org"]
    assert "al geschreven" in message.subject  # Dutch, the writer's language
    action = Action.objects.get()
    assert f"/nl/campaigns/confirm/{action.token}/" in message.body  # not confirmed
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)),
        capture(execute=True),
    ):
        _post(client, "an@example.org", "10.0.2.1")
    assert len(mail.outbox) == 2


def test_the_confirmation_link_acts_on_the_button_only(client, campaign):
    from django.utils import translation

    _post(client, "an@example.org", "10.0.0.1")
    action = Action.objects.get()
    path = f"/nl/campaigns/confirm/{action.token}/"
    page = client.get(path)  # what a mail scanner does
    assert page.status_code == 200
    assert f'<form method="post" action="{path}">' in page.content.decode()
    action.refresh_from_db()
    assert action.confirmed_at is None
    assert client.post(path).status_code == 200
    action.refresh_from_db()
    assert action.confirmed_at is not None
    forged = client.get("/nl/campaigns/confirm/forged/")
    assert forged.status_code == 404
    assert client.post("/nl/campaigns/confirm/forged/").status_code == 404
    with translation.override("nl"):
        assert translation.gettext("This link is not valid") in forged.content.decode()
