from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    name = "plaidoyer.help"
    label = "help"
    verbose_name = _("Help against discrimination")

    def ready(self):
        from plaidoyer.organisations import extensions

        from . import personal_data, tasks  # noqa: F401 - register jobs, providers
        from .selectors import service_kinds_of

        # The directory's cards and map say which organisations offer help.
        extensions.register_card_notes(service_kinds_of)
