"""Cards show uploaded pictures in sizes made when they are saved, or a placeholder."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from plaidoyer.news import services
from plaidoyer.news.models import Article

pytestmark = pytest.mark.django_db


def _png(size=(1600, 1000), colour="teal", mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _publish(coordinator, **fields):
    return services.save_article(
        by=coordinator,
        article=Article(
            title_fr="Une marche pour l'égalité",
            summary_fr="Résumé",
            status="published",
            **fields,
        ),
    )


def test_saving_an_article_with_an_image_makes_its_three_sizes(settings, coordinator):
    article = _publish(
        coordinator,
        image=SimpleUploadedFile("marche.png", _png(), "image/png"),
        image_alt_fr="Des manifestants sur une place",
    )

    made = sorted((settings.MEDIA_ROOT / "sizes").rglob("*.webp"))
    sizes = sorted(Image.open(path).size for path in made)
    assert sizes == [(400, 225), (800, 450), (1200, 675)]
    # The page only writes URLs: it finds the files the save made.
    assert (settings.MEDIA_ROOT / article.image_800.name).exists()


def test_the_news_card_lists_the_sizes_in_srcset_with_width_and_height(
    client, coordinator
):
    article = _publish(
        coordinator,
        image=SimpleUploadedFile("marche.png", _png(), "image/png"),
        image_alt_fr="Des manifestants sur une place",
    )

    body = client.get(reverse("news:articles")).content.decode()

    img = re.search(r"<img [^>]*srcset=[^>]*>", body).group(0)
    for width in (400, 800, 1200):
        assert f"{getattr(article, f'image_{width}').url} {width}w" in img
    assert 'width="800" height="450"' in img
    assert 'alt="Des manifestants sur une place"' in img
    assert 'loading="lazy"' in img and "sizes=" in img


def test_a_card_without_image_shows_a_placeholder_not_an_image(client, coordinator):
    _publish(coordinator)

    body = client.get(reverse("news:articles")).content.decode()

    card = re.search(r'<li class="article-card">.*?</li>', body, re.S).group(0)
    assert '<span class="placeholder placeholder-news ' in card
    assert 'aria-hidden="true"' in card
    assert "<img" not in card


def test_an_image_pillow_cannot_resize_does_not_fail_the_save(settings, coordinator):
    article = Article(title_fr="Image abîmée", slug="image-abimee")
    article.image.save("broken.png", ContentFile(b"\x89PNG not really"), save=False)

    article.save()

    assert Article.objects.filter(pk=article.pk).exists()
    assert not list((settings.MEDIA_ROOT / "sizes").rglob("*.webp"))


def test_an_organisation_logo_is_fitted_whole_on_a_transparent_square(
    settings, client, organisation
):
    organisation.logo.save("logo.png", ContentFile(_png((300, 100), "navy")))

    small = Image.open(settings.MEDIA_ROOT / organisation.logo_160.name)
    assert small.size == (160, 160)
    assert small.mode == "RGBA" and small.getpixel((80, 2))[3] == 0  # padded
    assert small.getpixel((80, 80))[3] == 255  # the logo itself
    body = client.get(reverse("organisations:directory")).content.decode()
    assert f"{organisation.logo_320.url} 320w" in body
