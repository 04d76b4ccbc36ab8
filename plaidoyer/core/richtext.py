"""Rich text fields: django-prose-editor's editor, core.html's one allowlist.

``RichTextField`` is a TextField (its migrations say so) whose form field is the
editor in every form, the admin's included, and whose value is sanitised by
``core.html.clean_rich_text`` whether it comes from a form or a model's
``full_clean()``. Without JavaScript the editor is a textarea: blank lines make
paragraphs and "- " lines a list (``core.html.text_to_html``).

The editor's own ``configurable`` preset loads through an inline import map, and
TipTap adds a ``<style>`` element: both break the Content-Security-Policy. The
widget loads ``js/rich-text.js`` instead, a module that imports the editor by a
relative path and starts it with ``injectCSS: false``.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField, ProseEditorFormField
from django_prose_editor.widgets import ProseEditorWidget

from .html import clean_rich_text

EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "HardBreak": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Heading": {"levels": [2, 3, 4]},
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Image": True,
}
HINT = _(
    "Leave a blank line between paragraphs; start lines with “- ” for a list. "
    "Images need a description."
)

# Who may upload images and preview: coordinators here; apps above core add
# their writers (organisations adds the staff of member organisations).
writers: list[Callable[[object], bool]] = [
    lambda user: bool(user.is_coordinator or user.is_superuser)
]


def can_write_rich_text(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return any(check(user) for check in writers)


class RichTextWidget(ProseEditorWidget):
    """The editor, without the inline import map and style element (CSP)."""

    template_name = "core/widgets/rich_text.html"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": EXTENSIONS})
        kwargs.setdefault("preset", "configurable")
        super().__init__(*args, **kwargs)

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "css/rich-text.css",
                ]
            },
            js=[forms.Script("js/rich-text.js", type="module")],
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        config = context["widget"]["attrs"].pop(
            f"data-django-prose-editor-{self.preset}"
        )
        context["widget"]["attrs"]["data-rich-text"] = config
        context["widget"]["attrs"]["rows"] = 12
        context["hint"] = HINT
        context["upload_url"] = reverse("core:rich_text_image")
        context["preview_url"] = reverse("core:rich_text_preview")
        return context


class RichTextFormField(ProseEditorFormField):
    def __init__(self, *args, **kwargs):
        kwargs.pop("widget", None)  # the admin's textarea too: one editor
        kwargs["sanitize"] = clean_rich_text
        kwargs.setdefault("config", {"extensions": EXTENSIONS})
        kwargs.setdefault("preset", "configurable")
        super().__init__(*args, widget=RichTextWidget, **kwargs)

    def clean(self, value):
        return self.sanitize(forms.CharField.clean(self, value))


class RichTextField(ProseEditorField):
    """A TextField holding sanitised HTML, edited with the editor."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": EXTENSIONS})
        kwargs.setdefault("sanitize", clean_rich_text)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})
