import signal
import threading
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from crylog.followups.deliver import sweep


class Command(BaseCommand):
    help = (
        "Expire stale follow-ups and enqueue again those whose delivery was lost "
        "(a failed task, a killed worker). Runs in a loop unless --once is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Sweep once, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.FOLLOWUP_SWEEP_INTERVAL_SECONDS,
            help="Seconds between sweeps (default: FOLLOWUP_SWEEP_INTERVAL_SECONDS).",
        )

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        self.stopping = threading.Event()
        if not once:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        while True:
            report = sweep()
            if report.expired or report.enqueued or report.pruned or once:
                self.stdout.write(
                    f"expired {report.expired}, enqueued again {report.enqueued}, "
                    f"pruned {report.pruned} old attempts"
                )
            if once or self.stopping.wait(interval):
                return
            close_old_connections()  # as after a request: drop a broken or aged connection

    def stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping.set()
