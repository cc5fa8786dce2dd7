"""The figures carry what each chart promises: lines, reference, n beside each group."""

from datetime import date

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
    MomentSpread(Moment.RIGHT_AFTER, Spread(3, -15, -17.5, -12.5)),
    MomentSpread(Moment.AFTER_20, Spread(0, None, None, None)),
    MomentSpread(Moment.AFTER_90, Spread(2, 12.5, 8.75, 16.25)),
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
    assert list(median.x) == [0, 1, 3] and list(median.y) == [0, -15, 12.5]
    assert median.line.width > faint.line.width
    assert list(upper.y) == [0, -12.5, 16.25] and list(lower.y) == [0, -17.5, 8.75]
    assert lower.fill == "tonexty"
    assert figure.layout.shapes[0].y0 == 0
    assert figure.layout.annotations[0].text == "how you felt before"


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
    assert "diary study" in study and "20 cries" in you
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
    assert "received comfort · n=8" in texts and "trigger: loss · n=6" in texts
    dots = figure.data[0]
    assert list(dots.x) == [4, 14]  # the first group drawn at the top
    assert list(dots.error_x.arrayminus) == [3, 9] and list(dots.error_x.array) == [3, 9]
    low, high = figure.layout.xaxis.range
    assert low < 0 < 23 < high


def test_cries_per_week_is_one_bar_per_week() -> None:
    weeks = [WeekCount(date(2025, 3, 3), 2), WeekCount(date(2025, 3, 10), 0)]
    bars = figures.cries_per_week(weeks).data[0]
    assert list(bars.x) == ["2025-03-03", "2025-03-10"] and list(bars.y) == [2, 0]


def test_every_trace_names_its_colour_role_for_the_theme() -> None:
    split = OutcomeSplit(1, 1, 1, 0)
    for figure in (figures.dip_and_recovery(SPREADS, []), figures.ninety_minutes_later(split)):
        assert all(trace.meta["role"] for trace in figure.data)
