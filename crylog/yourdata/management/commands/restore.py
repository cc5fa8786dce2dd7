from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crylog.yourdata.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database, which "
        "must be empty. Stop the web and the workers first; migrate afterwards when the "
        "code is newer than the backup."
    )
    # The checks of JSON fields open the database, and SQLite would make an empty file there
    # before the backup is even read; restore opens nothing until the backup has passed.
    requires_system_checks: tuple[str, ...] = ()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A file written by `manage.py backup`.")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {file}")
