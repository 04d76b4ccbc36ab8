"""``{% picture %}``: an uploaded picture in its responsive sizes, or a placeholder."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from plaidoyer.core.imagespecs import KINDS

register = template.Library()

LAZY = mark_safe(' loading="lazy" decoding="async"')  # noqa: S308 - a constant


@register.simple_tag
def picture(
    obj,
    field: str,
    kind: str = "wide",
    *,
    sizes: str = "100vw",
    alt: str = "",
    lazy: bool = True,
    css: str = "",
    placeholder: str = "",
):
    """``{% picture article "image" "wide" sizes="..." alt=article.image_alt %}``.

    Write an ``<img>`` whose ``srcset`` lists the sizes made on upload
    (``<field>_<width>``, core.imagespecs) with the width and height of the
    middle one, so the page keeps its layout while the picture loads. Without a
    picture, write the ``placeholder`` class's empty block (drawn by CSS, hidden
    from screen readers), or nothing.
    """
    source = getattr(obj, field, None)
    if not source:
        if not placeholder:
            return ""
        return format_html(
            '<span class="placeholder {} {}" aria-hidden="true"></span>',
            placeholder,
            css,
        )
    shape = KINDS[kind]
    widths = shape.widths
    urls = [(getattr(obj, f"{field}_{width}").url, width) for width in widths]
    default = urls[len(urls) // 2 - (1 if len(urls) % 2 == 0 else 0)]
    srcset = format_html_join(", ", "{} {}w", urls)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}>',
        default[0],
        srcset,
        sizes,
        default[1],
        shape.height(default[1]),
        alt,
        format_html(' class="{}"', css) if css else "",
        LAZY if lazy else "",
    )
