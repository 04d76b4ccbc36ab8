import re

import pytest
from django.core import mail

from plaidoyer.replies import services
from plaidoyer.replies.models import Contact

LINK = re.compile(r"https?://\S+/replies/link/\S+/")


def link_path(message) -> str:
    url = LINK.search(message.body).group(0)
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def contacts(barometer, coordinator):
    """An alderman of Namur (Dutch) and an adviser of the federal government."""
    return {
        "namur": services.add_contact(
            by=coordinator,
            authority=barometer["namur"],
            name="Schepen Jan Peeters",
            role="Schepen van gelijke kansen",
            email="jan@namur.example.org",
            language="nl",
        ),
        "government": services.add_contact(
            by=coordinator,
            authority=barometer["government"],
            name="Claire Dubois",
            role="Conseillère",
            email="claire@gov.example.org",
            language="fr",
        ),
    }


@pytest.fixture
def invite(coordinator, django_capture_on_commit_callbacks):
    """Invite a contact; return the path of the link emailed to them."""

    def make(contact: Contact) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            services.invite_contact(by=coordinator, contact=contact)
        message = [m for m in mail.outbox if contact.email in m.to][-1]
        return link_path(message)

    return make


@pytest.fixture
def open_space(invite):
    """Log a client in as a contact, through their emailed link."""

    def make(client, contact: Contact):
        path = invite(contact)
        response = client.post(path)
        assert response.status_code == 302, response
        return client

    return make
