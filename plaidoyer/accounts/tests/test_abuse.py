"""Password spraying and reset flooding from one connection are stopped."""

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_spraying_many_accounts_from_one_ip_is_locked(client, make_user, settings):
    """Axes locks a username after five failures; 6 accounts x 4 passwords stay
    under that, and the per-IP limit stops them."""
    users = [make_user(f"person{i}@example.org") for i in range(6)]
    spray = {"REMOTE_ADDR": "198.51.100.9"}
    answers = [
        client.post(
            "/nl/accounts/login/",
            {"username": user.email, "password": f"guess {n}"},
            **spray,
        ).status_code
        for n in range(4)
        for user in users
    ]
    limit = settings.LOGIN_IP_FAILURE_LIMIT
    assert answers[:limit] == [200] * limit
    assert answers[limit:] == [429] * (24 - limit)
    # Even the right password is refused from there for a while ...
    right = {"username": users[0].email, "password": PASSWORD}
    locked = client.post("/nl/accounts/login/", right, **spray)
    assert locked.status_code == 429
    assert "verbinding" in locked.content.decode()  # Dutch: "your connection"
    assert "_auth_user_id" not in client.session
    # ... not from elsewhere.
    elsewhere = client.post("/nl/accounts/login/", right, REMOTE_ADDR="203.0.113.7")
    assert elsewhere.status_code == 302


def test_password_reset_is_limited_per_address_and_per_ip(client, make_user, settings):
    make_user()
    reset = "/fr/accounts/password/reset/"
    answers = [
        client.post(
            reset, {"email": "person@example.org"}, REMOTE_ADDR=f"10.0.0.{i}"
        ).status_code
        for i in range(6)
    ]
    assert answers == [302] * 6  # the same answer, whatever happens
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
    # One IP, many addresses (known or not): at most the per-IP limit is handled.
    mail.outbox.clear()
    for i in range(12):
        make_user(f"other{i}@example.org")
        response = client.post(
            reset, {"email": f"other{i}@example.org"}, REMOTE_ADDR="198.51.100.9"
        )
        assert response.status_code == 302
        assert response["Location"] == "/fr/accounts/password/reset/sent/"
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_IP
