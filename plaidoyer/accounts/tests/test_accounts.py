import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.core.exceptions import PermissionDenied

from plaidoyer.accounts import services
from plaidoyer.accounts.models import User
from plaidoyer.accounts.permissions import is_coordinator, is_platform_admin
from plaidoyer.core.models import AuditLog

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_login_with_email_and_logout(client, make_user):
    make_user("Person@Example.org".lower())
    response = client.post(
        "/fr/accounts/login/", {"username": "PERSON@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/workspace/"
    assert client.post("/fr/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_a_translated_error(client, make_user):
    make_user()
    response = client.post(
        "/nl/accounts/login/", {"username": "person@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "wachtwoord" in response.content.decode().lower()


def test_login_is_throttled_after_repeated_failures(client, make_user, settings):
    make_user()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/fr/accounts/login/",
            {"username": "person@example.org", "password": "wrong"},
        )
    response = client.post(
        "/fr/accounts/login/", {"username": "person@example.org", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_password_reset_email_is_in_the_account_language(client, make_user):
    make_user(language="nl")
    response = client.post(
        "/fr/accounts/password/reset/", {"email": "person@example.org"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/nl/accounts/password/reset/" in mail.outbox[0].body
    assert "wachtwoord" in mail.outbox[0].subject.lower()


def test_password_reset_never_reveals_unknown_addresses(client, db):
    response = client.post(
        "/fr/accounts/password/reset/", {"email": "nobody@example.org"}
    )
    assert response.status_code == 302
    assert mail.outbox == []


def test_passwords_are_hashed_with_argon2(settings, make_user):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = make_user()
    assert identify_hasher(user.password).algorithm == "argon2"


def test_roles(make_user, coordinator, platform_admin):
    person = make_user("someone@example.org")
    assert not is_coordinator(person)
    assert is_coordinator(coordinator) and not is_platform_admin(coordinator)
    assert is_coordinator(platform_admin) and is_platform_admin(platform_admin)


def test_only_platform_admins_manage_roles(coordinator, platform_admin, make_user):
    person = make_user("someone@example.org")
    with pytest.raises(PermissionDenied):
        services.set_roles(
            by=coordinator, user=person, is_coordinator=True, is_platform_admin=False
        )
    services.set_roles(
        by=platform_admin, user=person, is_coordinator=True, is_platform_admin=False
    )
    person.refresh_from_db()
    assert person.is_coordinator and person.is_staff
    entry = AuditLog.objects.get(action="accounts.set_roles")
    assert entry.before == {"is_coordinator": False, "is_staff": False}
    assert entry.after == {"is_coordinator": True, "is_staff": True}


def test_create_user_by_system_and_by_admin(platform_admin, coordinator):
    user = services.create_user(by=None, email="new@example.org", password=PASSWORD)
    assert User.objects.filter(email="new@example.org").exists()
    assert AuditLog.objects.get(action="accounts.create_user").target_id == str(user.pk)
    with pytest.raises(PermissionDenied):
        services.create_user(by=coordinator, email="x@example.org", password=PASSWORD)


def test_account_settings(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post(
        "/fr/accounts/settings/", {"full_name": "Ana", "language": "de"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Ana", "de")


def test_staff_change_their_password_and_stay_signed_in(client, make_user):
    user = make_user()
    client.force_login(user)
    url = "/nl/accounts/password/change/"
    assert (
        'href="/nl/accounts/password/change/"'
        in client.get("/nl/accounts/settings/").content.decode()
    )
    response = client.post(
        url,
        {"old_password": "wrong", "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_old_password"' in body and 'href="#id_new_password2"' in body
    user.refresh_from_db()
    assert user.check_password(PASSWORD)  # nothing changed
    new = "a new passphrase for the winter"
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    assert client.get("/nl/accounts/settings/").status_code == 200  # still signed in
    assert AuditLog.objects.filter(action="accounts.change_password").exists()
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_admin_is_open_to_coordinators_not_to_organisation_staff(
    client, coordinator, staff_user
):
    client.force_login(coordinator)
    assert client.get("/admin/organisations/organisation/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403
    client.force_login(staff_user)
    assert client.get("/admin/organisations/organisation/").status_code == 302


def test_coordinator_can_autocomplete_municipalities_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "namur",
            "app_label": "organisations",
            "model_name": "organisation",
            "field_name": "municipality",
        },
    )
    assert response.status_code == 200
    assert any(r["text"] == "Namur" for r in response.json()["results"])


def test_lockout_behind_a_proxy_falls_on_the_visitor_not_the_proxy(
    client, make_user, settings
):
    # Behind one reverse proxy every request comes from the proxy's address; the
    # lockout must key on the visitor it names in X-Forwarded-For.
    settings.PROXY_COUNT = 1
    make_user()
    attacker = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    colleague = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/fr/accounts/login/",
            {"username": "person@example.org", "password": "wrong"},
            **attacker,
        )
    login = {"username": "person@example.org", "password": PASSWORD}
    assert client.post("/fr/accounts/login/", login, **attacker).status_code == 429
    assert client.post("/fr/accounts/login/", login, **colleague).status_code == 302
