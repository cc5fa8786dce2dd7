"""The delivery task (Django's Tasks API), and putting it on the queue or taking it off.

A task only wakes a delivery up: the follow-up's row decides whether anything is sent, so a
task that runs twice, late or for a deleted row is harmless.

Putting the task on the queue and taking it off live here, beside the task. Its body
(deliver.py, which sends) is imported only when a task runs, so whatever enqueues one
(scheduling, which crylog.cries uses) never imports the senders.
"""

from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING

from django.tasks import TaskResultStatus, task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from crylog.followups.models import FollowUp

if TYPE_CHECKING:
    from crylog.accounts.models import User


@task
def deliver_followup(followup_id: int) -> str:
    # Here, not at the top: enqueueing must not import the senders.
    from crylog.followups.deliver import deliver

    return deliver(followup_id=followup_id)


def enqueue_delivery(*, followup_id: int, run_after: datetime) -> None:
    """Put a delivery task on the queue; with the database backend it commits with the caller."""
    deliver_followup.using(run_after=run_after).enqueue(followup_id)


def deliveries_forget(*, user: "User") -> int:
    """Drop the person's queued delivery tasks, for an account about to be deleted.

    A task that is already running finds its follow-up gone and sends nothing; this only
    keeps the queue from holding work (and follow-up ids) of someone who is no longer here.
    """
    followup_ids = list(FollowUp.objects.for_user(user).values_list("pk", flat=True))
    return deliveries_drop(followup_ids=followup_ids)


def deliveries_drop(*, followup_ids: Collection[int]) -> int:
    """Delete the queued (not yet running) delivery tasks of these follow-ups.

    For follow-ups that need no task any more: delivered with another's, or about to go. Only
    the database backend's queue can be edited; on another backend the tasks stay, and each
    finds nothing to do when it runs.
    """
    if not followup_ids or not isinstance(deliver_followup.get_backend(), DatabaseBackend):
        return 0
    queued = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=deliver_followup.module_path,
        args_kwargs__args__0__in=list(followup_ids),
    )
    return queued.delete()[0]
