import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from plaidoyer.accounts.models import User
from plaidoyer.core.models import AuditLog
from plaidoyer.organisations.models import Staff
from plaidoyer.workspace import services
from plaidoyer.workspace.models import Invitation, token_digest

pytestmark = pytest.mark.django_db
PASSWORD = "un mot de passe bien long 42"


def url(name, lang="fr", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def _invite(client, capture, organisation, email="new@example.org", language="nl"):
    with capture(execute=True):
        response = client.post(
            url("workspace:colleague_invite", slug=organisation.slug),
            {"email": email, "language": language, "role": "editor"},
        )
    return response


def _link(message) -> str:
    return re.search(r"https?://\S+/invitation/\S+/", message.body).group(0)


def test_staff_invites_a_colleague_who_joins_in_their_language(
    client, staff_user, organisation, capture
):
    client.force_login(staff_user)
    response = _invite(client, capture, organisation)
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    assert "Centre d'Action Interculturelle" in message.subject
    link = _link(message)
    assert "/nl/" in link  # the invitee's language
    client.logout()
    path = "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"full_name": "Nieuwe Collega", "password": PASSWORD, "language": "nl"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.full_name == "Nieuwe Collega" and user.language == "nl"
    assert user.check_password(PASSWORD)
    assert Staff.objects.filter(user=user, organisation=organisation).exists()
    # One time only.
    client.logout()
    assert client.get(path).status_code == 404
    assert AuditLog.objects.filter(action="workspace.accept_invitation").count() == 1


def test_expired_or_revoked_or_forged_links_open_nothing(
    client, staff_user, organisation, capture
):
    client.force_login(staff_user)
    _invite(client, capture, organisation)
    path = "/" + _link(mail.outbox[0]).split("/", 3)[3]
    invitation = Invitation.objects.get()
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(1))
    assert client.get(path).status_code == 404
    Invitation.objects.update(expires_at=timezone.now() + datetime.timedelta(1))
    client.post(
        url("workspace:invitation_revoke", slug=organisation.slug),
        {"invitation": invitation.pk},
    )
    assert client.get(path).status_code == 404
    response = client.post(
        path, {"full_name": "X", "password": PASSWORD, "language": "fr"}
    )
    assert response.status_code == 404
    assert client.get(url("workspace:invitation", token="forged")).status_code == 404
    assert not User.objects.filter(email="new@example.org").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"full_name": "", "password": PASSWORD, "language": "fr"},
        {"full_name": "x" * 100_000, "password": PASSWORD, "language": "fr"},
        {"full_name": "<b>X</b>", "password": "123", "language": "fr"},
        {"full_name": "X", "password": PASSWORD, "language": "xx"},
    ],
)
def test_bad_answers_to_the_invitation_save_nothing(
    client, coordinator, organisation, data
):
    token = "t" * 40
    Invitation.objects.create(
        organisation=organisation,
        email="new@example.org",
        token_hash=token_digest(token),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    response = client.post(url("workspace:invitation", token=token), data)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


@pytest.mark.parametrize(
    "email", ["", "not-an-email", "a" * 100_000 + "@x.org", "<script>@x.org"]
)
def test_bad_invitation_addresses_send_nothing(
    client, staff_user, organisation, capture, email
):
    client.force_login(staff_user)
    response = _invite(client, capture, organisation, email=email)
    assert response.status_code == 400
    assert not Invitation.objects.exists() and not mail.outbox


def test_inviting_someone_already_on_the_staff_is_refused(
    client, staff_user, organisation, capture
):
    client.force_login(staff_user)
    response = _invite(client, capture, organisation, email="staff@example.org")
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_staff_removes_a_colleague_but_not_themselves_as_the_last(
    client, staff_user, organisation, make_user
):
    colleague = make_user("col@example.org")
    link = Staff.objects.create(user=colleague, organisation=organisation)
    client.force_login(staff_user)
    remove = url("workspace:colleague_remove", slug=organisation.slug)
    client.post(remove, {"staff": link.pk})
    assert not Staff.objects.filter(pk=link.pk).exists()
    own = Staff.objects.get(user=staff_user)
    client.post(remove, {"staff": own.pk})
    assert Staff.objects.filter(pk=own.pk).exists()


def test_a_forged_staff_id_of_another_organisation_is_not_found(
    client, staff_user, organisation, other_staff
):
    client.force_login(staff_user)
    theirs = Staff.objects.get(user=other_staff)
    remove = url("workspace:colleague_remove", slug=organisation.slug)
    assert client.post(remove, {"staff": theirs.pk}).status_code == 404
    assert client.post(remove, {"staff": "abc"}).status_code == 404
    assert Staff.objects.filter(pk=theirs.pk).exists()


def test_coordinator_invites_an_organisations_first_staff(
    coordinator, make_organisation, capture
):
    empty = make_organisation("Nouvelle ASBL")
    with capture(execute=True):
        services.invite_colleague(
            by=coordinator, organisation=empty, email="first@example.org", language="de"
        )
    assert mail.outbox[0].to == ["first@example.org"]
    assert "/de/" in mail.outbox[0].body


def test_staff_invitations_are_limited_per_day(
    client, staff_user, organisation, capture, settings
):
    from plaidoyer.workspace.services import INVITATION_LIMIT

    client.force_login(staff_user)
    for n in range(INVITATION_LIMIT):
        assert (
            _invite(client, capture, organisation, f"p{n}@example.org").status_code
            == 302
        )
    response = _invite(client, capture, organisation, "one-more@example.org")
    assert response.status_code == 400
    assert Invitation.objects.count() == INVITATION_LIMIT
