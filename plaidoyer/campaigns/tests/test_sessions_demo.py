"""The demo shows writing sessions across Belgium, in four languages."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from plaidoyer.campaigns import selectors, services
from plaidoyer.campaigns.models import Campaign, SessionRequest, WritingSession

pytestmark = pytest.mark.django_db


def test_the_demo_has_sessions_in_several_towns_and_languages(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    call_command("load_demo", stdout=io.StringIO())
    campaign = Campaign.objects.get(slug="marathon-des-lettres")
    sessions = list(selectors.writing_sessions(campaign))
    assert len({s.event.municipality_id for s in sessions}) == 5
    titles = " ".join(s.event.title for s in sessions)
    for word in ["Atelier", "Schrijfsessie", "Schreibwerkstatt", "Write"]:
        assert word in titles
    assert SessionRequest.objects.filter(status="pending").count() == 1
    assert len(selectors.session_points(campaign)) == 5
    assert (
        "Schreibwerkstatt"
        in client.get("/de/events/?kind=writing_session").content.decode()
    )
    # The demo's unreported session gets its one reminder, once the days are past.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30)):
        assert (
            services.remind_unreported()
            == WritingSession.objects.filter(
                batch__isnull=True, event__ends_at__lt=timezone.now()
            ).count()
        )
