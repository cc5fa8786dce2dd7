"""Background tasks (Django's Tasks API). They only wake a delivery up: the follow-up's row
decides whether anything is sent, so a task that runs twice, late or for a deleted row is harmless.
"""

from django.tasks import task


@task
def deliver_followup(followup_id: int) -> str:
    # Imported here so that scheduling (which crylog.cries uses) never imports the senders.
    from crylog.followups.deliver import deliver

    return deliver(followup_id=followup_id)
