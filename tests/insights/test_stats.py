"""The dashboard's statistics on small sets of cries whose answers were worked out by hand."""

import math
from calendar import MONDAY, SATURDAY, SUNDAY
from datetime import UTC, date, datetime, timedelta
from statistics import NormalDist
from zoneinfo import ZoneInfo

import pytest

from crylog.insights.stats import (
    Baselines,
    Completion,
    CryChange,
    CryRow,
    FollowupState,
    Outcome,
    Spread,
    baselines,
    change_path,
    completion,
    cries_per_week,
    cry_change,
    followup_state,
    followup_window,
    mean_interval,
    moment_spreads,
    outcome,
    outcome_split,
    regularized_beta,
    rise_spread,
    rise_without_before,
    spread,
    t_cdf,
    t_quantile,
    week_start,
    when_it_helped,
    with_real_baseline,
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
    assert split.n == 0
    assert split.median_change is None
    assert split.percent(Outcome.BETTER) == 0


def test_the_95_percent_interval_uses_students_t() -> None:
    # Mean 30; SD √(1000/4) = 15.811; SE 15.811/√5 = 7.071; t(4) = 2.7764, so ±19.632.
    interval = mean_interval([10, 20, 30, 40, 50])
    assert interval.n == 5
    assert interval.mean == 30
    assert interval.low == pytest.approx(10.368, abs=0.001)
    assert interval.high == pytest.approx(49.632, abs=0.001)


def test_the_rise_counts_its_cries_without_a_before_rating_one_by_one() -> None:
    # Cries with before and 90 minutes but no right-after are in the 90-minute count and not
    # in the rise: the difference of the two counts would say 1 where 3 lack a before.
    rows = [
        *(cry(right_after=30, after_90=50) for _ in range(3)),  # rise, no before
        cry(before=50, right_after=40, after_90=60),  # rise, with before
        *(cry(before=50, after_90=60) for _ in range(2)),  # no right after: no rise
    ]
    assert rise_spread(rows).n == 4
    assert rise_without_before(rows) == 3


def test_baselines_count_before_ratings_remembered_afterwards() -> None:
    rows = [
        cry(before=50, before_recalled=True),
        cry(before=60, before_recalled=True),
        cry(before=40),  # given before a planned cry
        cry(right_after=30),  # no before at all
    ]
    assert baselines(rows) == Baselines(given=3, recalled=2)
    assert baselines(rows).real == 1
    assert with_real_baseline(rows) == [rows[2]]


# Student's t has closed forms for 1, 2 and 4 degrees of freedom.
def t_closed_form(p: float, df: int) -> float:
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    alpha = 4 * p * (1 - p)
    q = math.cos(math.acos(math.sqrt(alpha)) / 3) / math.sqrt(alpha)
    return math.copysign(2 * math.sqrt(q - 1), p - 0.5)


@pytest.mark.parametrize("df", [1, 2, 4])
@pytest.mark.parametrize("p", [0.025, 0.6, 0.9, 0.975, 0.99875, 0.9999])
def test_the_t_quantile_matches_the_closed_forms(p: float, df: int) -> None:
    expected = t_closed_form(p, df)
    assert t_quantile(p, df) == pytest.approx(expected, rel=1e-12, abs=1e-9)


def test_the_t_distribution_with_three_degrees_of_freedom_matches_its_closed_form() -> None:
    for t in (-4.0, -0.3, 0.0, 1.0, 3.182446305284263, 12.0):
        u = t / math.sqrt(3)
        expected = 0.5 + (u / (1 + u * u) + math.atan(u)) / math.pi
        assert t_cdf(t, 3) == pytest.approx(expected, abs=1e-13)
    assert t_quantile(0.975, 3) == pytest.approx(3.182446305284263, abs=1e-9)


def test_the_t_quantile_for_many_degrees_of_freedom_meets_the_normal_expansion() -> None:
    # Hill's expansion in 1/df; with four terms its error is far below 1e-9 from 1,000 df.
    for p in (0.975, 0.99875):
        z = NormalDist().inv_cdf(p)
        terms = [
            (z**3 + z) / 4,
            (5 * z**5 + 16 * z**3 + 3 * z) / 96,
            (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384,
            (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160,
        ]
        for df in (1_000, 10_000, 100_000):
            expected = z + sum(term / df ** (i + 1) for i, term in enumerate(terms))
            assert t_quantile(p, df) == pytest.approx(expected, abs=1e-9)


def test_known_t_quantiles_to_nine_decimals() -> None:
    assert t_quantile(0.975, 23) == pytest.approx(2.068657610419, abs=1e-9)
    assert t_quantile(0.975, 30) == pytest.approx(2.042272456301, abs=1e-9)
    assert t_quantile(0.5, 7) == pytest.approx(0, abs=1e-15)


def test_the_incomplete_beta_at_its_ends_and_a_symmetric_point() -> None:
    assert regularized_beta(0, 2, 3) == 0
    assert regularized_beta(1, 2, 3) == 1
    assert regularized_beta(0.5, 4.5, 4.5) == pytest.approx(0.5, abs=1e-13)
    # I_x(1, b) = 1 − (1 − x)^b
    assert regularized_beta(0.3, 1, 2.5) == pytest.approx(1 - 0.7**2.5, abs=1e-13)


def test_an_interval_bound_near_a_half_lands_on_the_exact_side() -> None:
    # 24 changes, mean 8: the exact 95% interval is 5.5003 to 10.4997. A three-decimal
    # t (2.069 for 23 df) gives 5.4999 to 10.5001, which prints as +5 to +11.
    values = [-4, -1, 2, 3, 3, 4, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10, 11, 11, 11, 11, 16, 17, 19, 19]
    interval = mean_interval(values)
    assert interval.mean == 8
    assert 5.5 < interval.low < 5.5004
    assert 10.4996 < interval.high < 10.5


def test_intervals_widen_for_the_number_of_groups_compared() -> None:
    one_group = [cry(before=50, after_90=50 + c, company="alone") for c in (10, 20, 30, 40, 50)]
    alone = when_it_helped(one_group).shown[0].interval
    assert (alone.low, alone.high) == pytest.approx((10.368, 49.632), abs=0.001)

    # The same five cries also held tears back: two groups, each interval at 97.5%.
    two_groups = [
        cry(before=50, after_90=50 + c, company="alone", held_back=True)
        for c in (10, 20, 30, 40, 50)
    ]
    result = when_it_helped(two_groups)
    assert result.compared == 2
    assert result.level == pytest.approx(0.975)
    widened = result.shown[0].interval
    half = t_quantile(1 - 0.025 / 2, 4) * math.sqrt(250) / math.sqrt(5)
    assert (widened.low, widened.high) == pytest.approx((30 - half, 30 + half), abs=1e-9)
    assert widened.low < alone.low


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
        cry(ended_at=datetime(2025, 3, 9, 22, 30, tzinfo=UTC)),  # Sunday 23:30 in Berlin
        cry(ended_at=datetime(2025, 3, 9, 23, 30, tzinfo=UTC)),  # already Monday 10 in Berlin
        cry(ended_at=datetime(2025, 3, 10, 8, 0, tzinfo=UTC)),
    ]
    weeks = cries_per_week(
        rows, zone=berlin, first=date(2025, 3, 5), last=date(2025, 3, 19), first_weekday=MONDAY
    )
    assert [(w.start, w.count) for w in weeks] == [
        (date(2025, 3, 3), 2),
        (date(2025, 3, 10), 2),
        (date(2025, 3, 17), 0),
    ]


def test_weeks_that_start_on_sunday_take_a_sunday_into_the_next_week() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    rows = [
        cry(ended_at=datetime(2025, 3, 8, 22, 30, tzinfo=UTC)),  # Saturday 23:30 in Berlin
        cry(ended_at=datetime(2025, 3, 8, 23, 30, tzinfo=UTC)),  # already Sunday 9 in Berlin
        cry(ended_at=datetime(2025, 3, 10, 8, 0, tzinfo=UTC)),  # Monday 10
    ]
    weeks = cries_per_week(
        rows, zone=berlin, first=date(2025, 3, 5), last=date(2025, 3, 16), first_weekday=SUNDAY
    )
    assert [(w.start, w.count) for w in weeks] == [
        (date(2025, 3, 2), 1),
        (date(2025, 3, 9), 2),
        (date(2025, 3, 16), 0),  # Sunday 16 March begins a week of its own
    ]


@pytest.mark.parametrize(
    ("day", "monday_start", "sunday_start"),
    [
        (date(2025, 3, 8), date(2025, 3, 3), date(2025, 3, 2)),  # Saturday
        (date(2025, 3, 9), date(2025, 3, 3), date(2025, 3, 9)),  # Sunday
        (date(2025, 3, 10), date(2025, 3, 10), date(2025, 3, 9)),  # Monday
    ],
)
def test_a_week_starts_on_the_first_weekday_on_or_before_the_day(
    day: date, monday_start: date, sunday_start: date
) -> None:
    assert week_start(day, MONDAY) == monday_start
    assert week_start(day, SUNDAY) == sunday_start
    assert week_start(day, SATURDAY) == date(2025, 3, 8)  # each of them is in that week


WINDOW = timedelta(minutes=150)


@pytest.mark.parametrize(
    ("minutes_ago", "expected"),
    [(149, FollowupState.WAITING), (150, FollowupState.WAITING), (151, FollowupState.MISSED)],
)
def test_the_default_check_in_is_missed_only_after_150_minutes(
    minutes_ago: int, expected: FollowupState
) -> None:
    row = cry(ended_at=NOON - timedelta(minutes=minutes_ago))
    assert followup_state(row, now=NOON, window=followup_window(90)) is expected


@pytest.mark.parametrize(
    ("delay", "minutes_ago", "expected"),
    [
        (120, 180, FollowupState.WAITING),
        (120, 181, FollowupState.MISSED),
        (30, 90, FollowupState.WAITING),
        (30, 91, FollowupState.MISSED),
    ],
)
def test_the_check_in_window_follows_the_persons_own_delay(
    delay: int, minutes_ago: int, expected: FollowupState
) -> None:
    row = cry(ended_at=NOON - timedelta(minutes=minutes_ago))
    assert followup_state(row, now=NOON, window=followup_window(delay)) is expected


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
    assert result.rate is None
    assert result.late_share is None
