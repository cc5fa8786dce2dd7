"""Dates, times and numbers on the pages follow the person's language: the clock (12-hour in
English, 24-hour in German and Spanish), the first day of the week, the decimal mark, the
thousands separator and the percent sign, in the text, the tables and the charts.

The words around them are left alone here: German and Spanish pages show English words
until their catalogues are filled in, and these tests hold either way.
"""

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.models import Moment
from tests.conftest import make_cry, make_user

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
LANGUAGES = ["en", "de", "es"]
# Wednesday 10 June 2026, noon in Berlin (UTC+2 in summer), where make_user's people live.
NOW = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)


@pytest.fixture
def now(time_machine: TimeMachineFixture) -> datetime:
    time_machine.move_to(NOW, tick=False)
    return NOW


def signed_in(language: str) -> tuple[User, Client]:
    user = make_user(language=language)
    client = Client()
    client.force_login(user)
    return user, client


def berlin(day: int, hour: int, minute: int) -> datetime:
    """A June 2026 day's wall-clock time in Berlin (UTC+2), as an instant."""
    return datetime(2026, 6, day, hour, minute, tzinfo=UTC) - timedelta(hours=2)


# Monday 8 June 2026 at each edge of the clock: just after midnight, just after noon, the
# day's last minute.
CLOCK = [(0, 30), (12, 30), (23, 59)]


@pytest.mark.parametrize(
    ("language", "heading", "row", "times"),
    [
        (
            "en",
            "Monday 8 June, ",
            "Mon 8 Jun, ",
            [f"12:30{NBSP}AM", f"12:30{NBSP}PM", f"11:59{NBSP}PM"],
        ),
        ("de", "Montag, 8. Juni, ", "Mo., 8. Juni, ", ["00:30", "12:30", "23:59"]),
        ("es", "lunes 8 de junio, ", "lun 8 jun, ", ["00:30", "12:30", "23:59"]),
    ],
)
def test_a_cry_shows_its_time_on_the_languages_clock(
    now: datetime, language: str, heading: str, row: str, times: list[str]
) -> None:
    user, client = signed_in(language)
    cries = [make_cry(user, ended_at=berlin(8, hour, minute)) for hour, minute in CLOCK]
    history = client.get(reverse("cry-list")).content.decode()
    for cry, time in zip(cries, times, strict=True):
        page = client.get(cry.get_absolute_url()).content.decode()
        assert f"{heading}{time}" in page
        assert f"{row}{time}<" in history


@pytest.mark.parametrize(
    ("language", "due"), [("en", f"1:30{NBSP}PM"), ("de", "13:30"), ("es", "13:30")]
)
def test_the_reminders_time_is_on_the_languages_clock(
    now: datetime, language: str, due: str
) -> None:
    user, client = signed_in(language)
    cry = cry_services.cry_create(user=user, valence=40)  # ended now, at noon in Berlin
    page = client.get(cry.get_absolute_url()).content.decode()
    heading = page[page.index('id="reminder-title"') :]
    heading = heading[: heading.index("</h2>")]
    assert f" {due}" in heading  # "We'll ask again at 1:30 PM", "Wir fragen um 13:30 …"


@pytest.mark.parametrize(
    ("language", "since"),
    [
        ("en", f"10 Jun 2026, 12:00{NBSP}PM"),
        ("de", "10. Juni 2026, 12:00"),
        ("es", "10 jun 2026, 12:00"),
    ],
)
def test_where_you_are_signed_in_says_since_when_in_the_languages_formats(
    now: datetime, language: str, since: str
) -> None:
    _user, client = signed_in(language)  # at noon in Berlin
    page = client.get(reverse("account-sessions")).content.decode()
    assert f" {since} " in page


def trends(client: Client, query: str = "?range=all") -> str:
    response = client.get(reverse("insights-dashboard") + query)
    assert response.status_code == 200
    return response.content.decode()


def summary(html: str, chart: str) -> str:
    """The words above a chart."""
    match = re.search(
        rf'id="chart-{chart}-title".*?<div class="chart__summary">(.*?)</div>', html, re.S
    )
    assert match, chart
    return match.group(1)


def json_script(html: str, element_id: str) -> Any:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, f"no {element_id}"
    return json.loads(match.group(1))


def full_cry(user: User, ended_at: datetime) -> None:
    make_cry(
        user,
        ended_at=ended_at,
        ratings={Moment.BEFORE: 60, Moment.RIGHT_AFTER: 45, Moment.AFTER_90: 70},
    )


@pytest.mark.parametrize(
    ("language", "average", "thousands", "percent"),
    [
        ("en", "about 1.5 a week", "1,004", "30%"),
        ("de", "1,5", "1.004", f"30{NBSP}%"),
        ("es", "1,5", f"1{NBSP}004", f"30{NBSP}%"),
    ],
)
def test_the_dashboard_writes_its_numbers_as_the_language_does(
    now: datetime, language: str, average: str, thousands: str, percent: str
) -> None:
    user, client = signed_in(language)
    # Three cries over exactly two weeks: 1.5 a week.
    for days_ago in (14, 7, 1):
        full_cry(user, NOW - timedelta(days=days_ago))
    html = trends(client)
    weekly = summary(html, "weekly")
    assert average in weekly
    assert ("1.5" in weekly) == (language == "en")
    # The diary study's 1,004 cries, and its 30% who felt better, in the sentence and the table.
    ninety = summary(html, "ninety")
    assert thousands in ninety
    assert percent in ninety
    table = html[html.index('id="chart-ninety-title"') : html.index('id="chart-helped-title"')]
    assert re.search(rf"<td>[^<]*\b{percent}</td>", table)


@pytest.mark.parametrize(
    ("language", "weeks", "first_row", "weekday"),
    [
        # English weeks start on Sunday: Sunday 7 June begins the week the Tuesday is in.
        ("en", [("2026-06-07", 2)], "7 Jun 2026", "Sunday"),
        # German and Spanish weeks start on Monday: the Sunday ends the week of 1 June.
        ("de", [("2026-06-01", 1), ("2026-06-08", 1)], "1. Juni 2026", "Montag"),
        ("es", [("2026-06-01", 1), ("2026-06-08", 1)], "1 jun 2026", "lunes"),
    ],
)
def test_the_weekly_chart_starts_its_weeks_on_the_languages_first_day(
    now: datetime,
    language: str,
    weeks: list[tuple[str, int]],
    first_row: str,
    weekday: str,
) -> None:
    user, client = signed_in(language)
    make_cry(user, ended_at=berlin(7, 12, 0))  # Sunday
    make_cry(user, ended_at=berlin(9, 12, 0))  # Tuesday
    html = trends(client)
    [bars] = json_script(html, "chart-weekly-figure")["data"]
    assert list(zip(bars["x"], bars["y"], strict=True)) == weeks
    table = html[html.index('id="chart-weekly-title"') :]
    assert f'<th scope="row">{first_row}</th>' in table
    assert f"{weekday})</caption>" in table
    assert bars["customdata"][0][0] == first_row  # the hover names the week as the table does


@pytest.mark.parametrize(
    ("language", "separators", "tickformat", "june", "percent_suffix"),
    [
        ("en", ".,", "%-d %b", "Jun", "%"),
        ("de", ",.", "%-d. %b", "Juni", f"{NBSP}%"),
        ("es", f",{NBSP}", "%-d %b", "jun", f"{NBSP}%"),
    ],
)
def test_the_charts_are_drawn_in_the_pages_language(
    now: datetime,
    language: str,
    separators: str,
    tickformat: str,
    june: str,
    percent_suffix: str,
) -> None:
    user, client = signed_in(language)
    for days_ago in (20, 9, 2):
        full_cry(user, NOW - timedelta(days=days_ago))
    html = trends(client)
    figures = {key: json_script(html, f"chart-{key}-figure") for key in ("dip", "ninety", "weekly")}
    for figure in figures.values():
        assert figure["config"] == {"locale": language}
        assert figure["layout"]["separators"] == separators
    weekly = figures["weekly"]["layout"]["xaxis"]
    assert weekly["tickformat"] == tickformat
    assert figures["ninety"]["layout"]["xaxis"]["ticksuffix"] == percent_suffix
    # plotly writes "%b" with the page's names of the months, taken from the page itself:
    # no locale script of plotly's is fetched, in any language.
    locale = json_script(html, "plotly-locale")
    assert locale["name"] == language
    assert locale["format"]["shortMonths"][5] == june
    assert locale["format"]["decimal"] + locale["format"]["thousands"] == separators
    assert 'data-plotly-locale="plotly-locale"' in html
    assert not re.search(r"<script[^>]+src=[^>]*locale", html)
