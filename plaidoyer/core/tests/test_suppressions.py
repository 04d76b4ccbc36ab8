"""One suppression list: the provider's signed webhook fills it, every email
consults it."""

import hashlib
import hmac
import json

import pytest
from django.core import mail

from plaidoyer.core import suppressions
from plaidoyer.core.mail import deliver, is_suppressed
from plaidoyer.core.models import Suppression

pytestmark = pytest.mark.django_db
KEY = "whsec-test-key"
URL = "/webhooks/mailgun/tracking/"


@pytest.fixture(autouse=True)
def _signing_key(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "MAILGUN_WEBHOOK_SIGNING_KEY": KEY}


def _event(event: str, recipient: str, *, key: str = KEY, **extra) -> str:
    timestamp, token = "1767225600", "a" * 50
    signature = hmac.new(
        key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    return json.dumps(
        {
            "signature": {
                "timestamp": timestamp,
                "token": token,
                "signature": signature,
            },
            "event-data": {
                "event": event,
                "recipient": recipient,
                "timestamp": 1767225600.0,
                **extra,
            },
        }
    )


def _post(client, body: str):
    return client.post(URL, body, content_type="application/json")


def test_webhook_with_a_bad_signature_is_refused_and_changes_nothing(client):
    body = _event("failed", "ana@example.org", key="forged", severity="permanent")
    assert _post(client, body).status_code == 403
    assert not Suppression.objects.exists()


def test_webhook_without_signature_is_refused(client):
    assert _post(client, json.dumps({"event-data": {}})).status_code == 403
    assert not Suppression.objects.exists()


def test_permanent_bounce_suppresses_the_address(client):
    body = _event("failed", "Ana@Example.org", severity="permanent")
    assert _post(client, body).status_code == 200
    row = Suppression.objects.get()
    assert (row.email, row.reason) == ("ana@example.org", "bounced")
    assert is_suppressed("ana@example.org")


def test_complaint_suppresses_the_address_once(client):
    assert _post(client, _event("complained", "bob@example.org")).status_code == 200
    assert _post(client, _event("complained", "bob@example.org")).status_code == 200
    assert Suppression.objects.get().reason == "complained"


def test_temporary_failure_and_delivery_change_nothing(client):
    _post(client, _event("failed", "ana@example.org", severity="temporary"))
    _post(client, _event("delivered", "ana@example.org"))
    assert not Suppression.objects.exists()


def test_webhook_is_absent_without_a_signing_key(client, settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "MAILGUN_WEBHOOK_SIGNING_KEY": ""}
    assert _post(client, _event("complained", "a@example.org")).status_code == 404


def test_webhook_refuses_get(client):
    assert client.get(URL).status_code == 405


def test_suppressed_address_gets_no_email_and_others_still_do():
    suppressions.suppress(email="ana@example.org", reason="bounced")
    deliver(subject="S", body="B", to=["ANA@example.org"])
    assert mail.outbox == []
    deliver(subject="S", body="B", to=["ana@example.org", "bob@example.org"])
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]


def test_suppress_ignores_junk():
    assert suppressions.suppress(email="not an address", reason="bounced") is None
    assert suppressions.count_suppressed() == 0


def test_a_mailing_batch_skips_suppressed_addresses_and_keys_once():
    from plaidoyer.core.mail import deliver_many

    suppressions.suppress(email="ana@example.org", reason="complained")
    batch = [
        {"subject": "S", "body": "B", "to": [to], "key": f"k:{to}"}
        for to in ("Ana@example.org", "bob@example.org")
    ]
    deliver_many(batch)
    deliver_many(batch)  # a repeated batch queues nothing more
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
