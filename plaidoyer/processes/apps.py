from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "plaidoyer.processes"
    label = "processes"
    verbose_name = _("Participatory processes")

    def ready(self):
        from plaidoyer.core import search

        from .selectors import search_processes

        search.register(
            "processes",
            _("Participatory processes"),
            search_processes,
            order=70,
            module="processes",
        )
        from . import (
            personal_data,  # noqa: F401 - registers its providers
            tasks,  # noqa: F401 - registers the periodic jobs
        )
