from contextlib import nullcontext
from unittest import mock

from django.db import connection
from django_tasks_db.management.commands import db_worker

from crylog.accounts.models import User
from crylog.followups import services
from crylog.followups.models import PushSubscription
from tests.followups.push_service import Device

ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)


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
        mock.patch.object(db_worker, "close_old_connections", return_value=None)
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
