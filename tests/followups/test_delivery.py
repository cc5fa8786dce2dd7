"""Delivery on real parts: django-tasks-db's worker, the database, a push service on 127.0.0.1."""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import http_ece
import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from py_vapid import VapidException
from pytest_django import Settings
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.models import Moment
from crylog.followups import push
from crylog.followups.deliver import claim, sweep
from crylog.followups.models import DeliveryAttempt, FollowUp, PushSubscription
from crylog.followups.services import followup_skip
from crylog.followups.tasks import enqueue_delivery
from tests.conftest import make_user
from tests.followups.conftest import run_worker, subscribe
from tests.followups.push_service import HANG, Device, PushService, b64url

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db: None) -> User:
    return make_user("person@example.com")


def log_cry(person: User) -> FollowUp:
    cry = cry_services.cry_create(user=person, valence=30)
    return cry.followups.get()


def phone_and_cry(push_service: PushService, person: User, *answers: int | str) -> FollowUp:
    """The person's phone (answering with ``answers``, then 201) and a cry that just ended."""
    subscribe(person, push_service.device("phone", *answers))
    return log_cry(person)


def test_a_worker_run_at_the_due_time_delivers_the_reminder_to_the_push_service(
    clock: TimeMachineFixture, push_service: PushService, person: User
) -> None:
    followup = phone_and_cry(push_service, person)

    clock.shift(timedelta(minutes=89))
    run_worker()
    assert push_service.messages == []

    clock.shift(timedelta(minutes=1))
    run_worker()
    [message] = push_service.delivered("phone")
    assert message.payload["title"] == "Time for your check-in"
    assert message.payload["url"] == f"/followups/{followup.pk}/"
    assert message.headers["topic"] == f"followup-{followup.pk}"
    assert 0 < int(message.headers["ttl"]) <= 3600
    assert push_service.rejections == []
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.SENT
    assert followup.sent_at == timezone.now()
    [attempt] = followup.delivery_attempts.all()
    assert (attempt.channel, attempt.outcome, attempt.status_code) == ("push", "sent", 201)
    assert PushSubscription.objects.get().last_success_at == timezone.now()


# The second worker has its own connection: both must see what the other committed.
@pytest.mark.django_db(transaction=True)
def test_two_racing_workers_send_once(
    clock: TimeMachineFixture, push_service: PushService, person: User
) -> None:
    followup = phone_and_cry(push_service, person)
    clock.shift(timedelta(minutes=90))
    # A second task for the same follow-up, as when the sweep enqueues one it thinks was lost.
    enqueue_delivery(followup_id=followup.pk, run_after=timezone.now())
    second: list[str] = []

    def second_worker_runs_while_the_first_is_sending() -> None:
        run_worker("worker-2")
        second.extend(
            str(task.return_value) for task in DBTaskResult.objects.filter(worker_ids=["worker-2"])
        )
        connections.close_all()

    push_service.while_answering = second_worker_runs_while_the_first_is_sending
    run_worker("worker-1")

    assert len(push_service.delivered()) == 1
    assert second == ["nothing to do"]
    results = [str(task.return_value) for task in DBTaskResult.objects.all()]
    assert sorted(results) == ["nothing to do", "sent"]


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_removed_and_not_tried_again(
    clock: TimeMachineFixture, push_service: PushService, person: User, status: int
) -> None:
    subscribe(person, push_service.device("old-phone", status))
    subscribe(person, push_service.device("new-phone"))
    followup = log_cry(person)
    clock.shift(timedelta(minutes=90))
    run_worker()

    assert [d.endpoint.rsplit("/", 1)[1] for d in PushSubscription.objects.all()] == ["new-phone"]
    assert len(push_service.delivered("new-phone")) == 1
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.SENT
    outcomes = sorted(followup.delivery_attempts.values_list("outcome", "status_code"))
    assert outcomes == [("gone", status), ("sent", 201)]


def test_a_refusal_that_a_retry_would_not_change_is_recorded_and_not_retried(
    clock: TimeMachineFixture, push_service: PushService, person: User
) -> None:
    followup = phone_and_cry(push_service, person, 403)
    clock.shift(timedelta(minutes=90))
    run_worker()
    clock.shift(timedelta(minutes=30))
    run_worker()
    assert len(push_service.messages) == 1
    followup.refresh_from_db()
    assert (followup.state, followup.last_error) == (
        FollowUp.State.FAILED,
        "push service answered 403",
    )
    assert PushSubscription.objects.get().failures == 1


def test_a_server_error_is_tried_again_with_growing_waits_then_recorded_as_failed(
    clock: TimeMachineFixture, push_service: PushService, person: User
) -> None:
    followup = phone_and_cry(push_service, person, 500, 500, 500, 500, 500)
    clock.shift(timedelta(minutes=90))
    waits = []
    for _ in range(5):
        run_worker()
        followup.refresh_from_db()
        waits.append(followup.next_attempt_at - timezone.now())
        clock.move_to(followup.next_attempt_at)

    # 1, 2, 4, 8 minutes between attempts; the fifth failure is the last.
    assert waits[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert followup.state == FollowUp.State.FAILED
    assert followup.attempts == 5
    assert followup.last_error == "push service answered 500"
    assert followup.delivery_attempts.filter(outcome="retry", status_code=500).count() == 5
    device = PushSubscription.objects.get()
    assert (device.failures, device.last_error) == (5, "push service answered 500")
    run_worker()
    assert len(push_service.messages) == 5


def test_a_server_error_then_success_reaches_the_phone_once(
    clock: TimeMachineFixture, push_service: PushService, person: User
) -> None:
    followup = phone_and_cry(push_service, person, 500)
    clock.shift(timedelta(minutes=90))
    run_worker()
    clock.shift(timedelta(minutes=1))
    run_worker()
    clock.shift(timedelta(minutes=30))
    run_worker()

    assert [m.status for m in push_service.messages] == [500, 201]
    followup.refresh_from_db()
    assert (followup.state, followup.attempts) == (FollowUp.State.SENT, 2)
    assert PushSubscription.objects.get().failures == 0


def test_a_push_service_that_does_not_answer_in_time_is_tried_again(
    clock: TimeMachineFixture, push_service: PushService, person: User
) -> None:
    followup = phone_and_cry(push_service, person, HANG)
    clock.shift(timedelta(minutes=90))
    run_worker()
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.SCHEDULED
    assert followup.last_error.startswith("no answer from the push service")

    clock.shift(timedelta(minutes=1))
    run_worker()
    assert len(push_service.delivered("phone")) == 1


def test_a_refused_connection_is_tried_again(
    clock: TimeMachineFixture, push_service: PushService, person: User
) -> None:
    device = subscribe(person, push_service.device("phone"))
    PushSubscription.objects.filter(pk=device.pk).update(
        endpoint="http://127.0.0.1:9/push/nobody-listens"
    )
    followup = log_cry(person)
    clock.shift(timedelta(minutes=90))
    run_worker()
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.SCHEDULED
    assert followup.last_error.startswith("could not reach the push service")


def answer(followup: FollowUp) -> None:
    cry_services.rating_save(cry=followup.cry, moment=Moment(followup.moment), valence=70)


def skip(followup: FollowUp) -> None:
    followup_skip(followup=followup)


def delete_cry(followup: FollowUp) -> None:
    cry_services.cry_delete(cry=followup.cry)


@pytest.mark.parametrize("what_happens", [answer, skip, delete_cry])
def test_an_answered_skipped_or_deleted_follow_up_is_never_sent(
    clock: TimeMachineFixture,
    push_service: PushService,
    person: User,
    what_happens: Callable[[FollowUp], None],
) -> None:
    followup = phone_and_cry(push_service, person)
    clock.shift(timedelta(minutes=45))
    what_happens(followup)
    clock.shift(timedelta(minutes=45))
    run_worker()
    assert push_service.messages == []


def test_a_follow_up_whose_window_closed_before_any_worker_ran_expires_unsent(
    clock: TimeMachineFixture, push_service: PushService, person: User
) -> None:
    followup = phone_and_cry(push_service, person)
    # The workers were down from the due time until after the answer window (150 min).
    clock.shift(timedelta(minutes=151))
    run_worker()
    assert push_service.messages == []
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.EXPIRED


def test_retries_stop_at_the_end_of_the_answer_window(
    clock: TimeMachineFixture, push_service: PushService, person: User, settings: Settings
) -> None:
    settings.FOLLOWUP_RETRY_SECONDS = 20 * 60
    settings.FOLLOWUP_MAX_ATTEMPTS = 10
    followup = phone_and_cry(push_service, person, *[500] * 10)
    clock.shift(timedelta(minutes=90))
    run_worker()  # next try in 15 minutes (the longest wait)
    for _ in range(5):
        clock.shift(timedelta(minutes=15))
        run_worker()
    followup.refresh_from_db()
    # 90, 105, 120, 135 minutes after the cry; 150 would be too late to remind anyone.
    assert len(push_service.messages) == 4
    assert followup.state == FollowUp.State.FAILED


def test_a_delivery_killed_between_claim_and_send_is_recovered_by_the_sweep(
    clock: TimeMachineFixture, push_service: PushService, person: User
) -> None:
    followup = phone_and_cry(push_service, person)
    clock.shift(timedelta(minutes=90))
    # What a worker killed mid-task leaves behind: its task RUNNING for ever, the follow-up
    # claimed, nothing sent.
    task = DBTaskResult.objects.ready().get()
    task.claim("killed-worker")
    assert claim(followup_id=followup.pk, now=timezone.now()) is not None

    run_worker()
    assert sweep().enqueued == 0  # the claim is still live: no second delivery yet
    assert push_service.messages == []

    clock.shift(timedelta(minutes=5, seconds=1))  # the claim's lease runs out
    assert sweep().enqueued == 1
    run_worker()
    assert len(push_service.delivered("phone")) == 1
    followup.refresh_from_db()
    assert (followup.state, followup.attempts) == (FollowUp.State.SENT, 2)
    assert sweep().enqueued == 0


def test_a_failed_task_is_enqueued_again_by_the_sweep(
    clock: TimeMachineFixture, push_service: PushService, person: User
) -> None:
    followup = phone_and_cry(push_service, person)
    # The task is gone (a queue lost it, or it crashed before claiming): only the row remains.
    DBTaskResult.objects.all().delete()
    clock.shift(timedelta(minutes=91))
    assert sweep().enqueued == 0  # give the queue two minutes' grace
    clock.shift(timedelta(minutes=1))
    assert sweep().enqueued == 1
    run_worker()
    assert len(push_service.delivered("phone")) == 1
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.SENT


def test_every_call_signs_fresh_claims_for_its_own_push_service(
    clock: TimeMachineFixture, push_service: PushService, vapid: tuple[str, str], person: User
) -> None:
    # pywebpush writes aud and exp into the claims it gets: shared claims would carry the
    # first service's audience to the second.
    with PushService(vapid_public_key=vapid[0], subject=push_service.subject) as other:
        subscribe(person, push_service.device("phone"))
        subscribe(person, other.device("laptop"))
        log_cry(person)
        clock.shift(timedelta(minutes=90))
        run_worker()
        assert len(other.delivered("laptop")) == 1
        assert other.rejections == []
    assert len(push_service.delivered("phone")) == 1
    assert push_service.rejections == []


def test_a_person_without_devices_or_e_mail_has_the_follow_up_marked_sent_for_the_home_page(
    clock: TimeMachineFixture, push_service: PushService, person: User
) -> None:
    followup = log_cry(person)
    clock.shift(timedelta(minutes=90))
    run_worker()
    followup.refresh_from_db()
    assert (followup.state, followup.sent_at) == (FollowUp.State.SENT, timezone.now())
    assert not DeliveryAttempt.objects.exists()


# Many follow-ups due at once: one task takes a batch of them.


def cries_of_people(
    push_service: PushService, *answers_per_phone: tuple[int | str, ...]
) -> list[FollowUp]:
    """One person per phone (answering as given), each with a cry that just ended."""
    followups = []
    for number, answers in enumerate(answers_per_phone):
        person = make_user(f"person{number}@example.com")
        subscribe(person, push_service.device(f"phone-{number}", *answers))
        followups.append(log_cry(person))
    return followups


def test_follow_ups_due_together_go_out_once_each_from_one_task(
    clock: TimeMachineFixture, push_service: PushService
) -> None:
    followups = cries_of_people(push_service, *[()] * 5)
    clock.shift(timedelta(minutes=90))
    run_worker()

    topics = sorted(m.headers["topic"] for m in push_service.delivered())
    assert topics == sorted(f.topic for f in followups)
    assert push_service.rejections == []
    # The first task delivered all five and took the other four tasks off the queue.
    [task] = DBTaskResult.objects.all()
    assert task.return_value == "sent; with it 4 more: 4 sent"
    assert set(FollowUp.objects.values_list("state", flat=True)) == {FollowUp.State.SENT}
    assert DeliveryAttempt.objects.filter(outcome="sent").count() == 5
    assert set(PushSubscription.objects.values_list("last_success_at", flat=True)) == {
        timezone.now()
    }


def test_a_task_takes_no_more_than_the_batch_size(
    clock: TimeMachineFixture, push_service: PushService, settings: Settings
) -> None:
    settings.FOLLOWUP_BATCH_SIZE = 2
    cries_of_people(push_service, *[()] * 5)
    clock.shift(timedelta(minutes=90))
    run_worker()

    assert len(push_service.delivered()) == 5
    assert len({m.headers["topic"] for m in push_service.delivered()}) == 5
    results = sorted(str(task.return_value) for task in DBTaskResult.objects.all())
    assert results == ["sent", "sent; with it 1 more: 1 sent", "sent; with it 1 more: 1 sent"]


def test_each_follow_up_in_a_batch_is_settled_by_its_own_phone(
    clock: TimeMachineFixture, push_service: PushService
) -> None:
    fine, flaky, gone = cries_of_people(push_service, (), (500,), (410,))
    clock.shift(timedelta(minutes=90))
    run_worker()

    for followup in (fine, flaky, gone):
        followup.refresh_from_db()
    assert fine.state == FollowUp.State.SENT
    assert (flaky.state, flaky.next_attempt_at) == (
        FollowUp.State.SCHEDULED,
        timezone.now() + timedelta(minutes=1),
    )
    assert (gone.state, gone.last_error) == (FollowUp.State.FAILED, "push service answered 410")
    assert sorted(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        f"{push_service.origin}/push/phone-0",
        f"{push_service.origin}/push/phone-1",
    ]
    # Only the flaky phone's follow-up is still queued, for its retry.
    [queued] = DBTaskResult.objects.filter(status="READY")
    assert (queued.args_kwargs["args"], queued.run_after) == ([flaky.pk], flaky.next_attempt_at)

    clock.shift(timedelta(minutes=1))
    run_worker()
    assert [m.status for m in push_service.messages if m.device == "phone-1"] == [500, 201]
    assert len(push_service.messages) == 4
    flaky.refresh_from_db()
    assert (flaky.state, flaky.attempts) == (FollowUp.State.SENT, 2)


def test_a_slow_push_service_does_not_hold_up_the_other_reminders(
    clock: TimeMachineFixture, push_service: PushService
) -> None:
    waiting, most_waiting = 0, 0
    lock = threading.Lock()

    def answer_slowly() -> None:
        nonlocal waiting, most_waiting
        with lock:
            waiting += 1
            most_waiting = max(most_waiting, waiting)
        time.sleep(0.2)
        with lock:
            waiting -= 1

    push_service.while_answering = answer_slowly
    cries_of_people(push_service, *[()] * 4)
    clock.shift(timedelta(minutes=90))
    run_worker()

    assert len(push_service.delivered()) == 4
    assert most_waiting > 1  # sent side by side, not one after another


def test_a_delivery_running_out_of_time_leaves_the_rest_to_their_own_tasks(
    clock: TimeMachineFixture, push_service: PushService, settings: Settings
) -> None:
    # Sends may start for 0.3 s; the first answer takes 0.4 s (within the push timeout).
    settings.FOLLOWUP_CLAIM_LEASE_SECONDS = 0.6
    settings.FOLLOWUP_SEND_THREADS = 1
    slow_once = [0.4]
    push_service.while_answering = lambda: time.sleep(slow_once.pop() if slow_once else 0)
    cries_of_people(push_service, *[()] * 3)
    clock.shift(timedelta(minutes=90))
    run_worker()

    # The first task sent its own and let the other two go; later tasks delivered them.
    results = list(DBTaskResult.objects.values_list("return_value", flat=True))
    assert "sent; with it 2 more: 2 left for later" in results
    assert len({m.headers["topic"] for m in push_service.delivered()}) == 3
    assert len(push_service.messages) == 3
    assert list(FollowUp.objects.values_list("attempts", flat=True)) == [1, 1, 1]


# One device that cannot be sent to, whatever goes wrong with it, never harms the others.

BROKEN_ENDPOINT = "https://127.0.0.1:1\\@fcm.googleapis.com/x"  # as stored before stricter rules
NOT_ON_THE_CURVE = b64url(b"\x04" + b"\x00" * 64)


def failing_for(device: Device, stage: str, error: Exception) -> Callable[..., object]:
    """push.<stage>, raising ``error`` when it works for this device and only then."""
    real = getattr(push, stage)

    def stage_that_fails(*args: object) -> object:
        if any(
            getattr(arg, "url", getattr(arg, "endpoint", None)) == device.endpoint for arg in args
        ):
            raise error
        return real(*args)

    return stage_that_fails


@contextmanager
def broken_device(stage: str, push_service: PushService, person: User) -> Iterator[None]:
    """A device of this person's that fails at ``stage`` of every send."""
    device = push_service.device("broken")
    subscription = subscribe(person, device)
    if stage == "endpoint":
        PushSubscription.objects.filter(pk=subscription.pk).update(endpoint=BROKEN_ENDPOINT)
    elif stage == "keys":
        PushSubscription.objects.filter(pk=subscription.pk).update(p256dh=NOT_ON_THE_CURVE)
    errors = {
        "sign": VapidException("Missing 'aud' from claims."),
        "encrypt": http_ece.ECEException("Invalid version"),
        "post": RuntimeError("a surprise in the HTTP client"),
    }
    if stage in errors:
        with mock.patch.object(push, stage, failing_for(device, stage, errors[stage])):
            yield
    else:
        yield


# The endpoint and keys can never work: the device is removed. The other stages fail here for
# reasons of ours (a bug, a library's surprise): the device stays, the failure is recorded.
STAGES = {
    "endpoint": "gone",
    "keys": "gone",
    "sign": "failed",
    "encrypt": "failed",
    "post": "failed",
}


@pytest.mark.parametrize("stage", STAGES)
def test_a_device_that_fails_at_any_stage_harms_nobody_else_in_the_batch(
    clock: TimeMachineFixture, push_service: PushService, stage: str
) -> None:
    others = cries_of_people(push_service, (), (), ())
    owner = make_user("owner-of-the-broken-device@example.com")
    with broken_device(stage, push_service, owner):
        broken = log_cry(owner)
        clock.shift(timedelta(minutes=90))
        run_worker()
        # One task took all four: its own and three more.
        results = DBTaskResult.objects.values_list("return_value", flat=True)
        assert len([result for result in results if "with it 3 more" in (result or "")]) == 1
        # Long after: nothing is sent again, to anyone.
        clock.shift(timedelta(minutes=20))
        assert sweep().enqueued == 0
        run_worker()

    assert sorted(m.device for m in push_service.delivered()) == ["phone-0", "phone-1", "phone-2"]
    assert push_service.rejections == []
    for followup in others:
        followup.refresh_from_db()
        assert followup.state == FollowUp.State.SENT
        assert followup.delivery_attempts.get().outcome == "sent"
    broken.refresh_from_db()
    assert broken.state == FollowUp.State.FAILED
    [attempt] = broken.delivery_attempts.all()
    assert attempt.outcome == STAGES[stage]
    assert broken.last_error == attempt.error
    devices = PushSubscription.objects.filter(user=owner)
    if STAGES[stage] == "gone":
        assert not devices.exists()
        assert attempt.error.startswith("this device cannot be sent to")
    else:
        assert attempt.subscription == devices.get()
        assert devices.get().failures == 1
        assert attempt.error == devices.get().last_error
        assert attempt.error.startswith(f"could not {STAGE_WORDS[stage]}")


STAGE_WORDS = {"sign": "sign the message", "encrypt": "encrypt the message", "post": "send"}


@pytest.mark.parametrize("stage", STAGES)
def test_a_test_notification_to_a_device_failing_at_any_stage_answers_in_words(
    push_service: PushService, stage: str
) -> None:
    person = make_user("tester@example.com")
    subscribe(person, push_service.device("phone"))
    client = Client()
    client.force_login(person)
    with broken_device(stage, push_service, person):
        response = client.post(reverse("push-test"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sent to 1 of 2 devices." in page
    if STAGES[stage] == "gone":
        assert "1 device can no longer get notifications and was removed." in page
    else:
        assert "See below what went wrong." in page
    assert [m.device for m in push_service.delivered()] == ["phone"]
    assert DeliveryAttempt.objects.count() == 2
