"""Rich text: one sanitiser (core.html) behind the editor, the textarea without
JavaScript, the admin and the public pages; images uploaded from the editor."""

import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.template import Context, Template
from django.utils import translation
from PIL import Image

from plaidoyer.core.html import clean_html, clean_rich_text, text_to_html
from plaidoyer.core.richtext import RichTextField, RichTextWidget

UPLOAD = "/en/rich-text/image/"
PREVIEW = "/en/rich-text/preview/"

# Every field rendered as HTML on a public page (issue 15's "every rich field").
RICH_FIELDS = [
    ("news", "Article", "body"),
    ("news", "Page", "body"),
    ("news", "Resource", "description"),
    ("events", "Event", "description"),
    ("campaigns", "Campaign", "description"),
    ("campaigns", "Case", "story"),
    ("campaigns", "LabelProgramme", "description"),
    ("processes", "Process", "description"),
    ("processes", "Phase", "description"),
    ("processes", "Draft", "text"),
    ("processes", "Meeting", "minutes"),
    ("organisations", "Organisation", "description"),
    ("commitments", "Memorandum", "introduction"),
    ("commitments", "Recommendation", "text"),
    ("commitments", "Commitment", "description"),
]


def png(size=(4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


# --- the sanitiser ---------------------------------------------------------------


def test_scripts_handlers_and_javascript_links_are_removed():
    html = clean_rich_text(
        '<p onclick="steal()">Bonjour <a href="javascript:alert(1)">ici</a></p>'
        "<script>alert(1)</script><style>p{}</style>"
        '<img src="/media/x.png" alt="Une affiche" onerror="alert(1)">'
        '<iframe src="https://evil.example"></iframe>'
    )
    for bad in ("onclick", "javascript", "script", "style", "onerror", "iframe"):
        assert bad not in html
    assert '<img src="/media/x.png" alt="Une affiche">' in html
    assert html.startswith("<p>Bonjour <a")


@pytest.mark.parametrize(
    "img", ['<img src="/media/x.png">', '<img src="/media/x.png" alt="  ">']
)
def test_an_image_without_alt_text_is_refused_with_a_sentence(img):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        clean_rich_text(f"<p>Voir :</p>{img}")
    assert refused.value.code == "image_without_alt"
    assert "tekstalternatief" in refused.value.messages[0]


def test_text_typed_without_javascript_becomes_paragraphs_and_lists():
    typed = "Premier paragraphe,\nsur deux lignes.\n\nSecond.\n\n- un\n- deux <b>x</b>"
    assert clean_html(typed) == (
        "<p>Premier paragraphe,<br>\nsur deux lignes.</p>\n<p>Second.</p>\n"
        "<ul>\n<li>un</li>\n<li>deux <b>x</b></li>\n</ul>"
    )
    assert "<script>" not in clean_html("Un\n\n<script>alert(1)</script>")
    assert text_to_html("1. a\n2. b").startswith("<ol>")


@pytest.mark.parametrize(
    "stored",
    [
        "<p>Bonjour</p><p>Deux <strong>mots</strong>.</p>",
        '<h2>Titre</h2><ul><li>un</li></ul><p><a href="https://unia.be" '
        'rel="noopener nofollow">Unia</a></p>',
        '<blockquote><p>Citation</p></blockquote><p><img src="/media/a.png" '
        'alt="Affiche"></p>',
    ],
)
def test_html_stored_before_the_editor_renders_the_same(stored):
    rendered = Template("{% load plaidoyer %}{{ body|rich }}").render(
        Context({"body": stored})
    )
    assert rendered == stored


def test_the_editor_empty_document_is_stored_as_nothing():
    assert clean_rich_text("<p></p>") == ""


# --- the field, its form and the admin ----------------------------------------------


@pytest.mark.parametrize(("app", "model", "name"), RICH_FIELDS)
def test_every_rich_field_is_edited_with_the_editor_and_sanitised(app, model, name):
    Model = apps.get_model(app, model)
    assert isinstance(Model._meta.get_field(name), RichTextField)
    for field in (name, f"{name}_fr", f"{name}_nl"):
        form_field = Model._meta.get_field(field).formfield()
        assert isinstance(form_field.widget, RichTextWidget)
        assert form_field.clean("Un.\n\nDeux.") == "<p>Un.</p>\n<p>Deux.</p>"
        assert form_field.clean("<p>a</p><script>x</script>") == "<p>a</p>"


def test_the_widget_loads_no_inline_script_and_no_import_map():
    form = modelform_factory(
        apps.get_model("organisations", "Organisation"), fields=["description_fr"]
    )()
    media = str(form.media)
    assert "importmap" not in media
    assert 'type="module"' in media and "js/rich-text.js" in media
    html = str(form["description_fr"])
    assert "data-rich-text=" in html and "<script" not in html


@pytest.mark.django_db
def test_two_paragraphs_typed_in_the_admin_stay_two(client, coordinator, save_in_admin):
    from plaidoyer.news.models import Page

    page = Page.objects.create(slug="a-propos", title_fr="À propos", body_fr="")
    client.force_login(coordinator)
    admin_page = client.get(f"/admin/news/page/{page.pk}/change/").content.decode()
    assert 'data-rich-text="' in admin_page and "js/rich-text.js" in admin_page

    save_in_admin(page, body_fr="Qui sommes-nous ?\n\nUne coalition.")

    page.refresh_from_db()
    assert page.body_fr == "<p>Qui sommes-nous ?</p>\n<p>Une coalition.</p>"


@pytest.mark.django_db
def test_the_public_page_shows_the_paragraphs(client, organisation):
    organisation.description_fr = "Premier.\n\nSecond."  # a row typed before
    organisation.save()
    page = client.get(f"/fr/organisations/{organisation.slug}/").content.decode()
    assert "<p>Premier.</p>\n<p>Second.</p>" in page


# --- image upload ---------------------------------------------------------------------


@pytest.fixture
def other_staff(make_user, make_organisation):
    from plaidoyer.organisations.models import Staff

    user = make_user("other-staff@example.org")
    Staff.objects.create(user=user, organisation=make_organisation("Autre asbl"))
    return user


def upload(client, content=None, *, name="photo.png", alt="Une manifestation"):
    data = {"alt": alt}
    if content is not False:
        data["image"] = SimpleUploadedFile(name, content or png(), "image/png")
    return client.post(UPLOAD, data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 403),
        ("plain", 403),
        ("staff_user", 201),
        ("other_staff", 201),
        ("coordinator", 201),
    ],
)
def test_who_may_upload_an_image(client, request, make_user, who, status):
    if who == "plain":
        client.force_login(make_user("someone@example.org"))
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = upload(client)
    assert response.status_code == status
    if status == 201:
        answer = response.json()
        assert answer["alt"] == "Une manifestation"
        name = answer["url"].split("/media/", 1)[1]
        assert name.startswith("richtext/") and name.endswith(".png")
        assert default_storage.exists(name)
    else:
        assert "url" not in response.json()


@pytest.mark.django_db
def test_get_is_refused(client, coordinator):
    client.force_login(coordinator)
    assert client.get(UPLOAD).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name", "alt", "message"),
    [
        (b"%PDF-1.4 not an image", "photo.png", "Une photo", "not an image"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "dessin.svg",
            "Un dessin",
            "not an image",
        ),
        (b"\0" * (20 * 1024 * 1024), "enorme.png", "Une photo", "too large"),
        (None, "photo.png", "", "Describe the image"),
        (False, "photo.png", "Une photo", "Choose an image"),
    ],
)
def test_bad_uploads_are_refused_with_a_message_and_nothing_stored(
    client, coordinator, tmp_path, content, name, alt, message
):
    client.force_login(coordinator)
    response = upload(client, content, name=name, alt=alt)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not default_storage.exists("richtext")


@pytest.mark.django_db
def test_uploads_are_rate_limited(client, staff_user):
    client.force_login(staff_user)
    answers = [upload(client).status_code for _ in range(31)]
    assert answers[:30] == [201] * 30
    assert answers[30] == 429


# --- preview -------------------------------------------------------------------------


@pytest.mark.django_db
def test_preview_shows_the_sanitised_text(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        PREVIEW, {"html": "Un.\n\n- a\n- b\n\n<script>alert(1)</script>"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<p>Un.</p>" in body and "<li>a</li>" in body and "<script" not in body


@pytest.mark.django_db
def test_preview_says_when_an_image_lacks_its_description(client, coordinator):
    client.force_login(coordinator)
    body = client.post(PREVIEW, {"html": '<p><img src="/media/a.png"></p>'}).content
    assert "text alternative" in body.decode()


@pytest.mark.django_db
def test_preview_is_for_writers_only(client, make_user):
    assert client.post(PREVIEW, {"html": "x"}).status_code == 403
    client.force_login(make_user("someone@example.org"))
    assert client.post(PREVIEW, {"html": "x"}).status_code == 403


@pytest.mark.django_db
def test_an_amended_draft_keeps_its_paragraphs_and_the_diff_compares_words(
    draft, process
):
    from plaidoyer.processes.selectors import version_diff
    from plaidoyer.processes.services import amend_draft

    amend_draft(
        by=process["steering_user"],
        draft=draft,
        title=draft.title_fr,
        text="Dans chaque ville.\n\nEt dans chaque commune.",
    )
    draft.refresh_from_db()
    assert draft.text_fr == "<p>Dans chaque ville.</p>\n<p>Et dans chaque commune.</p>"
    older, newer = draft.versions.order_by("number")
    changes = version_diff(older, newer)
    inserted = " ".join(text for op, text in changes if op == "insert")
    assert "Et dans chaque commune." in inserted
    assert not any("<" in text for _, text in changes)
