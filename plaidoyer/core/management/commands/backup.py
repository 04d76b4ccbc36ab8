from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plaidoyer.core import backup


class Command(BaseCommand):
    help = "Write the database and the uploaded files into one archive (.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="Where to write it (default: var/backups/plaidoyer-<time>.tar.gz).",
        )

    def handle(self, *args, archive: str | None, **options):
        from django.conf import settings

        path = Path(
            archive
            or settings.VAR_DIR
            / "backups"
            / f"plaidoyer-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            manifest = backup.backup(path)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup written to {path} ({manifest['engine']}, "
            f"{manifest['media_files']} media files)."
        )
