"""Numbers, percentages and weeks as each language writes them (crylog/lib/formats.py and
the format modules in crylog/formats/)."""

from calendar import MONDAY, SUNDAY
from datetime import date, time

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format, get_format, time_format

from crylog.lib import formats
from crylog.lib.formats import CRYLOG_FORMATS

LANGUAGES = [code for code, _name in settings.LANGUAGES]
NBSP = "\u00a0"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", CRYLOG_FORMATS)
def test_every_language_has_each_of_crylogs_own_formats(language: str, name: str) -> None:
    # Django, not finding a format, uses its name as the format: "PERCENT_FORMAT" on a page.
    assert get_format(name, lang=language) != name


@pytest.mark.parametrize(
    ("language", "grouped", "decimal", "share"),
    [
        ("en", "1,234", "1.5", "12%"),
        ("de", "1.234", "1,5", f"12{NBSP}%"),
        ("es", f"1{NBSP}234", "1,5", f"12{NBSP}%"),
    ],
)
def test_numbers_and_percentages_are_written_as_the_language_writes_them(
    language: str, grouped: str, decimal: str, share: str
) -> None:
    with translation.override(language):
        assert formats.number(1234) == grouped
        assert formats.number(999) == "999"
        assert formats.number(1.5) == decimal
        assert formats.percent(12) == share
        assert formats.percent(1234) == share.replace("12", grouped)


def test_a_percentage_keeps_what_stands_before_and_after_its_number() -> None:
    with translation.override("de"):
        assert formats.percent_affixes() == ("", f"{NBSP}%")
    with translation.override("en"):
        assert formats.percent_affixes() == ("", "%")


@pytest.mark.parametrize(("language", "first"), [("en", SUNDAY), ("de", MONDAY), ("es", MONDAY)])
def test_weeks_start_on_the_languages_first_day(language: str, first: int) -> None:
    with translation.override(language):
        assert formats.first_weekday() == first


@pytest.mark.parametrize(
    ("language", "short_date", "times"),
    [
        ("en", "4 Dec 2026", [f"12:30{NBSP}AM", f"12:30{NBSP}PM", f"11:59{NBSP}PM"]),
        ("de", "4. Dez. 2026", ["00:30", "12:30", "23:59"]),
        ("es", "4 dic 2026", ["00:30", "12:30", "23:59"]),
    ],
)
def test_dates_name_their_month_and_the_clock_is_the_languages(
    language: str, short_date: str, times: list[str]
) -> None:
    with translation.override(language):
        assert date_format(date(2026, 12, 4), "SHORT_DATE_FORMAT") == short_date
        written = [
            time_format(time(hour, minute)) for hour, minute in [(0, 30), (12, 30), (23, 59)]
        ]
    assert written == times
