""" "In 15 minutes": putting a check-in off from the notification or from the check-in page.

On real parts: the delivery task and django-tasks-db's worker, the sweep, the push service on
127.0.0.1 (which decrypts each message), and HTTP requests through Django's whole stack.
"""

import json
import re
import threading
from datetime import time, timedelta

import pytest
from django.core import signing
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.models import Cry, Moment
from crylog.followups import actions
from crylog.followups.deliver import sweep
from crylog.followups.models import FollowUp
from tests.conftest import make_user
from tests.followups.conftest import run_worker, subscribe
from tests.followups.push_service import Message, PushService
from tests.followups.test_channels import tells

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def cry(clock: TimeMachineFixture, push_service: PushService, user: User) -> Cry:
    subscribe(user, push_service.device("phone"))
    return cry_services.cry_create(user=user, valence=23)


def after_90(cry: Cry) -> FollowUp:
    return cry.followups.get(moment=Moment.AFTER_90)


def tap_in_15_minutes(message: Message) -> tuple[int, dict[str, str]]:
    """What the service worker does on "In 15 minutes": post the token, with no cookie."""
    browser = Client(enforce_csrf_checks=True)
    snooze = message.payload["snooze"]
    response = browser.post(snooze["url"], {"token": snooze["token"]})
    return response.status_code, response.json()


def read(token: str) -> dict[str, object]:
    claims: dict[str, object] = signing.loads(bytes.fromhex(token).decode(), salt=actions.SALT)
    return claims


def signed(claims: dict[str, object], salt: str = actions.SALT) -> str:
    return signing.dumps(claims, salt=salt).encode().hex()


def deliveries(push_service: PushService) -> int:
    run_worker()
    return len(push_service.delivered("phone"))


def test_in_15_minutes_on_the_notification_delivers_the_reminder_exactly_once_more(
    clock: TimeMachineFixture, push_service: PushService, cry: Cry
) -> None:
    clock.shift(timedelta(minutes=90))
    assert deliveries(push_service) == 1
    [first] = push_service.delivered("phone")

    assert tap_in_15_minutes(first)[0] == 200
    followup = after_90(cry)
    assert followup.state == FollowUp.State.SCHEDULED
    assert (followup.snoozes, followup.snoozed_until) == (1, timezone.now() + timedelta(minutes=15))
    assert followup.due_at == followup.next_attempt_at == followup.snoozed_until
    assert cry.ended_at is not None
    assert followup.expires_at == cry.ended_at + timedelta(minutes=150)  # the window stays
    assert followup.revision == 1  # a calendar event of it is replaced by the new one

    assert deliveries(push_service) == 1
    clock.shift(timedelta(minutes=15) - timedelta(seconds=1))
    assert deliveries(push_service) == 1
    clock.shift(timedelta(seconds=1))
    assert deliveries(push_service) == 2
    # Nothing sends it a third time: not the worker, not the sweep, not later.
    clock.shift(timedelta(minutes=5))
    sweep()
    assert deliveries(push_service) == 2
    followup.refresh_from_db()
    assert (followup.state, followup.sent_at) == (
        FollowUp.State.SENT,
        timezone.now() - timedelta(minutes=5),
    )
    second = push_service.delivered("phone")[1]
    assert second.headers["topic"] == first.headers["topic"]  # it replaces the first, if shown
    assert push_service.rejections == []


def test_a_lost_delivery_after_a_snooze_is_recovered_by_the_sweep(
    clock: TimeMachineFixture, push_service: PushService, cry: Cry
) -> None:
    clock.shift(timedelta(minutes=90))
    assert deliveries(push_service) == 1
    assert tap_in_15_minutes(push_service.delivered("phone")[0])[0] == 200
    DBTaskResult.objects.all().delete()  # the queue lost the task the snooze enqueued

    clock.shift(timedelta(minutes=15))
    assert deliveries(push_service) == 1
    clock.shift(timedelta(minutes=2))  # FOLLOWUP_SWEEP_GRACE_SECONDS
    assert sweep().enqueued == 1
    assert deliveries(push_service) == 2


def test_the_same_token_puts_the_check_in_off_only_once(
    clock: TimeMachineFixture, push_service: PushService, cry: Cry
) -> None:
    clock.shift(timedelta(minutes=90))
    deliveries(push_service)
    [message] = push_service.delivered("phone")
    assert tap_in_15_minutes(message)[0] == 200
    status, answer = tap_in_15_minutes(message)
    assert (status, answer["detail"]) == (409, "This reminder was already put off.")
    assert after_90(cry).snoozes == 1
    assert after_90(cry).due_at == timezone.now() + timedelta(minutes=15)
    # Nor once the reminder is due again: only the new message's token puts it off now.
    clock.shift(timedelta(minutes=15))
    assert deliveries(push_service) == 2
    status, answer = tap_in_15_minutes(message)
    assert (status, answer["detail"]) == (409, "This reminder was already put off.")
    assert after_90(cry).snoozes == 1
    assert tap_in_15_minutes(push_service.delivered("phone")[1])[0] == 200
    assert after_90(cry).snoozes == 2


def test_a_third_snooze_is_refused_and_the_last_reminder_offers_none(
    clock: TimeMachineFixture, push_service: PushService, cry: Cry
) -> None:
    clock.shift(timedelta(minutes=90))
    for expected in (1, 2):
        assert deliveries(push_service) == expected
        assert tap_in_15_minutes(push_service.delivered("phone")[-1])[0] == 200
        clock.shift(timedelta(minutes=15))
    assert deliveries(push_service) == 3
    last = push_service.delivered("phone")[-1]
    assert "snooze" not in last.payload
    assert "actions" not in last.payload
    # A token for a third snooze, were one made, is refused too.
    followup = after_90(cry)
    token = actions.snooze_token(followup)
    response = Client().post(
        reverse("followup-snooze-action", args=[followup.pk]), {"token": token}
    )
    assert response.status_code == 409
    assert "put off twice already" in response.json()["detail"]
    followup.refresh_from_db()
    assert (followup.snoozes, followup.state) == (2, FollowUp.State.SENT)


@pytest.mark.parametrize(
    ("minutes_after_the_cry", "status"),
    [
        (timedelta(minutes=135) - timedelta(seconds=1), 200),  # due again at 149:59
        (timedelta(minutes=135), 409),  # due again at 150:00, when the window closes
    ],
)
def test_a_snooze_that_would_pass_the_window_is_refused(
    clock: TimeMachineFixture,
    push_service: PushService,
    cry: Cry,
    minutes_after_the_cry: timedelta,
    status: int,
) -> None:
    clock.shift(timedelta(minutes=90))
    followup = after_90(cry)
    token = actions.snooze_token(followup)  # as the 90-minute reminder carried it
    assert cry.ended_at is not None
    clock.move_to(cry.ended_at + minutes_after_the_cry, tick=False)
    response = Client().post(
        reverse("followup-snooze-action", args=[followup.pk]), {"token": token}
    )
    assert response.status_code == status
    followup.refresh_from_db()
    if status == 409:
        assert "closes in less than 15 minutes" in response.json()["detail"]
        assert followup.snoozes == 0
        return
    assert followup.due_at == cry.ended_at + timedelta(minutes=149, seconds=59)
    clock.move_to(followup.due_at, tick=False)
    assert deliveries(push_service) == 1  # sent just inside the window


def test_an_expired_token_allows_nothing(
    clock: TimeMachineFixture, push_service: PushService, cry: Cry
) -> None:
    clock.shift(timedelta(minutes=90))
    deliveries(push_service)
    [message] = push_service.delivered("phone")
    assert cry.ended_at is not None
    clock.move_to(cry.ended_at + timedelta(minutes=150), tick=False)
    status, answer = tap_in_15_minutes(message)
    assert (status, answer["detail"]) == (403, "This reminder can no longer be put off.")
    assert after_90(cry).snoozes == 0


def test_a_token_snoozes_only_the_follow_up_it_names(
    clock: TimeMachineFixture, push_service: PushService, user: User, cry: Cry
) -> None:
    stranger = make_user("other@example.com")
    theirs = after_90(cry_services.cry_create(user=stranger, valence=40))
    another_of_mine = after_90(cry_services.cry_create(user=user, valence=40))
    clock.shift(timedelta(minutes=90))
    mine = after_90(cry)
    mine_url = reverse("followup-snooze-action", args=[mine.pk])

    def tries(token: str, client: Client | None = None) -> int:
        return (client or Client()).post(mine_url, {"token": token}).status_code

    assert tries(actions.snooze_token(theirs)) == 403  # another person's
    assert tries(actions.snooze_token(another_of_mine)) == 403  # another follow-up's
    # Another salt (any other signed value of the site), a changed token, or none at all.
    claims = read(actions.snooze_token(mine))
    assert tries(signed(claims, salt="django.core.signing")) == 403
    # Made for another person's follow-up that had this number before (a deleted cry's).
    assert tries(signed({**claims, "u": stranger.pk})) == 403
    assert tries(signed({**claims, "a": "answer"})) == 403
    assert tries(actions.snooze_token(mine)[:-2] + "00") == 403
    assert tries(signing.dumps(claims, salt=actions.SALT)) == 403  # not in hex
    # Being logged in is no substitute: this URL looks at the token only.
    owner = Client()
    owner.force_login(user)
    assert tries("", owner) == 403
    assert not FollowUp.objects.filter(snoozes__gt=0).exists()
    assert tries(actions.snooze_token(mine)) == 200


def test_the_push_message_offers_both_actions_discreetly_and_stays_small(
    clock: TimeMachineFixture, push_service: PushService, cry: Cry
) -> None:
    cry_services.cry_update(cry=cry, changes={"note": "Hachi " * 200})
    clock.shift(timedelta(minutes=90))
    deliveries(push_service)
    [message] = push_service.delivered("phone")
    followup = after_90(cry)
    assert message.payload["actions"] == [
        {"action": "answer", "title": "Answer now"},
        {"action": "snooze", "title": "In 15 minutes"},
    ]
    assert message.payload["snooze"]["url"] == f"/followups/{followup.pk}/snooze/notification/"
    shown = [message.payload["title"], message.payload["body"]]
    shown += [action["title"] for action in message.payload["actions"]]
    assert not tells(" ".join(shown))
    # The token names only the follow-up, its person, the action, the count and the expiry.
    assert read(message.payload["snooze"]["token"]) == {
        "f": followup.pk,
        "u": followup.cry.user_id,
        "a": "snooze",
        "n": 0,
        "e": int(followup.expires_at.timestamp()),
    }
    assert re.fullmatch(r"[0-9a-f]+", message.payload["snooze"]["token"])
    assert not tells(json.dumps(message.payload))
    assert len(json.dumps(message.payload, separators=(",", ":"))) < 1024


def test_the_check_in_page_offers_in_15_minutes_without_javascript(
    clock: TimeMachineFixture, push_service: PushService, owner_client: Client, cry: Cry
) -> None:
    followup = after_90(cry)
    url = reverse("followup-answer", args=[followup.pk])
    assert "In 15 minutes" not in owner_client.get(url).content.decode()  # not due yet
    clock.shift(timedelta(minutes=90))
    assert "In 15 minutes" in owner_client.get(url).content.decode()

    response = owner_client.post(reverse("followup-snooze", args=[followup.pk]), follow=True)
    assert response.redirect_chain[-1][0] == cry.get_absolute_url()
    page = response.content.decode()
    assert "ll ask again at 3:45\u00a0PM." in page  # Berlin time
    assert "The 90-minute check-in was put off once" in page
    followup.refresh_from_db()
    assert (followup.snoozes, followup.state) == (1, FollowUp.State.SCHEDULED)
    assert "In 15 minutes" not in owner_client.get(url).content.decode()  # not due again yet
    clock.shift(timedelta(minutes=15))
    assert deliveries(push_service) == 1


def test_the_check_in_page_puts_off_with_htmx_and_says_when_it_cannot(
    clock: TimeMachineFixture, owner_client: Client, cry: Cry
) -> None:
    followup = after_90(cry)
    snooze_url = reverse("followup-snooze", args=[followup.pk])
    clock.shift(timedelta(minutes=90))
    response = owner_client.post(snooze_url, headers=HTMX)
    assert "ll ask again at 3:45\u00a0PM." in response.content.decode()
    assert "<html" not in response.content.decode()
    response = owner_client.post(snooze_url, headers=HTMX)  # not due again yet
    assert "This check-in is not due yet." in response.content.decode()
    assert after_90(cry).snoozes == 1


def test_a_stranger_cannot_put_off_someone_elses_check_in(
    clock: TimeMachineFixture, stranger_client: Client, cry: Cry
) -> None:
    followup = after_90(cry)
    clock.shift(timedelta(minutes=90))
    response = stranger_client.post(reverse("followup-snooze", args=[followup.pk]))
    assert response.status_code == 404
    assert after_90(cry).snoozes == 0


def test_an_answer_after_a_snooze_counts_within_the_window_on_the_dashboard(
    clock: TimeMachineFixture, push_service: PushService, owner_client: Client, cry: Cry
) -> None:
    followup = after_90(cry)
    clock.shift(timedelta(minutes=90))
    deliveries(push_service)
    assert tap_in_15_minutes(push_service.delivered("phone")[0])[0] == 200
    clock.shift(timedelta(minutes=15))
    deliveries(push_service)
    assert tap_in_15_minutes(push_service.delivered("phone")[1])[0] == 200
    clock.shift(timedelta(minutes=15))
    deliveries(push_service)  # 120 minutes after the cry
    answer = owner_client.post(reverse("followup-answer", args=[followup.pk]), {"valence": "60"})
    assert answer.status_code == 302
    rating = cry.ratings.get(moment=Moment.AFTER_90)
    assert not rating.is_late

    clock.shift(timedelta(hours=2))  # the window has closed
    page = owner_client.get(reverse("insights-dashboard")).content.decode()
    assert "You answered the 90-minute check-in for 1 of 1 cry" in page
    assert "1 answer came after “In 15 minutes”, and it counts like any other." in page
    assert "came late" not in page
    detail = owner_client.get(cry.get_absolute_url()).content.decode()
    assert "The 90-minute check-in was put off twice" in detail


# Each tap has its own connection: both must see what the other committed. The tests' SQLite
# database lives in memory, where a second writer fails at once instead of waiting its turn
# (a file database in WAL mode, as in production, takes writers one at a time).
@pytest.mark.skipif(connection.vendor == "sqlite", reason="a real race needs PostgreSQL here")
@pytest.mark.django_db(transaction=True)
def test_two_taps_at_once_put_the_check_in_off_once(
    clock: TimeMachineFixture, push_service: PushService, cry: Cry
) -> None:
    clock.shift(timedelta(minutes=90))
    deliveries(push_service)
    [message] = push_service.delivered("phone")
    start = threading.Barrier(2)
    statuses: list[int] = []

    def tap() -> None:
        start.wait()
        try:
            statuses.append(tap_in_15_minutes(message)[0])
        finally:
            connections.close_all()

    taps = [threading.Thread(target=tap) for _ in range(2)]
    for thread in taps:
        thread.start()
    for thread in taps:
        thread.join()
    assert sorted(statuses) == [200, 409]
    followup = after_90(cry)
    assert followup.snoozes == 1
    clock.shift(timedelta(minutes=15))
    assert deliveries(push_service) == 2
    assert DBTaskResult.objects.filter(status="READY").count() == 0


@pytest.mark.parametrize(
    ("quiet_start", "offered"),
    [
        (time(15, 46), True),  # quiet from 15:46: the reminder at 15:45 still comes
        (time(15, 45), False),  # quiet from 15:45: it would be held, so it is not offered
    ],
)
def test_no_snooze_into_quiet_hours(
    clock: TimeMachineFixture,
    push_service: PushService,
    owner_client: Client,
    user: User,
    cry: Cry,
    quiet_start: time,
    offered: bool,
) -> None:
    user.quiet_start, user.quiet_end = quiet_start, time(7, 0)
    user.save()
    clock.shift(timedelta(minutes=90))  # 15:30 in Berlin, before the quiet hours
    assert deliveries(push_service) == 1
    [message] = push_service.delivered("phone")
    assert ("snooze" in message.payload) is offered
    followup = after_90(cry)
    page = owner_client.get(reverse("followup-answer", args=[followup.pk])).content.decode()
    assert ("In 15 minutes" in page) is offered
    response = owner_client.post(reverse("followup-snooze", args=[followup.pk]), follow=True)
    assert after_90(cry).snoozes == (1 if offered else 0)
    if not offered:
        assert "Your quiet hours begin before then" in response.content.decode()
        token = actions.snooze_token(followup)
        url = reverse("followup-snooze-action", args=[followup.pk])
        assert Client().post(url, {"token": token}).status_code == 409
