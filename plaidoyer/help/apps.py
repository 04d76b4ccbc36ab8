from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    name = "plaidoyer.help"
    label = "help"
    verbose_name = _("Help against discrimination")

    def ready(self):
        from . import personal_data, tasks  # noqa: F401 - register jobs, providers
