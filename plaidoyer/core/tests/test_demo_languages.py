"""The demo reads as a real coalition's site in each of the four languages: no
translated text of any demo object is left empty in French, Dutch, English or
German."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from modeltranslation.manager import MultilingualManager
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "nl", "en", "de")


def _gaps():
    """Yield (model, pk, field, language) for every empty translation of a row
    that has the field in some language (a field empty in all four is an
    optional field the demo leaves out)."""
    for model in translator.get_registered_models(abstract=False):
        if model._meta.proxy or not apps.is_installed(model._meta.app_config.name):
            continue
        fields = sorted(translator.get_options_for_model(model).fields)
        names = [
            build_localized_fieldname(field, lang)
            for field in fields
            for lang in LANGUAGES
        ]
        manager = model._base_manager
        if isinstance(manager, MultilingualManager):
            manager = manager.rewrite(False)
        for row in manager.values("pk", *names):
            for field in fields:
                values = {
                    lang: row[build_localized_fieldname(field, lang)]
                    for lang in LANGUAGES
                }
                if not any(values.values()):
                    continue
                for lang, value in values.items():
                    if not value or not str(value).strip():
                        yield (model._meta.label, row["pk"], field, lang)


def test_every_translated_text_of_the_demo_is_filled_in_four_languages(
    settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    call_command("load_demo", stdout=io.StringIO())
    gaps = list(_gaps())
    assert not gaps, f"{len(gaps)} empty translations, e.g. {gaps[:20]}"


def test_loading_the_demo_again_completes_an_older_demos_translations(
    settings, tmp_path
):
    from plaidoyer.campaigns.models import Campaign
    from plaidoyer.commitments.models import MemorandumItem, Recommendation
    from plaidoyer.events.models import Event
    from plaidoyer.news.models import Article, Page
    from plaidoyer.organisations.models import Organisation
    from plaidoyer.processes.models import Draft, Phase

    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    call_command("load_demo", stdout=io.StringIO())
    # An older demo had French, some Dutch and English, and no German.
    for model, field in (
        (Recommendation, "title_de"),
        (MemorandumItem, "text_de"),
        (Event, "description_nl"),
        (Article, "summary_en"),
        (Page, "body_de"),
        (Draft, "title_en"),
        (Phase, "name_de"),
        (Campaign, "description_de"),
        (Organisation, "name_nl"),
    ):
        model._base_manager.update(**{field: None})
    edited = Page.objects.get(slug="missions")
    Page.objects.filter(pk=edited.pk).update(body_nl="<p>Onze eigen tekst.</p>")
    call_command("load_demo", stdout=io.StringIO())
    gaps = list(_gaps())
    assert not gaps, f"{len(gaps)} empty translations, e.g. {gaps[:20]}"
    # What someone wrote is kept.
    assert Page.objects.get(pk=edited.pk).body_nl == "<p>Onze eigen tekst.</p>"
