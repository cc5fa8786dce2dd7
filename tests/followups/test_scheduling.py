"""A follow-up's life with its cry: created, moved, answered, cancelled, deleted together."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.models import Moment
from crylog.followups.models import FollowUp

pytestmark = pytest.mark.django_db


def delivery_tasks() -> list[tuple[datetime, list[object]]]:
    return [
        (task.run_after, task.args_kwargs["args"])
        for task in DBTaskResult.objects.order_by("run_after")
    ]


def test_logging_a_cry_schedules_its_follow_up_90_minutes_after_it_ended(
    clock: TimeMachineFixture, user: User
) -> None:
    cry = cry_services.cry_create(user=user, valence=30)
    followup = cry.followups.get()
    assert followup.moment == Moment.AFTER_90
    assert followup.state == FollowUp.State.SCHEDULED
    assert followup.due_at == timezone.now() + timedelta(minutes=90)
    assert followup.expires_at == timezone.now() + timedelta(minutes=150)


def test_the_delivery_task_is_enqueued_for_the_due_instant_with_the_cry(
    clock: TimeMachineFixture, user: User
) -> None:
    cry = cry_services.cry_create(user=user, valence=30)
    followup = cry.followups.get()
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "crylog.followups.tasks.deliver_followup"
    assert (task.run_after, task.args_kwargs["args"]) == (followup.due_at, [followup.pk])
    assert task.status == "READY"


def test_a_cry_that_fails_to_save_leaves_no_follow_up_and_no_task(user: User) -> None:
    def save_then_fail() -> None:
        with transaction.atomic():
            cry_services.cry_create(user=user, valence=30)
            raise RuntimeError("the request failed after the cry was written")

    with pytest.raises(RuntimeError, match="the request failed"):
        save_then_fail()
    assert not FollowUp.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_persons_own_delay_and_the_20_minute_check_in_are_scheduled_too(
    clock: TimeMachineFixture,
) -> None:
    person = User.objects.create_user(
        email="early@example.com", followup_delay_minutes=60, followup_after_20=True
    )
    cry = cry_services.cry_create(user=person, valence=30)
    due = dict(cry.followups.values_list("moment", "due_at"))
    assert due == {
        Moment.AFTER_20: timezone.now() + timedelta(minutes=20),
        Moment.AFTER_90: timezone.now() + timedelta(minutes=60),
    }
    assert [run_after for run_after, _ in delivery_tasks()] == sorted(due.values())


def test_a_cry_logged_after_its_window_closed_gets_an_expired_follow_up_and_no_task(
    clock: TimeMachineFixture, user: User
) -> None:
    cry = cry_services.cry_create(
        user=user, valence=30, ended_at=timezone.now() - timedelta(hours=3)
    )
    assert cry.followups.get().state == FollowUp.State.EXPIRED
    assert delivery_tasks() == []


def test_a_cry_logged_late_but_within_the_window_is_reminded_at_once(
    clock: TimeMachineFixture, user: User
) -> None:
    cry_services.cry_create(user=user, valence=30, ended_at=timezone.now() - timedelta(hours=2))
    [(run_after, _)] = delivery_tasks()
    assert run_after == timezone.now() - timedelta(minutes=30)  # due already: runs now


def test_a_planned_cry_gets_its_follow_up_when_it_ends(
    clock: TimeMachineFixture, user: User
) -> None:
    cry = cry_services.cry_plan(user=user, valence=60)
    assert not cry.followups.exists()
    clock.shift(timedelta(minutes=100))
    cry_services.cry_end(cry=cry, valence=35)
    assert cry.followups.get().due_at == timezone.now() + timedelta(minutes=90)


def test_editing_the_end_time_moves_an_unsent_follow_up_and_enqueues_it_for_the_new_time(
    clock: TimeMachineFixture, user: User
) -> None:
    cry = cry_services.cry_create(user=user, valence=30)
    earlier = timezone.now() - timedelta(minutes=30)
    cry_services.cry_update(cry=cry, changes={"ended_at": earlier})
    followup = cry.followups.get()
    assert followup.due_at == earlier + timedelta(minutes=90)
    assert followup.next_attempt_at == followup.due_at
    # The task for the old time stays queued; it will find nothing due and do nothing.
    assert [run_after for run_after, _ in delivery_tasks()] == [
        earlier + timedelta(minutes=90),
        timezone.now() + timedelta(minutes=90),
    ]


def test_editing_the_end_time_leaves_a_sent_follow_up_alone(
    clock: TimeMachineFixture, user: User
) -> None:
    cry = cry_services.cry_create(user=user, valence=30)
    cry.followups.update(state=FollowUp.State.SENT, sent_at=timezone.now())
    due = cry.followups.get().due_at
    cry_services.cry_update(cry=cry, changes={"ended_at": timezone.now() - timedelta(hours=1)})
    assert cry.followups.get().due_at == due


def test_answering_at_90_minutes_answers_it_and_cancels_an_unsent_20_minute_reminder(
    clock: TimeMachineFixture, user: User
) -> None:
    user.followup_after_20 = True
    user.save()
    cry = cry_services.cry_create(user=user, valence=30)
    clock.shift(timedelta(minutes=10))
    cry_services.rating_save(cry=cry, moment=Moment.AFTER_90, valence=60)
    states = dict(cry.followups.values_list("moment", "state"))
    assert states == {Moment.AFTER_90: "answered", Moment.AFTER_20: "cancelled"}
    assert cry.followups.get(moment=Moment.AFTER_90).answered_at == timezone.now()


def test_deleting_a_cry_deletes_its_follow_ups(user: User) -> None:
    cry = cry_services.cry_create(user=user, valence=30)
    cry_services.cry_delete(cry=cry)
    assert not FollowUp.objects.exists()


def test_a_follow_up_due_across_a_daylight_saving_change_is_due_90_real_minutes_later(
    time_machine: TimeMachineFixture, owner_client: Client, user: User
) -> None:
    # Berlin's clocks jump from 02:00 to 03:00 on 29 March 2026. A cry ending at 01:15 (CET)
    # is followed up at 03:45 on the wall clock (CEST): 90 real minutes, not 150.
    berlin = ZoneInfo("Europe/Berlin")
    ended = datetime(2026, 3, 29, 1, 15, tzinfo=berlin)
    time_machine.move_to(ended + timedelta(minutes=5), tick=False)
    cry = cry_services.cry_create(user=user, valence=30, ended_at=ended)
    followup = cry.followups.get()

    assert followup.due_at - ended == timedelta(minutes=90)
    assert followup.due_at == datetime(2026, 3, 29, 1, 45, tzinfo=UTC)
    page = owner_client.get(reverse("cry-detail", args=[cry.pk])).content.decode()
    assert "We'll ask again at 3:45\u00a0AM" in page
