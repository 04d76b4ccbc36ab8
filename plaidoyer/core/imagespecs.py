"""Responsive sizes of uploaded pictures, made once when the picture is saved.

A model declares one ImageSpecField per width with ``sizes(kind, source)``; the
``{% picture %}`` tag (core.templatetags.pictures) writes the ``<img>`` with its
``srcset``, ``width`` and ``height`` from the same table, so a card never reads a
file to know its size and never shifts the layout while it loads.

Every size has a fixed shape (cropped to fill, or fitted on a transparent square
for logos): its width and height are known without opening the file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from imagekit import ImageSpec
from imagekit.cachefiles.strategies import Optimistic
from imagekit.models import ImageSpecField
from pilkit.processors import ResizeToFill, ResizeToFit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kind:
    """A shape of picture: its widths and its ratio (height / width)."""

    widths: tuple[int, ...]
    ratio: float
    fit: bool = False  # fit the whole picture on a square (logos), not crop it

    def height(self, width: int) -> int:
        return round(width * self.ratio)


KINDS = {
    # News, events and a campaign's hero: wide, like a photo on a news site.
    "wide": Kind(widths=(400, 800, 1200), ratio=9 / 16),
    # The people a campaign writes for: a portrait needs more height.
    "portrait": Kind(widths=(400, 800), ratio=3 / 4),
    # Organisations' logos: the whole logo on a square, never cropped.
    "logo": Kind(widths=(160, 320), ratio=1, fit=True),
}


class GenerateOnSave(Optimistic):
    """Imagekit's Optimistic strategy (sizes made when the source is saved, the
    page then only writes their URLs), except that a picture Pillow cannot
    resize is logged instead of failing the save that stored it: the page then
    shows the original."""

    def on_source_saved(self, file):
        try:
            file.generate()
        except Exception:  # noqa: BLE001 - any decoder error; the save stands
            logger.exception("Could not make the size %s", file.name)


class _ToRGBA:
    def process(self, img):
        return img.convert("RGBA")


def _spec(kind: Kind, width: int) -> type[ImageSpec]:
    height = kind.height(width)
    if kind.fit:
        processors = [
            _ToRGBA(),
            ResizeToFit(width, height, upscale=False, mat_color=(255, 255, 255, 0)),
        ]
    else:
        processors = [ResizeToFill(width, height)]
    return type(
        f"Spec{width}x{height}",
        (ImageSpec,),
        {
            "processors": processors,
            "format": "WEBP",
            "options": {"quality": 80, "method": 4},
            "cachefile_strategy": GenerateOnSave,
        },
    )


SPECS = {
    (name, width): _spec(kind, width)
    for name, kind in KINDS.items()
    for width in kind.widths
}


def size_field(kind: str, width: int, source: str) -> ImageSpecField:
    """One size of ``source`` (an ImageField's name): name it ``<source>_<width>``
    so the ``{% picture %}`` tag finds it."""
    return ImageSpecField(source=source, spec=SPECS[(kind, width)])
