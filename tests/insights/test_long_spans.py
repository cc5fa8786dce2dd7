"""The trends page's work grows with the number of cries, never with the span of their dates."""

from calendar import MONDAY
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crylog.insights.dashboard import MAX_WEEKS, PERIODS, build
from crylog.insights.stats import CryRow

NOW = datetime(2026, 6, 3, 12, 0, tzinfo=UTC)  # a Wednesday
ZONES = ["UTC", "Asia/Tokyo", "America/Los_Angeles"]


def weeks_for(*ended: datetime, zone: str) -> list[date]:
    rows = [CryRow(ended_at=when, right_after=40) for when in sorted(ended, reverse=True)]
    page = build(
        rows,
        period=PERIODS["all"],
        now=NOW,
        zone=ZoneInfo(zone),
        followup_window=timedelta(minutes=60),
        first_weekday=MONDAY,
    )
    [weekly] = [chart for chart in page.charts if chart.key == "weekly"]
    return [week.start for week in weekly.table]


@pytest.mark.parametrize("zone", ZONES)
def test_a_cry_from_2000_does_not_stretch_the_weekly_chart(zone: str) -> None:
    first = datetime(2000, 1, 1, tzinfo=ZoneInfo(zone))
    mondays = weeks_for(NOW - timedelta(hours=1), first, zone=zone)
    assert len(mondays) == MAX_WEEKS == 104
    assert mondays[-1] == date(2026, 6, 1)
    assert mondays[0] == date(2026, 6, 1) - timedelta(weeks=103)


@pytest.mark.parametrize("zone", ZONES)
def test_the_weekly_chart_starts_at_the_first_cry_when_it_is_within_two_years(zone: str) -> None:
    # The first cry falls on the Monday 103 weeks before this week's: every week is shown.
    oldest_shown = datetime(2024, 6, 10, 12, tzinfo=ZoneInfo(zone))
    mondays = weeks_for(NOW - timedelta(hours=1), oldest_shown, zone=zone)
    assert len(mondays) == 104
    assert mondays[0] == date(2024, 6, 10)
    # A week earlier, and the chart still starts there: the oldest cry falls outside it.
    mondays = weeks_for(NOW - timedelta(hours=1), oldest_shown - timedelta(weeks=1), zone=zone)
    assert len(mondays) == 104
    assert mondays[0] == date(2024, 6, 10)


def test_a_year_is_shown_whole() -> None:
    rows = [CryRow(ended_at=NOW - timedelta(days=days), right_after=40) for days in (1, 364)]
    page = build(
        rows,
        period=PERIODS["1y"],
        now=NOW,
        zone=UTC,
        followup_window=timedelta(minutes=60),
        first_weekday=MONDAY,
    )
    [weekly] = [chart for chart in page.charts if chart.key == "weekly"]
    assert len(weekly.table) == 53
