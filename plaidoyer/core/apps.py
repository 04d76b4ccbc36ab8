from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "plaidoyer.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import outbox, taskqueue, tasks  # noqa: F401 - their periodic jobs
