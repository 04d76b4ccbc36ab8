from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "plaidoyer.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import (  # noqa: F401 - their periodic jobs
            outbox,
            personal_data,  # noqa: F401 - registers core's providers
            suppressions,  # noqa: F401 - hears the provider's bounces
            taskqueue,
            tasks,
        )
