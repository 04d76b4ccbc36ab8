from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "plaidoyer.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from plaidoyer.core import search

        from .selectors import search_events

        search.register(
            "events",
            _("Events"),
            search_events,
            order=40,
            more="events:agenda",
            module="events",
        )
        from . import (
            personal_data,  # noqa: F401 - registers its providers
            tasks,  # noqa: F401 - registers the periodic jobs
        )
