"""The figures carry what each chart promises: lines, reference, n beside each group."""

from datetime import date

import pytest
from django.utils import translation

from crylog.cries.models import Moment
from crylog.insights import figures
from crylog.insights.stats import (
    GroupEffect,
    MeanInterval,
    MomentSpread,
    OutcomeSplit,
    Spread,
    WeekCount,
    WhenItHelped,
)

SPREADS = [
    MomentSpread(Moment.RIGHT_AFTER, Spread(6, -15, -17.5, -12.5)),
    MomentSpread(Moment.AFTER_20, Spread(0, None, None, None)),
    MomentSpread(Moment.AFTER_90, Spread(5, 12.5, 8.75, 16.25)),
]


def test_dip_and_recovery_draws_faint_lines_a_median_and_a_band_from_zero() -> None:
    paths = [
        [("before", 0), ("right_after", -15), ("after_90", 5)],
        [("before", 0), ("right_after", -10), ("after_90", 20)],
    ]
    figure = figures.dip_and_recovery(SPREADS, paths)
    faint, upper, lower, median = figure.data
    # Both cries in one trace, split by a gap; "20 min" is skipped where nobody rated it.
    assert list(faint.x) == [0, 1, 3, None, 0, 1, 3, None]
    assert list(faint.y) == [0, -15, 5, None, 0, -10, 20, None]
    assert list(median.x) == [0, 1, 3]
    assert list(median.y) == [0, -15, 12.5]
    assert median.line.width > faint.line.width
    assert list(upper.y) == [0, -12.5, 16.25]
    assert list(lower.y) == [0, -17.5, 8.75]
    assert lower.fill == "tonexty"
    assert figure.layout.shapes[0].y0 == 0
    assert figure.layout.annotations[0].text == "how you felt before"


def test_the_band_leaves_out_moments_with_fewer_than_five_cries() -> None:
    spreads = [
        MomentSpread(Moment.RIGHT_AFTER, Spread(5, -15, -17.5, -12.5)),
        MomentSpread(Moment.AFTER_20, Spread(0, None, None, None)),
        MomentSpread(Moment.AFTER_90, Spread(4, 12.5, 8.75, 16.25)),
    ]
    _faint, upper, lower, median = figures.dip_and_recovery(spreads, []).data
    assert list(upper.x) == [0, 1]
    assert list(lower.y) == [0, -17.5]
    assert list(median.x) == [0, 1, 3]
    few = [MomentSpread(m.moment, Spread(1, -40, -40, -40)) for m in spreads]
    assert [trace.name for trace in figures.dip_and_recovery(few, []).data] == [
        "each cry",
        "median",
    ]


def test_the_hover_shows_the_summarys_own_rounding() -> None:
    spreads = [
        MomentSpread(Moment.RIGHT_AFTER, Spread(6, -18.5, -20, -10)),
        MomentSpread(Moment.AFTER_20, Spread(0, None, None, None)),
        MomentSpread(Moment.AFTER_90, Spread(5, 0.5, -2, 12.5)),
    ]
    median = figures.dip_and_recovery(spreads, []).data[-1]
    assert [list(row) for row in median.customdata] == [["0", ""], ["−19", "n=6"], ["+1", "n=5"]]
    assert "%{customdata[0]}" in median.hovertemplate
    assert "%{y" not in median.hovertemplate

    split = OutcomeSplit(better=1, same=7, worse=0, median_change=0)  # 12.5% better
    better = figures.ninety_minutes_later(split).data[0]
    assert list(better.customdata) == ["30%", "13%"]
    assert "%{customdata}" in better.hovertemplate
    assert "%{x" not in better.hovertemplate

    result = WhenItHelped(
        shown=[GroupEffect("comfort", "received comfort", MeanInterval(8, 0.5, -18.5, 12.5))],
        hidden=[],
        n=8,
    )
    dots = figures.when_it_helped(result).data[0]
    assert list(dots.customdata[0])[1:] == ["+1", "−19", "+13"]
    assert "%{x" not in dots.hovertemplate


def test_only_the_newest_cries_get_a_faint_line() -> None:
    paths = [[("before", 0), ("right_after", -i)] for i in range(figures.MAX_LINES + 50)]
    faint = figures.dip_and_recovery(SPREADS, paths).data[0]
    assert list(faint.x).count(None) == figures.MAX_LINES
    assert faint.y[1] == 0  # the first path given, the newest


def test_ninety_minutes_later_stacks_yours_beside_the_diary_study() -> None:
    figure = figures.ninety_minutes_later(OutcomeSplit(better=12, same=6, worse=2, median_change=8))
    assert figure.layout.barmode == "stack"
    assert [bar.name for bar in figure.data] == ["better", "about the same", "worse"]
    study, you = figure.data[0].y
    assert "diary study" in study
    assert "20 cries" in you
    assert [list(bar.x) for bar in figure.data] == [[30, 60], [61, 30], [9, 10]]
    assert list(figure.data[0].text) == ["30%", "12"]


def test_when_it_helped_writes_n_beside_each_group_and_spans_zero() -> None:
    result = WhenItHelped(
        shown=[
            GroupEffect("comfort", "received comfort", MeanInterval(8, 14, 5, 23)),
            GroupEffect("trigger", "loss", MeanInterval(6, 4, 1, 7)),
        ],
        hidden=[],
        n=14,
    )
    figure = figures.when_it_helped(result)
    texts = [note.text for note in figure.layout.annotations]
    assert "received comfort · n=8" in texts
    assert "trigger: loss · n=6" in texts
    dots = figure.data[0]
    assert list(dots.x) == [4, 14]  # the first group drawn at the top
    assert list(dots.error_x.arrayminus) == [3, 9]
    assert list(dots.error_x.array) == [3, 9]
    low, high = figure.layout.xaxis.range
    assert low < 0 < 23 < high


@pytest.mark.parametrize(
    ("largest", "step"), [(0, 1), (1, 1), (5, 1), (6, 2), (10, 2), (11, 5), (26, 10), (51, 20)]
)
def test_cries_per_week_ticks_are_whole_numbers(largest: int, step: int) -> None:
    weeks = [WeekCount(date(2025, 3, 3), largest), WeekCount(date(2025, 3, 10), 0)]
    yaxis = figures.cries_per_week(weeks).layout.yaxis
    assert (yaxis.tick0, yaxis.dtick) == (0, step)


def test_cries_per_week_is_one_bar_per_week() -> None:
    weeks = [WeekCount(date(2025, 3, 3), 2), WeekCount(date(2025, 3, 10), 0)]
    bars = figures.cries_per_week(weeks).data[0]
    assert list(bars.x) == ["2025-03-03", "2025-03-10"]
    assert list(bars.y) == [2, 0]


def test_every_trace_names_its_colour_role_for_the_theme() -> None:
    split = OutcomeSplit(1, 1, 1, 0)
    for figure in (figures.dip_and_recovery(SPREADS, []), figures.ninety_minutes_later(split)):
        assert all(trace.meta["role"] for trace in figure.data)


@pytest.mark.parametrize(
    ("django", "d3"),
    [
        ("j M", "%-d %b"),
        ("j. N", "%-d. %b"),
        ("d/m/Y", "%d/%m/%Y"),
        (r"j \d\e F \d\e Y", "%-d de %B de %Y"),  # escaped letters stay letters
        ("D, n/y 100%", "%a, %-m/%y 100%%"),  # a percent sign is d3's escape character
    ],
)
def test_a_django_date_format_becomes_plotlys(django: str, d3: str) -> None:
    assert figures.d3_date_format(django) == d3


def test_a_date_format_plotly_cannot_write_is_refused() -> None:
    with pytest.raises(ValueError, match="'H'"):
        figures.d3_date_format("j M, H:i")


def test_the_weekly_chart_writes_its_dates_and_numbers_in_the_active_language() -> None:
    weeks = [WeekCount(date(2025, 3, 2), 1234), WeekCount(date(2025, 12, 7), 0)]
    with translation.override("de"):
        figure = figures.cries_per_week(weeks)
        locale = figures.locale()
    assert figure.layout.xaxis.tickformat == "%-d. %b"
    assert figure.layout.separators == ",."
    assert [list(row) for row in figure.data[0].customdata] == [
        ["2. März 2025", "1.234"],
        ["7. Dez. 2025", "0"],
    ]
    # plotly's %b is the month as the tick format's N writes it; d3 counts days from Sunday.
    assert locale["format"]["shortMonths"][2::9] == ["März", "Dez."]  # type: ignore[index]
    assert locale["format"]["shortDays"][:2] == ["So", "Mo"]  # type: ignore[index]
    with translation.override("en"):
        assert figures.cries_per_week(weeks).data[0].customdata[0][1] == "1,234"
