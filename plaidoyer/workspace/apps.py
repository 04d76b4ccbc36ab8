from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "plaidoyer.workspace"
    label = "workspace"
    verbose_name = _("Workspace")

    def ready(self):
        from . import personal_data  # noqa: F401 - registers its providers
