"""The dashboard's statistics on small sets of cries whose answers were worked out by hand."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from crylog.insights.stats import (
    Completion,
    CryChange,
    CryRow,
    FollowupState,
    Outcome,
    Spread,
    change_path,
    completion,
    cries_per_week,
    cry_change,
    followup_state,
    mean_interval,
    moment_spreads,
    outcome,
    outcome_split,
    rise_spread,
    spread,
    t_975,
    when_it_helped,
)

NOON = datetime(2025, 3, 5, 12, 0, tzinfo=UTC)


def cry(**fields: object) -> CryRow:
    fields.setdefault("ended_at", NOON)
    return CryRow(**fields)  # type: ignore[arg-type]


def test_a_cry_with_every_rating_has_a_dip_two_recoveries_and_a_rise() -> None:
    row = cry(before=60, right_after=45, after_20=58, after_90=65)
    assert cry_change(row) == CryChange(dip=-15, recovery_20=-2, recovery_90=5, rise=20)


def test_a_cry_without_before_still_has_its_rise_from_right_after() -> None:
    row = cry(right_after=30, after_90=50)
    assert cry_change(row) == CryChange(dip=None, recovery_20=None, recovery_90=None, rise=20)


def test_spread_interpolates_quartiles_between_ranked_values() -> None:
    # Ranks 0..3; Q1 sits at rank 0.75, the median at 1.5, Q3 at 2.25.
    assert spread([10, -20, 0, -10]) == Spread(n=4, median=-5, q1=-12.5, q3=2.5)


def test_spread_of_one_value_is_that_value_and_of_none_is_empty() -> None:
    assert spread([7]) == Spread(1, 7, 7, 7)
    assert spread([]) == Spread(0, None, None, None)


ROWS = [
    cry(before=60, right_after=45, after_90=65),  # −15, –, +5; rise 20
    cry(before=50, right_after=40, after_20=50, after_90=70),  # −10, 0, +20; rise 30
    cry(right_after=30, after_90=50),  # no before: only a rise of 20
    cry(before=70, right_after=50),  # −20; no follow-up yet
]


def test_each_moment_uses_only_the_cries_that_have_before_and_that_moment() -> None:
    right_after, after_20, after_90 = (m.spread for m in moment_spreads(ROWS))
    # −20, −15, −10: Q1 halfway between the first two, Q3 halfway between the last two.
    assert right_after == Spread(n=3, median=-15, q1=-17.5, q3=-12.5)
    assert after_20 == Spread(n=1, median=0, q1=0, q3=0)
    # +5 and +20: quartiles a quarter and three quarters of the way from 5 to 20.
    assert after_90 == Spread(n=2, median=12.5, q1=8.75, q3=16.25)


def test_a_cry_path_starts_at_zero_and_skips_moments_without_a_rating() -> None:
    assert change_path(ROWS[0]) == [("before", 0), ("right_after", -15), ("after_90", 5)]
    assert change_path(ROWS[2]) == []  # nothing to measure a change from


def test_the_rise_after_the_dip_counts_a_cry_that_has_no_before() -> None:
    assert rise_spread(ROWS) == Spread(n=3, median=20, q1=20, q3=25)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (11, Outcome.BETTER),
        (10, Outcome.SAME),
        (0, Outcome.SAME),
        (-10, Outcome.SAME),
        (-11, Outcome.WORSE),
    ],
)
def test_within_ten_points_of_before_counts_as_the_same(change: int, expected: Outcome) -> None:
    assert outcome(change) is expected


def test_outcome_split_counts_better_same_worse_with_the_median_change() -> None:
    rows = [cry(before=50, after_90=50 + c) for c in (15, 10, 0, -5, -11, 30)]
    rows.append(cry(right_after=40, after_90=90))  # no before: cannot say better than before
    split = outcome_split(rows)
    assert (split.better, split.same, split.worse, split.n) == (2, 3, 1, 6)
    assert split.median_change == 5  # between 0 and 10
    assert split.percent(Outcome.SAME) == 50


def test_an_outcome_split_of_no_cries_is_empty() -> None:
    split = outcome_split([cry(right_after=40)])
    assert split.n == 0 and split.median_change is None and split.percent(Outcome.BETTER) == 0


def test_the_95_percent_interval_uses_students_t() -> None:
    # Mean 30; SD √(1000/4) = 15.811; SE 15.811/√5 = 7.071; t(4) = 2.776, so ±19.629.
    interval = mean_interval([10, 20, 30, 40, 50])
    assert interval.n == 5 and interval.mean == 30
    assert interval.low == pytest.approx(10.371, abs=0.001)
    assert interval.high == pytest.approx(49.629, abs=0.001)


def test_t_beyond_the_table_comes_from_the_series_and_approaches_z() -> None:
    assert t_975(30) == 2.042
    assert t_975(40) == pytest.approx(2.021, abs=0.001)
    assert t_975(10_000) == pytest.approx(1.960, abs=0.001)


def test_groups_under_five_cries_are_hidden_and_named_with_their_count() -> None:
    alone = [cry(before=50, after_90=50 + c, company="alone") for c in (10, 20, 30, 40, 50)]
    comforted = [cry(before=50, after_90=40, support=True, company="one") for _ in range(2)]
    no_follow_up = [cry(before=50, right_after=20, company="alone")]
    result = when_it_helped(alone + comforted + no_follow_up)

    assert result.n == 7
    assert [(g.factor, g.label, g.interval.n, g.interval.mean) for g in result.shown] == [
        ("company", "alone", 5, 30)
    ]
    assert {(h.label, h.n) for h in result.hidden} == {
        ("received comfort", 2),
        ("with one person", 2),
    }


def test_shame_and_intensity_are_grouped_into_bands() -> None:
    rows = [
        cry(before=50, after_90=60, shame=s, intensity=i)
        for s, i in [(0, 0), (1, 1), (2, 2), (4, 3), (3, 4)]
    ]
    result = when_it_helped(rows, min_group=1)
    counts = {(h.factor, h.label): h.n for h in result.hidden}
    counts |= {(g.factor, g.label): g.interval.n for g in result.shown}
    assert counts[("shame", "little or no shame (0–1)")] == 2
    assert counts[("shame", "some or more shame (2–4)")] == 3
    assert counts[("intensity", "urge or moist eyes (0–1)")] == 2
    assert counts[("intensity", "some tears (2)")] == 1
    assert counts[("intensity", "crying or sobbing (3–4)")] == 2


def test_each_trigger_of_a_cry_puts_it_in_that_triggers_group() -> None:
    rows = [
        cry(before=40, after_90=40 + c, triggers=("loss", "loneliness")) for c in (0, 5, 10, 15, 20)
    ]
    shown = {g.label: g.interval.mean for g in when_it_helped(rows).shown}
    assert shown == {"loss": 10, "loneliness": 10}


def test_weeks_run_monday_to_sunday_in_the_persons_zone_and_empty_weeks_count() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    rows = [
        cry(ended_at=datetime(2025, 3, 3, 10, 0, tzinfo=UTC)),  # Monday 3 March
        cry(ended_at=datetime(2025, 3, 9, 23, 30, tzinfo=UTC)),  # already Monday 10 in Berlin
        cry(ended_at=datetime(2025, 3, 10, 8, 0, tzinfo=UTC)),
    ]
    weeks = cries_per_week(rows, zone=berlin, first=date(2025, 3, 5), last=date(2025, 3, 19))
    assert [(w.monday, w.count) for w in weeks] == [
        (date(2025, 3, 3), 1),
        (date(2025, 3, 10), 2),
        (date(2025, 3, 17), 0),
    ]


WINDOW = timedelta(minutes=150)


def test_a_follow_up_is_answered_missed_or_still_waiting() -> None:
    assert followup_state(cry(after_90=60), now=NOON, window=WINDOW) is FollowupState.ANSWERED
    three_hours_ago = cry(ended_at=NOON - timedelta(hours=3))
    assert followup_state(three_hours_ago, now=NOON, window=WINDOW) is FollowupState.MISSED
    an_hour_ago = cry(ended_at=NOON - timedelta(hours=1))
    assert followup_state(an_hour_ago, now=NOON, window=WINDOW) is FollowupState.WAITING


def test_completion_rate_leaves_out_follow_ups_still_waiting_and_counts_late_answers() -> None:
    rows = [
        cry(ended_at=NOON - timedelta(days=1), after_90=60),
        cry(ended_at=NOON - timedelta(days=1), after_90=55, after_90_late=True),
        cry(ended_at=NOON - timedelta(hours=3)),
        cry(ended_at=NOON - timedelta(hours=1)),
    ]
    result = completion(rows, now=NOON, window=WINDOW)
    assert result == Completion(answered=2, missed=1, waiting=1, late=1)
    assert result.rate == pytest.approx(2 / 3)
    assert result.late_share == 0.5


def test_completion_of_no_cries_has_no_rate() -> None:
    result = completion([], now=NOON, window=WINDOW)
    assert result.rate is None and result.late_share is None
