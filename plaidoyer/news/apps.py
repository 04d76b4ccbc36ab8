from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "plaidoyer.news"
    label = "news"
    verbose_name = _("News, resources and pages")

    def ready(self):
        from plaidoyer.core import search

        from .selectors import search_articles, search_resources

        search.register(
            "articles", _("News"), search_articles, order=20, more="news:articles"
        )
        search.register(
            "resources",
            _("Resources"),
            search_resources,
            order=30,
            more="news:resources",
        )
        from . import (
            personal_data,  # noqa: F401 - registers its providers
            receivers,  # noqa: F401 - hears the provider's bounces
            tasks,  # noqa: F401 - registers the periodic jobs
        )
