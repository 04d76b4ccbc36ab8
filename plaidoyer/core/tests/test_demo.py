"""`make run` loads the demo coalition: it loads, in every language, and again
without duplicating anything."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_loads_and_loads_again_without_duplicates(settings, tmp_path):
    from plaidoyer.campaigns.models import Action, Case, PaperBatch
    from plaidoyer.events.models import Event, Registration
    from plaidoyer.organisations.models import Organisation

    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    call_command("load_demo", stdout=io.StringIO())
    models = (Organisation, Event, Registration, Case, PaperBatch, Action)
    counts = [model.objects.count() for model in models]
    assert all(counts), counts
    call_command("load_demo", stdout=io.StringIO())
    assert [model.objects.count() for model in models] == counts
    # The texts a registrant agrees to are in their language.
    training = Event.objects.get(
        slug="formation-stereotypes-prejuges-discriminations-racisme"
    )
    assert training.consent_text_nl and training.consent_text_de
    assert all(q.label_nl for q in training.questions.all())
    assert all(case.letter_template_de and case.story_nl for case in Case.objects.all())
    # The authorities' replies show on the barometer.
    from plaidoyer.replies.models import Contact, Reply

    assert Contact.objects.count() == 2
    assert Reply.objects.filter(state="accepted", update__isnull=False).count() == 1


def test_demo_makes_every_cached_data_set_start_afresh(settings, tmp_path):
    from plaidoyer.core import versions
    from plaidoyer.core.versions import Version

    settings.MEDIA_ROOT = str(tmp_path)
    settings.DATA_VERSION_TTL = 0
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    before = {version: versions.current(version) for version in Version}
    call_command("load_demo", stdout=io.StringIO())
    assert all(versions.current(v) > before[v] for v in Version), [
        v for v in Version if versions.current(v) == before[v]
    ]
