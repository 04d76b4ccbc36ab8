"""Uploaded images are re-encoded: no metadata, no appended payload, bounded size."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from plaidoyer.core.images import normalise_image


def _image(fmt="JPEG", size=(40, 30), exif=None, mode="RGB") -> bytes:
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, "red").save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def test_exif_is_stripped_and_orientation_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90°: the picture is stored lying on its side
    exif[0x8825] = {2: (50.0, 51.0, 0.0)}  # a GPS position
    upload = SimpleUploadedFile("photo.jpg", _image(exif=exif, size=(40, 30)))
    result = Image.open(normalise_image(upload))
    assert result.size == (30, 40)
    assert not result.getexif()


def test_a_gif_with_a_script_appended_loses_the_script():
    payload = _image("GIF", mode="P") + b"<script>alert(document.cookie)</script>"
    result = normalise_image(SimpleUploadedFile("logo.gif", payload))
    data = result.read()
    assert b"<script>" not in data
    assert result.name == "logo.png" and data.startswith(b"\x89PNG")


def test_large_images_are_fitted_into_the_bounding_box():
    upload = SimpleUploadedFile("big.png", _image("PNG", size=(4000, 1000)))
    assert Image.open(normalise_image(upload, max_side=1200)).size == (1200, 300)


def test_images_over_the_pixel_limit_are_refused_before_decoding():
    upload = SimpleUploadedFile("bomb.png", _image("PNG", size=(6000, 5000)))
    with pytest.raises(ValidationError) as exc:
        normalise_image(upload)
    assert exc.value.code == "image_pixels"


@pytest.mark.parametrize(
    "content",
    [b"GIF89a but not really", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b""],
)
def test_files_that_are_not_images_are_refused(content):
    with pytest.raises(ValidationError) as exc:
        normalise_image(SimpleUploadedFile("logo.gif", content))
    assert exc.value.code == "invalid_image"


def test_truncated_images_are_refused():
    data = _image("PNG", size=(300, 300))
    with pytest.raises(ValidationError):
        normalise_image(SimpleUploadedFile("cut.png", data[: len(data) // 2]))
