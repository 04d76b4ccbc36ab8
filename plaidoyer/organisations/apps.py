from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "plaidoyer.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from plaidoyer.core import search

        from .selectors import search_organisations

        search.register(
            "organisations",
            _("Organisations"),
            search_organisations,
            order=10,
            more="organisations:directory",
        )
        from plaidoyer.core import richtext

        from . import personal_data  # noqa: F401 - registers its providers
        from .models import Staff

        # Member organisations' staff write rich text too (events, their profile).
        richtext.writers.append(lambda user: Staff.objects.filter(user=user).exists())
