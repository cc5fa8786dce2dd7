from collections.abc import Iterator
from contextlib import nullcontext
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.db import connection
from django_tasks_db.management.commands import db_worker
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.followups import services
from crylog.followups.models import PushSubscription
from crylog.followups.vapid import new_key_pair
from tests.followups.push_service import Device, PushService

SUBJECT = "mailto:reminders@crylog.example"
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)
# A Monday in June, far from any daylight-saving change.
NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def vapid(settings: object) -> tuple[str, str]:
    """A fresh VAPID key pair, and push settings that send only to 127.0.0.1, quickly."""
    public, private = new_key_pair()
    settings.VAPID_PUBLIC_KEY = public  # type: ignore[attr-defined]
    settings.VAPID_PRIVATE_KEY = private  # type: ignore[attr-defined]
    settings.VAPID_SUBJECT = SUBJECT  # type: ignore[attr-defined]
    settings.PUSH_SERVICE_HOSTS = ["127.0.0.1"]  # type: ignore[attr-defined]
    settings.PUSH_TIMEOUT_SECONDS = 0.5  # type: ignore[attr-defined]
    return public, private


@pytest.fixture
def push_service(vapid: tuple[str, str]) -> Iterator[PushService]:
    with PushService(vapid_public_key=vapid[0], subject=SUBJECT) as service:
        yield service


@pytest.fixture
def clock(time_machine: TimeMachineFixture) -> TimeMachineFixture:
    """A frozen clock at NOON: it moves only when a test shifts it."""
    time_machine.move_to(NOON, tick=False)
    return time_machine


def subscribe(user: User, device: Device) -> PushSubscription:
    return services.push_subscription_save(
        user=user,
        endpoint=device.endpoint,
        p256dh=device.p256dh,
        auth=device.auth,
        user_agent=ANDROID,
    )


def run_worker(worker_id: str = "worker-1") -> None:
    """Run django-tasks-db's own worker until no task is ready, as `db_worker --batch` does.

    Inside a test's transaction the worker must not recycle its connection between tasks,
    as a long-running worker does: that would throw the test's data away.
    """
    keep_connection = (
        mock.patch.object(db_worker, "close_old_connections", lambda: None)
        if connection.in_atomic_block
        else nullcontext()
    )
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    with keep_connection:
        worker.run()
