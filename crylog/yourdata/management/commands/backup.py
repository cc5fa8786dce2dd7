from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crylog.yourdata.backup import BackupError, backup, prune


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the whole database into FOLDER while the site runs "
        "(SQLite: its online backup API; PostgreSQL: pg_dump). Prints the file written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="Where backups go (made if missing).")
        parser.add_argument(
            "--keep", type=int, default=0, help="Then delete all but this many newest backups."
        )

    def handle(self, *args: Any, folder: Path, keep: int, **options: Any) -> None:
        try:
            written = backup(folder)
        except (BackupError, OSError) as error:  # OSError: a folder it may not write in
            raise CommandError(str(error)) from None
        self.stdout.write(str(written))
        if keep > 0:
            for old in prune(folder, keep=keep):
                self.stdout.write(f"deleted {old}")
