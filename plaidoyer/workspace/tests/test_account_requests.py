import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from plaidoyer.campaigns.models import LabelApplication
from plaidoyer.organisations.models import Organisation, Staff
from plaidoyer.workspace.forms import AccountRequestForm
from plaidoyer.workspace.models import AccountRequest, Invitation

pytestmark = pytest.mark.django_db


def url(name, lang="fr", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def _data(**changes):
    started = AccountRequestForm.signer().sign(str(timezone.now().timestamp() - 30))
    return {
        "name": "Els Peeters",
        "email": "els@gent.example.be",
        "kind": "municipality",
        "organisation_name": "Stad Gent",
        "municipality": "",
        "role": "Schepen",
        "message": "Wij willen het label.",
        "started": started,
        **changes,
    }


def test_label_page_offers_to_ask_for_an_account(client, label_criterion):
    body = client.get(
        url("campaigns:label", slug=label_criterion.programme.slug)
    ).content.decode()
    assert url("workspace:account_request") in body


def test_a_municipality_asks_for_an_account(client):
    response = client.post(url("workspace:account_request", "nl"), _data())
    assert response.status_code == 200
    request = AccountRequest.objects.get()
    assert request.language == "nl" and request.status == "pending"


@pytest.mark.parametrize(
    "changes",
    [
        {"name": ""},
        {"email": "nope"},
        {"message": "x" * 100_000},
        {"organisation_name": "<script>alert(1)</script>" * 20},
        {"kind": "bank"},
        {"municipality": "999999999"},
    ],
)
def test_bad_requests_are_refused_with_a_message(client, changes):
    response = client.post(url("workspace:account_request"), _data(**changes))
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not AccountRequest.objects.exists()


def test_bots_are_thanked_and_ignored(client):
    response = client.post(
        url("workspace:account_request"), _data(website="http://spam.example")
    )
    assert response.status_code == 200
    assert not AccountRequest.objects.exists()


def test_requests_are_rate_limited(client):
    for n in range(3):
        client.post(url("workspace:account_request"), _data(email=f"a{n}@x.be"))
    response = client.post(url("workspace:account_request"), _data())
    assert response.status_code == 429
    assert AccountRequest.objects.count() == 3


def test_coordinator_approves_and_the_person_applies_for_the_label(
    client, coordinator, capture, label_criterion
):
    client.post(url("workspace:account_request", "nl"), _data(kind="university"))
    request = AccountRequest.objects.get()
    client.force_login(coordinator)
    body = client.get(url("workspace:account_requests")).content.decode()
    assert "Stad Gent" in body
    with capture(execute=True):
        client.post(url("workspace:account_request_approve", pk=request.pk))
    request.refresh_from_db()
    assert request.status == "approved"
    organisation = request.organisation
    assert organisation.kind == "university" and not organisation.is_published
    invitation = Invitation.objects.get(organisation=organisation)
    assert invitation.role == "manager" and invitation.language == "nl"
    [link] = [w for w in mail.outbox[-1].body.split() if "/invitation/" in w]
    link = "/" + link.split("/", 3)[3]
    client.logout()
    client.post(
        link,
        {"full_name": "Els", "password": "een lang wachtwoord 99", "language": "nl"},
    )
    assert Staff.objects.filter(organisation=organisation).count() == 1
    programme = label_criterion.programme
    response = client.post(
        url("campaigns:label_apply", "nl", slug=programme.slug),
        {
            "organisation": organisation.pk,
            f"text_{label_criterion.pk}": "Wij doen het.",
            f"url_{label_criterion.pk}": "",
        },
    )
    assert response.status_code == 302
    assert LabelApplication.objects.filter(organisation=organisation).exists()


def test_approving_links_an_existing_organisation(
    client, coordinator, organisation, capture
):
    request = AccountRequest.objects.create(
        name="A", email="a@example.org", kind="school", organisation_name="X"
    )
    client.force_login(coordinator)
    with capture(execute=True):
        client.post(
            url("workspace:account_request_approve", pk=request.pk),
            {"organisation": organisation.pk},
        )
    request.refresh_from_db()
    assert request.organisation == organisation
    count = Organisation.objects.count()
    # Deciding twice does nothing more.
    client.post(url("workspace:account_request_approve", pk=request.pk))
    assert Organisation.objects.count() == count
    assert Invitation.objects.count() == 1


def test_coordinator_refuses_with_a_reason_which_is_emailed(
    client, coordinator, capture
):
    request = AccountRequest.objects.create(
        name="A",
        email="a@example.org",
        kind="school",
        organisation_name="X",
        language="de",
    )
    client.force_login(coordinator)
    refuse = url("workspace:account_request_refuse", pk=request.pk)
    client.post(refuse, {"reason": ""})
    client.post(refuse, {"reason": "x" * 100_000})
    request.refresh_from_db()
    assert request.status == "pending"
    with capture(execute=True):
        client.post(refuse, {"reason": "Keine Schule in Belgien."})
    request.refresh_from_db()
    assert request.status == "refused"
    assert mail.outbox[-1].to == ["a@example.org"]
    assert "Keine Schule in Belgien." in mail.outbox[-1].body
