from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries.demo import seed_demo

DEMO_PASSWORD = "crylog demo only"


class Command(BaseCommand):
    help = (
        "Fill an account (made if missing) with illustrative demo cries, marked as such. "
        "Earlier demo cries of that account are replaced; real ones are kept."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--email", required=True, help="the account to fill")
        parser.add_argument("--cries", type=int, default=60, help="how many cries (default 60)")
        parser.add_argument(
            "--weeks", type=int, default=16, help="spread over this many weeks back (default 16)"
        )
        parser.add_argument(
            "--seed", type=int, default=2015, help="random seed, for the same data each time"
        )

    def handle(
        self, *args: Any, email: str, cries: int, weeks: int, seed: int, **options: Any
    ) -> None:
        if cries < 0 or weeks < 1:
            raise CommandError("--cries must be 0 or more and --weeks at least 1.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD)
            self.stdout.write(f"Made the account {email} with the password “{DEMO_PASSWORD}”.")
        ratings = seed_demo(user=user, cries=cries, weeks=weeks, now=timezone.now(), seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"{cries} demo cries with {ratings} mood ratings over {weeks} weeks for {email}. "
                "They are labelled “illustrative, not study data”."
            )
        )
