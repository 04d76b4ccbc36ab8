"""The one mail sender: the recipient's language, text, HTML when there is one."""

import copy

import pytest
from django.core import mail
from django.urls import reverse

from plaidoyer.core.mail import send_email

# Email goes through the outbox table.
pytestmark = pytest.mark.django_db


@pytest.fixture
def templates(settings, tmp_path):
    """Email templates in a directory of their own, for both engines."""
    settings.TEMPLATES = copy.deepcopy(settings.TEMPLATES)
    for engine in settings.TEMPLATES:
        engine["DIRS"] = [tmp_path, *engine["DIRS"]]
    folder = tmp_path / "greeting"
    folder.mkdir()

    def write(name, text):
        (folder / name).write_text(text, encoding="utf-8")

    write("hello_subject.txt", '{% load i18n %}{% translate "Events" %}\n  {{ n }}')
    write("hello.txt", "{{ name }} {{ url }}")
    return write


def test_an_email_is_rendered_in_the_recipients_language(templates):
    send_email(
        to="sanne@example.org",
        template="greeting/hello",
        context=lambda: {
            "name": "D'Hondt & <Zonen>",
            "url": reverse("events:agenda"),
            "n": 2,
        },
        language="nl",
        attachments=lambda: [("a.txt", reverse("events:agenda"), "text/plain")],
        headers={"List-Unsubscribe": "<https://example.org/stop>"},
        reply_to=["visitor@example.org"],
    )
    (message,) = mail.outbox
    assert message.to == ["sanne@example.org"]
    assert message.subject == "Evenementen 2"  # one line, in Dutch
    assert message.body == "D'Hondt & <Zonen> /nl/events/"  # plain text, not escaped
    assert message.attachments == [("a.txt", "/nl/events/", "text/plain")]
    assert message.extra_headers["List-Unsubscribe"] == "<https://example.org/stop>"
    assert message.reply_to == ["visitor@example.org"]
    assert message.alternatives == []  # no .html template: text only


def test_an_html_version_goes_along_when_the_template_has_one(templates):
    templates("hello.html", "<p>{{ name }}</p>")
    send_email(
        to=["a@example.org", "b@example.org"],
        template="greeting/hello",
        context={"name": "D'Hondt & <Zonen>", "url": "", "n": 1},
        language="fr",
    )
    (message,) = mail.outbox
    assert message.to == ["a@example.org", "b@example.org"]
    assert message.body == "D'Hondt & <Zonen> "
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert html == "<p>D&#x27;Hondt &amp; &lt;Zonen&gt;</p>"  # escaped in HTML
