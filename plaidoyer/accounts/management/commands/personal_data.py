"""Show, export or erase what the platform holds on one email address."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from plaidoyer.core import personal_data

# Who erased or exported, in the audit log.
BY_COMMAND = "manage.py personal_data"


class Command(BaseCommand):
    help = (
        "List what the platform holds on an email address; with --export, write "
        "it to a zip file; with --erase, erase it (asks first unless --yes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--export", metavar="FILE.zip", help="write the export")
        parser.add_argument("--erase", action="store_true", help="erase it all")
        parser.add_argument(
            "--yes", action="store_true", help="erase without asking first"
        )

    def handle(self, *args, email, export, erase, yes, **options):
        try:
            email = personal_data.normalise(email)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        groups = personal_data.collect(email)
        for provider, rows in groups:
            self.stdout.write(f"{provider.kind}: {len(rows)}")
        if not groups:
            self.stdout.write("Nothing is held on this address.")
        if export:
            content = personal_data.export(email=email, by=BY_COMMAND, allowed=True)
            Path(export).write_bytes(content)
            self.stdout.write(f"Export written to {export}.")
        if erase:
            if not yes:
                answer = input(f"Erase everything held on {email}? Type 'yes': ")
                if answer.strip().lower() != "yes":
                    raise CommandError("Nothing erased.")
            counts = personal_data.erase(email=email, by=BY_COMMAND, allowed=True)
            self.stdout.write(f"Erased: {sum(counts.values())} records.")
