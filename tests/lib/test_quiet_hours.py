"""Quiet hours on a person's own clock: across midnight, across daylight-saving changes."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from crylog.accounts.models import User
from crylog.lib.quiet_hours import in_quiet_hours

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NIGHT = (time(23, 0), time(7, 0))


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(zone: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


@pytest.mark.parametrize(
    ("clock", "quiet"),
    [
        ((22, 59), False),
        ((23, 0), True),
        ((0, 0), True),
        ((6, 59), True),
        ((7, 0), False),
        ((12, 0), False),
    ],
)
def test_night_quiet_hours_run_across_midnight_start_inside_end_outside(
    clock: tuple[int, int], quiet: bool
) -> None:
    instant = local(BERLIN, 2026, 1, 15, *clock)
    assert in_quiet_hours(instant, BERLIN, *NIGHT) is quiet
    # The same instant, handed over in UTC (as the database gives it), reads the same.
    assert in_quiet_hours(instant.astimezone(UTC), BERLIN, *NIGHT) is quiet


@pytest.mark.parametrize(
    ("clock", "quiet"), [((12, 59), False), ((13, 0), True), ((14, 59), True), ((15, 0), False)]
)
def test_quiet_hours_within_one_day(clock: tuple[int, int], quiet: bool) -> None:
    instant = local(BERLIN, 2026, 1, 15, *clock)
    assert in_quiet_hours(instant, BERLIN, time(13, 0), time(15, 0)) is quiet


@pytest.mark.parametrize(
    ("start", "end"), [(None, None), (time(23, 0), None), (None, time(7, 0)), (time(3), time(3))]
)
def test_no_start_no_end_or_the_same_time_for_both_is_no_quiet_hours(
    start: time | None, end: time | None
) -> None:
    for hour in range(24):
        assert not in_quiet_hours(local(BERLIN, 2026, 1, 15, hour, 0), BERLIN, start, end)


@pytest.mark.parametrize(
    ("instant", "quiet"),
    [
        # Berlin, last Sunday of October 2026: 03:00 summer time becomes 02:00 winter time.
        # Saturday, still summer time (UTC+2): 07:00 there is 05:00 UTC.
        (utc(2026, 10, 24, 4, 59), True),
        (utc(2026, 10, 24, 5, 0), False),
        # Sunday, winter time (UTC+1): 07:00 is 06:00 UTC, so 05:00-05:59 UTC is still night.
        (utc(2026, 10, 25, 5, 0), True),
        (utc(2026, 10, 25, 5, 59), True),
        (utc(2026, 10, 25, 6, 0), False),
        # Last Sunday of March 2026: 02:00 winter time becomes 03:00 summer time.
        (utc(2026, 3, 28, 5, 59), True),  # Saturday 06:59 (UTC+1)
        (utc(2026, 3, 28, 6, 0), False),
        (utc(2026, 3, 29, 4, 59), True),  # Sunday 06:59 (UTC+2)
        (utc(2026, 3, 29, 5, 0), False),
        (utc(2026, 3, 29, 5, 30), False),  # would be 06:30 on a fixed UTC+1 offset
        # The evening before the change: 23:00 winter time is 22:00 UTC.
        (utc(2026, 3, 28, 21, 59), False),
        (utc(2026, 3, 28, 22, 0), True),
    ],
)
def test_berlin_quiet_hours_follow_the_clocks_across_daylight_saving_changes(
    instant: datetime, quiet: bool
) -> None:
    assert in_quiet_hours(instant, BERLIN, *NIGHT) is quiet


@pytest.mark.parametrize(
    ("instant", "quiet"),
    [
        # New York, 8 March 2026: 02:00 EST becomes 03:00 EDT.
        (utc(2026, 3, 7, 11, 59), True),  # Saturday 06:59 EST (UTC-5)
        (utc(2026, 3, 7, 12, 0), False),
        (utc(2026, 3, 8, 10, 59), True),  # Sunday 06:59 EDT (UTC-4)
        (utc(2026, 3, 8, 11, 0), False),
        # 1 November 2026: 02:00 EDT becomes 01:00 EST.
        (utc(2026, 10, 31, 10, 59), True),  # Saturday 06:59 EDT
        (utc(2026, 10, 31, 11, 0), False),
        (utc(2026, 11, 1, 11, 0), True),  # Sunday 06:00 EST
        (utc(2026, 11, 1, 11, 59), True),
        (utc(2026, 11, 1, 12, 0), False),
        # The evening before: 23:00 EDT is 03:00 UTC.
        (utc(2026, 11, 1, 2, 59), False),
        (utc(2026, 11, 1, 3, 0), True),
    ],
)
def test_new_york_quiet_hours_follow_the_clocks_across_daylight_saving_changes(
    instant: datetime, quiet: bool
) -> None:
    assert in_quiet_hours(instant, NEW_YORK, *NIGHT) is quiet


def test_a_wall_time_that_happens_twice_gets_the_same_answer_both_times() -> None:
    # Berlin, 25 October 2026: 02:00-02:59 happens in summer time, then again in winter time.
    start, end = time(23, 0), time(2, 30)
    assert in_quiet_hours(utc(2026, 10, 25, 0, 29), BERLIN, start, end)  # 02:29 summer time
    assert not in_quiet_hours(utc(2026, 10, 25, 0, 30), BERLIN, start, end)  # 02:30 summer
    assert in_quiet_hours(utc(2026, 10, 25, 1, 29), BERLIN, start, end)  # 02:29 winter time
    assert not in_quiet_hours(utc(2026, 10, 25, 1, 30), BERLIN, start, end)  # 02:30 winter


def test_an_end_the_clocks_skip_ends_the_quiet_hours_when_they_jump() -> None:
    # Berlin, 29 March 2026: 01:59 winter time is followed by 03:00 summer time.
    start, end = time(23, 0), time(2, 30)
    assert in_quiet_hours(utc(2026, 3, 29, 0, 59), BERLIN, start, end)
    assert not in_quiet_hours(utc(2026, 3, 29, 1, 0), BERLIN, start, end)


@pytest.mark.parametrize(
    ("timezone", "instant", "quiet"),
    [
        # No time zone yet: the person's clock is UTC, as everywhere else in crylog.
        ("", utc(2026, 1, 15, 22, 59), False),
        ("", utc(2026, 1, 15, 23, 0), True),
        ("", utc(2026, 1, 16, 6, 59), True),
        ("", utc(2026, 1, 16, 7, 0), False),
        # In their own zone: 23:00 in New York is 04:00 UTC in winter.
        ("America/New_York", utc(2026, 1, 15, 23, 30), False),
        ("America/New_York", utc(2026, 1, 16, 4, 0), True),
        ("America/New_York", utc(2026, 1, 16, 12, 0), False),
    ],
)
def test_a_person_s_quiet_hours_are_read_on_their_own_clock(
    timezone: str, instant: datetime, quiet: bool
) -> None:
    person = User(timezone=timezone, quiet_start=time(23, 0), quiet_end=time(7, 0))
    assert person.in_quiet_hours(instant) is quiet


def test_a_new_account_starts_with_quiet_hours_at_night() -> None:
    person = User(email="new@example.com")
    assert (person.quiet_start, person.quiet_end) == NIGHT
