from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "plaidoyer.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns and labels")

    def ready(self):
        from plaidoyer.core import search

        from .selectors import search_campaigns

        search.register(
            "campaigns",
            _("Campaigns"),
            search_campaigns,
            order=60,
            module="campaigns",
        )
        from . import (
            personal_data,  # noqa: F401 - registers its providers
            tasks,  # noqa: F401 - registers the periodic jobs
        )
