"""Load the demo coalition. Safe to run again: nothing is duplicated."""

import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from plaidoyer.core import versions
from plaidoyer.core.versions import Version


class Command(BaseCommand):
    help = "Load (or refresh) the demo data of every app, in dependency order."

    def handle(self, *args, **options):
        # INSTALLED_APPS lists apps lower-first, the order their data depends on.
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            with transaction.atomic():
                summary = module.load()
            self.stdout.write(f"{config.label}: {summary}")
        # Demo rows are written directly: make every cached page start afresh.
        for version in Version:
            versions.bump(version)
