"""The one mail sender: the recipient's language, text and branded HTML."""

import copy
import re

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
    # No .html template: the HTML part is the text in the layout, escaped.
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "D'Hondt &amp; &lt;Zonen&gt;" in html and "<Zonen>" not in html
    assert '<html lang="nl"' in html


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
    assert "D'Hondt &amp; &lt;Zonen&gt;</p>" in html  # escaped in HTML
    assert '<html lang="fr"' in html


@pytest.fixture
def identity(settings):
    from django.core.cache import cache

    from plaidoyer.core import identity
    from plaidoyer.core.models import SiteIdentity

    settings.SITE_URL = "https://coalition.example.org"
    cache.clear()
    row = identity.get()
    SiteIdentity.objects.filter(pk=row.pk).update(
        name="Coalition <Égalité> & Co",
        accent_colour="#7a1d16",
        publisher_name="ASBL Égalité",
        publisher_address="Rue Haute 1, 1000 Bruxelles",
        logo="identity/logo.png",
    )
    cache.clear()
    return identity.get()


def _parts(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return message.body, html


def test_every_email_has_a_branded_html_part_with_the_identity(identity, templates):
    templates("hello.txt", "Bonjour {{ name }},\n\nVoir {{ url }}.\n")
    send_email(
        to="a@example.org",
        template="greeting/hello",
        context={"name": "Sanne", "url": "https://coalition.example.org/de/x/", "n": 1},
        language="de",
    )
    (message,) = mail.outbox
    body, html = _parts(message)
    assert body.startswith("Bonjour Sanne,")  # the text part as before
    assert html.lower().startswith("<!doctype html>")
    assert '<html lang="de"' in html
    assert "Coalition &lt;Égalité&gt; &amp; Co" in html  # the name, escaped
    assert "Coalition <Égalité>" not in html
    assert "background: #7a1d16" in html  # the main colour, inlined
    assert "ASBL Égalité" in html and "Rue Haute 1, 1000 Bruxelles" in html
    assert 'src="https://coalition.example.org/media/identity/logo.png"' in html
    assert 'role="presentation"' in html
    assert "font-size: 16px" in html
    # Paragraphs and a link, the full stop left outside it.
    assert (
        "<p" in html
        and ('<a href="https://coalition.example.org/de/x/" style="color: #7a1d16;')
        in html
    )
    assert "x/</a>." in html
    # Every link is absolute; no unsubscribe link where the email has none.
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and all(h.startswith(("https://", "mailto:")) for h in hrefs)
    assert "Abmelden" not in html and "PLAIDOYER-EMAIL" not in html
    # Mail clients that read @media get a dark version.
    assert "prefers-color-scheme: dark" in html


def test_the_unsubscribe_link_moves_to_the_footer(identity, templates):
    templates(
        "hello.txt",
        "{{ name }}\n\nStop these emails: {{ unsubscribe_url }}",
    )
    stop = "https://coalition.example.org/fr/stop/tok3n/?a=1&b=2"
    send_email(
        to="a@example.org",
        template="greeting/hello",
        context={"name": "Ana", "unsubscribe_url": stop, "n": 1},
        language="fr",
    )
    (message,) = mail.outbox
    body, html = _parts(message)
    assert stop in body
    assert html.count("tok3n") == 1  # in the footer, not twice
    assert 'href="https://coalition.example.org/fr/stop/tok3n/?a=1&amp;b=2"' in html
    assert "Stop these emails" not in html


def test_no_html_injection_from_a_name_or_subject(identity, templates):
    templates(
        "hello_subject.txt",
        "{{ name }} PLAIDOYER-EMAIL-CONTENT PLAIDOYER-EMAIL-UNSUBSCRIBE",
    )
    templates("hello.txt", "{{ name }} https://x.example/<script>")
    name = '<img src=x onerror="alert(1)"> javascript:alert(1) "quoted"'
    send_email(
        to="a@example.org",
        template="greeting/hello",
        context={"name": name},
        language="fr",
    )
    (message,) = mail.outbox
    _body, html = _parts(message)
    assert "<img src=x" not in html and "<script>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    # A subject naming the layout's slots stays text.
    assert "PLAIDOYER-EMAIL-CONTENT PLAIDOYER-EMAIL-UNSUBSCRIBE</title>" in html
    assert 'href="https://x.example/"' in html  # the link stops at the markup


def test_plain_text_becomes_paragraphs_lists_and_links():
    from plaidoyer.core.mail import text_to_html

    html = text_to_html(
        "Hello,\nsecond line\n\n- one\n  https://a.example/1\n- two & three\n\n"
        "Stop: https://a.example/stop",
        leave_out="https://a.example/stop",
    )
    assert html == (
        "<p>Hello,<br>second line</p>\n<ul><li>one<br>"
        '<a href="https://a.example/1">https://a.example/1</a></li>'
        "<li>two &amp; three</li></ul>"
    )
