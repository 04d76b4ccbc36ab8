"""Re-encrypt the testimonies under the first of HELP_ENCRYPTION_KEYS."""

from django.core.management.base import BaseCommand

from plaidoyer.help.services import rotate_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every testimony and message under the first key of "
        "HELP_ENCRYPTION_KEYS; the older keys can then be removed."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{rotate_keys()} testimonies re-encrypted.")
