from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "plaidoyer.processes"
    label = "processes"
    verbose_name = _("Participatory processes")

    def ready(self):
        from . import tasks  # noqa: F401 - registers the periodic jobs
