from typing import Any

from django.core.management.base import BaseCommand

from crylog.followups.vapid import new_key_pair


class Command(BaseCommand):
    help = "Print a new VAPID key pair as environment variable lines (VAPID_PUBLIC_KEY=...)."

    def handle(self, *args: Any, **options: Any) -> None:
        public, private = new_key_pair()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}\nVAPID_PRIVATE_KEY={private}")
