"""Numbers, percentages and weeks as the active language writes them.

Django localises dates, times and numbers (``date_format``, ``time_format``,
``number_format``), from crylog's format modules first (``crylog/formats/``). What Django
has no format for is here: a percentage, from crylog's ``PERCENT_FORMAT`` ("12%" in English,
"12 %" in German and Spanish, with a space that never breaks), and the first day of the week
counted as Python counts weekdays. docs/translation.md, "Dates, times and numbers".
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import get_format, number_format

# crylog's own format names, beside Django's: every language of LANGUAGES has each one in its
# module (tests/lib/test_formats.py), since Django, not finding a name, would use the name
# itself as the format.
CRYLOG_FORMATS = (
    "WEEKDAY_DATETIME_FORMAT",
    "SHORT_WEEKDAY_DATETIME_FORMAT",
    "SHORT_MONTH_DAY_FORMAT",
    "PERCENT_FORMAT",
)


def number(value: int | float | Decimal, decimal_pos: int | None = None) -> str:
    """``value`` with the language's decimal mark and thousands grouped: 1,234.5 in English,
    1.234,5 in German, 1 234,5 in Spanish. ``decimal_pos`` fixes the decimals shown."""
    return number_format(value, decimal_pos, force_grouping=True)


def percent_affixes() -> tuple[str, str]:
    """What stands before and after the number of a percentage: ("", "%") in English,
    ("", " %") in German. A chart's axis takes them as its tick prefix and suffix."""
    before, _, after = str(get_format("PERCENT_FORMAT")).partition("{}")
    return before, after


def percent(value: int | float | Decimal, decimal_pos: int | None = None) -> str:
    """``value``, already in percent, as a percentage: 12 → "12%" (en), "12 %" (de, es)."""
    before, after = percent_affixes()
    return f"{before}{number(value, decimal_pos)}{after}"


def first_weekday() -> int:
    """The day a week starts on in the active language, as ``date.weekday()`` counts
    (``calendar.MONDAY`` is 0, ``calendar.SUNDAY`` 6). Django's FIRST_DAY_OF_WEEK counts
    from Sunday."""
    return (int(get_format("FIRST_DAY_OF_WEEK")) - 1) % 7
