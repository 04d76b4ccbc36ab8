from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepliesConfig(AppConfig):
    name = "plaidoyer.replies"
    label = "replies"
    verbose_name = _("Authorities' replies")

    def ready(self):
        from . import (
            display,  # noqa: F401 - fills the barometer's panels
            personal_data,  # noqa: F401 - registers its providers
            tasks,  # noqa: F401 - registers the periodic jobs
        )
