from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plaidoyer.core import backup


class Command(BaseCommand):
    help = "Replace the database and the uploaded files with those of a backup."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation."
        )

    def handle(self, *args, archive: str, yes: bool, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if not yes and (
            input("This replaces the whole database and media. Type 'yes': ") != "yes"
        ):
            raise CommandError("Nothing restored.")
        try:
            manifest = backup.restore(path)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}. "
            "Run `manage.py migrate` if the code is newer than the backup."
        )
