from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "plaidoyer.commitments"
    label = "commitments"
    verbose_name = _("Memorandum and barometer")

    def ready(self):
        from plaidoyer.core import search

        from .selectors import search_recommendations

        search.register(
            "recommendations",
            _("Recommendations"),
            search_recommendations,
            order=50,
            more="commitments:current_memorandum",
            module="commitments",
        )
        from . import (
            personal_data,  # noqa: F401 - registers its providers
            tasks,  # noqa: F401 - registers the periodic jobs
        )
