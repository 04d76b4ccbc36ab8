from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "plaidoyer.elections"
    label = "elections"
    verbose_name = _("Elections and pledges")

    def ready(self):
        from . import personal_data  # noqa: F401 - registers its providers
