from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "plaidoyer.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from . import tasks  # noqa: F401 - registers the periodic jobs
