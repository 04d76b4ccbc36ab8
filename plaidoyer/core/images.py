"""Uploaded images, made safe to serve: decoded and encoded again by Pillow.

Re-encoding keeps only pixels: EXIF (with its GPS position and camera serial),
comments and anything appended to the file (a GIF followed by a script) are gone.
The picture is turned upright from its EXIF orientation first, then fitted into
``max_side`` pixels, so that a phone photo of 12 MB becomes a file of a few
hundred kB. Images of more than ``max_pixels`` are refused before decoding.
"""

from __future__ import annotations

import io
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png"}
MAX_PIXELS = 25_000_000


def normalise_image(upload, *, max_side: int = 1200, max_pixels: int = MAX_PIXELS):
    """Return ``upload`` re-encoded as a ContentFile named ``<stem>.<ext>``."""
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            kind = probe.format or ""
            width, height = probe.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("This file is not an image we can read."), code="invalid_image"
        ) from exc
    if kind not in FORMATS:
        raise ValidationError(
            _("Upload the image as PNG, JPEG, WebP or GIF."), code="image_format"
        )
    if width * height > max_pixels:
        raise ValidationError(
            _(
                "The image is too large (%(width)d × %(height)d pixels). "
                "Upload one of at most %(megapixels)d megapixels."
            )
            % {"width": width, "height": height, "megapixels": max_pixels // 10**6},
            code="image_pixels",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.load()  # decodes everything: a truncated file fails here
            picture = ImageOps.exif_transpose(image)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("This file is not an image we can read."), code="invalid_image"
        ) from exc
    picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out_format = "PNG" if kind == "GIF" else kind
    if out_format == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    if out_format in ("PNG", "WEBP") and picture.mode == "P":
        picture = picture.convert("RGBA")
    buffer = io.BytesIO()
    options = {"optimize": True}
    if out_format in ("JPEG", "WEBP"):
        options["quality"] = 85
    picture.save(buffer, format=out_format, **options)  # no exif= : metadata dropped
    stem = os.path.splitext(os.path.basename(getattr(upload, "name", "") or "image"))[0]
    return ContentFile(
        buffer.getvalue(), name=f"{stem[:80] or 'image'}.{FORMATS[kind]}"
    )
