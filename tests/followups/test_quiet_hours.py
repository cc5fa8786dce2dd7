"""Quiet hours: a reminder that comes due while the person sleeps is not pushed or e-mailed.

On real parts: django-tasks-db's worker, the database, the push service on 127.0.0.1, a frozen
clock. The check-in still waits on the home page and the cry's page.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.followups.models import FollowUp
from tests.conftest import make_user
from tests.followups.conftest import run_worker, subscribe
from tests.followups.push_service import PushService

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
NIGHT = {"quiet_start": time(23, 0), "quiet_end": time(7, 0)}
DELAY = timedelta(minutes=90)


def sleeper(name: str = "sleeper", timezone: str = "Europe/Berlin") -> User:
    """A person with quiet hours 23:00–07:00 who also asked for e-mail reminders."""
    return make_user(f"{name}@example.com", timezone=timezone, followup_email=True, **NIGHT)


def cry_due_at(clock: TimeMachineFixture, person: User, due: datetime) -> FollowUp:
    """A cry that ends 90 minutes before ``due``; the clock is left at its end."""
    clock.move_to(due - DELAY, tick=False)
    return cry_services.cry_create(user=person, valence=30).followups.get()


def deliver_at(clock: TimeMachineFixture, followup: FollowUp) -> FollowUp:
    clock.move_to(followup.due_at, tick=False)
    run_worker()
    followup.refresh_from_db()
    return followup


def client_of(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.parametrize(
    ("due", "quiet"),
    [
        (datetime(2026, 1, 15, 22, 59, tzinfo=BERLIN), False),
        (datetime(2026, 1, 15, 23, 0, tzinfo=BERLIN), True),
        (datetime(2026, 1, 16, 6, 59, tzinfo=BERLIN), True),
        (datetime(2026, 1, 16, 7, 0, tzinfo=BERLIN), False),
    ],
)
def test_a_reminder_due_in_quiet_hours_is_neither_pushed_nor_e_mailed(
    clock: TimeMachineFixture, push_service: PushService, due: datetime, quiet: bool
) -> None:
    person = sleeper()
    subscribe(person, push_service.device("phone"))
    followup = deliver_at(clock, cry_due_at(clock, person, due))

    if quiet:
        assert followup.state == FollowUp.State.QUIET
        assert push_service.messages == []
        assert mail.outbox == []
        assert not followup.delivery_attempts.exists()
        assert (followup.sent_at, followup.attempts) == (None, 0)
    else:
        assert followup.state == FollowUp.State.SENT
        assert len(push_service.delivered("phone")) == 1
        assert len(mail.outbox) == 1


def test_the_home_page_and_the_cry_s_page_still_offer_a_check_in_held_in_quiet_hours(
    clock: TimeMachineFixture, push_service: PushService
) -> None:
    person = sleeper()
    followup = deliver_at(
        clock, cry_due_at(clock, person, datetime(2026, 1, 16, 1, 0, tzinfo=BERLIN))
    )
    assert followup.state == FollowUp.State.QUIET
    client = client_of(person)
    answer = reverse("followup-answer", args=[followup.pk])

    home = client.get(reverse("cry-home")).content.decode()
    assert "Time for your check-in" in home
    assert answer in home
    cry_page = client.get(followup.cry.get_absolute_url()).content.decode()
    assert "Time for your check-in" in cry_page
    assert answer in cry_page

    client.post(answer, {"valence": "70"})
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.ANSWERED
    assert push_service.messages == []


def test_a_cry_at_23_30_on_a_new_account_brings_no_push_at_01_00(
    clock: TimeMachineFixture, push_service: PushService
) -> None:
    # Made as a sign-up makes it: the account's own default quiet hours.
    person = User.objects.create_user(
        "new@example.com", "a long passphrase", timezone="Europe/Berlin"
    )
    subscribe(person, push_service.device("phone"))
    followup = cry_due_at(clock, person, datetime(2026, 1, 16, 1, 0, tzinfo=BERLIN))

    # Right after the cry, its page says no notification will come at 01:00.
    cry_page = client_of(person).get(followup.cry.get_absolute_url()).content.decode()
    assert "We'll ask again at 1:00\u00a0AM" in cry_page
    assert "That is in your quiet hours" in cry_page

    followup = deliver_at(clock, followup)
    assert followup.state == FollowUp.State.QUIET
    assert push_service.messages == []


def test_the_cry_s_page_promises_nothing_about_quiet_hours_for_a_daytime_check_in(
    clock: TimeMachineFixture,
) -> None:
    person = sleeper()
    followup = cry_due_at(clock, person, datetime(2026, 1, 15, 22, 59, tzinfo=BERLIN))
    cry_page = client_of(person).get(followup.cry.get_absolute_url()).content.decode()
    assert "We'll ask again at 10:59\u00a0PM" in cry_page
    assert "quiet hours" not in cry_page


@pytest.mark.parametrize(
    ("timezone", "due", "quiet"),
    [
        # Berlin, last Sunday of October: 06:30 is 05:30 UTC in winter time (quiet), but
        # 05:30 UTC the day before, in summer time, is 07:30 (not).
        ("Europe/Berlin", datetime(2026, 10, 25, 5, 30, tzinfo=UTC), True),
        ("Europe/Berlin", datetime(2026, 10, 24, 5, 30, tzinfo=UTC), False),
        # Berlin, last Sunday of March: 05:30 UTC is 06:30 the day before (quiet) and 07:30
        # on the day, in summer time (not).
        ("Europe/Berlin", datetime(2026, 3, 28, 5, 30, tzinfo=UTC), True),
        ("Europe/Berlin", datetime(2026, 3, 29, 5, 30, tzinfo=UTC), False),
        # New York, 1 November: 11:30 UTC is 06:30 EST (quiet); the day before 07:30 EDT.
        ("America/New_York", datetime(2026, 11, 1, 11, 30, tzinfo=UTC), True),
        ("America/New_York", datetime(2026, 10, 31, 11, 30, tzinfo=UTC), False),
        # New York, 8 March: 11:30 UTC is 06:30 EST the day before (quiet), 07:30 EDT on it.
        ("America/New_York", datetime(2026, 3, 7, 11, 30, tzinfo=UTC), True),
        ("America/New_York", datetime(2026, 3, 8, 11, 30, tzinfo=UTC), False),
        # No time zone known yet: quiet hours are read in UTC, as every time is shown.
        ("", datetime(2026, 1, 15, 22, 59, tzinfo=UTC), False),
        ("", datetime(2026, 1, 15, 23, 0, tzinfo=UTC), True),
    ],
)
def test_quiet_hours_follow_the_person_s_own_clock_across_daylight_saving_changes(
    clock: TimeMachineFixture, push_service: PushService, timezone: str, due: datetime, quiet: bool
) -> None:
    person = sleeper(timezone=timezone)
    subscribe(person, push_service.device("phone"))
    followup = deliver_at(clock, cry_due_at(clock, person, due))
    assert followup.state == (FollowUp.State.QUIET if quiet else FollowUp.State.SENT)
    assert len(push_service.delivered("phone")) == (0 if quiet else 1)


def test_in_one_batch_only_the_person_whose_night_it_is_is_left_asleep(
    clock: TimeMachineFixture, push_service: PushService
) -> None:
    due = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)  # 00:30 in Berlin, 18:30 in New York
    berliner, new_yorker = sleeper("berlin"), sleeper("newyork", "America/New_York")
    subscribe(berliner, push_service.device("berlin-phone"))
    subscribe(new_yorker, push_service.device("newyork-phone"))
    asleep = cry_due_at(clock, berliner, due)
    awake = cry_due_at(clock, new_yorker, due)

    clock.move_to(due, tick=False)
    run_worker()

    asleep.refresh_from_db()
    awake.refresh_from_db()
    assert (asleep.state, awake.state) == (FollowUp.State.QUIET, FollowUp.State.SENT)
    assert [m.device for m in push_service.messages] == ["newyork-phone"]
    assert [m.to for m in mail.outbox] == [["newyork@example.com"]]


def test_a_retry_that_would_fall_in_quiet_hours_is_not_sent(
    clock: TimeMachineFixture, push_service: PushService
) -> None:
    person = sleeper()
    person.followup_email = False
    person.save()
    subscribe(person, push_service.device("phone", 503))
    followup = deliver_at(
        clock, cry_due_at(clock, person, datetime(2026, 1, 15, 22, 59, tzinfo=BERLIN))
    )
    assert followup.state == FollowUp.State.SCHEDULED  # the 503: tried again a minute later
    assert followup.next_attempt_at == datetime(2026, 1, 15, 23, 0, tzinfo=BERLIN)

    clock.move_to(followup.next_attempt_at, tick=False)
    run_worker()
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.QUIET
    assert [m.status for m in push_service.messages] == [503]


@pytest.mark.parametrize(
    ("due", "quiet"),
    [
        (datetime(2026, 1, 15, 22, 59, tzinfo=BERLIN), False),
        (datetime(2026, 1, 15, 23, 0, tzinfo=BERLIN), True),
        (datetime(2026, 1, 16, 6, 59, tzinfo=BERLIN), True),
        (datetime(2026, 1, 16, 7, 0, tzinfo=BERLIN), False),
    ],
)
def test_the_calendar_event_has_no_alarm_in_quiet_hours_and_says_why(
    clock: TimeMachineFixture, due: datetime, quiet: bool
) -> None:
    person = sleeper()
    followup = cry_due_at(clock, person, due)
    response = client_of(person).get(reverse("followup-calendar", args=[followup.pk]))

    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("dtstart") == due
    alarms = event.walk("VALARM")
    description = str(event["description"])
    if quiet:
        assert alarms == []
        assert "In your quiet hours, so no alarm" in description
    else:
        assert len(alarms) == 1
        assert "quiet hours" not in description
