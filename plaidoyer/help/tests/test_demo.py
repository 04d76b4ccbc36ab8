import io

import pytest
from django.core.management import call_command

from plaidoyer.help import figures
from plaidoyer.help.models import HandlingDesk, Testimony

pytestmark = pytest.mark.django_db


def test_the_demo_shows_where_to_turn_in_antwerp_and_figures(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # again: nothing duplicated
    assert HandlingDesk.objects.count() == 3
    assert Testimony.objects.count() == 90
    body = client.get(
        "/nl/help/", {"field": "housing", "ground": "origin", "place": "2000"}
    ).content.decode()
    assert (
        'data-slug="unia"' in body
        and 'data-slug="vlaams-mensenrechteninstituut"' in body
    )
    assert body.count('class="card help-service"') >= 2
    assert "Maandag en donderdag" in body
    years = figures.published()
    assert len(years) == 2 and all(y.total.count for y in years)
    assert any(c.count for y in years for t in y.tables for c in t.cells)
