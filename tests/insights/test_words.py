"""The plain-text summaries say what the charts show, with how many cries each number uses."""

from datetime import date, timedelta

import pytest

from crylog.cries.models import Moment
from crylog.insights import words
from crylog.insights.stats import (
    Baselines,
    Completion,
    GroupEffect,
    HiddenGroup,
    MeanInterval,
    MomentSpread,
    OutcomeSplit,
    Spread,
    WeekCount,
    WhenItHelped,
)

CAUSAL = ("because", "leads to", "makes you", "made you", "heals", "treats", "detox")


def test_changes_are_written_with_a_sign_and_a_real_minus() -> None:
    assert [words.signed(v) for v in (8.4, -15, 0.3, -0.4, None)] == ["+8", "−15", "0", "0", "–"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.5, "+1"),
        (0.49, "0"),
        (-0.5, "−1"),
        (-0.49, "0"),
        (12.5, "+13"),
        (-18.5, "−19"),
        (2.5, "+3"),
        (1.5, "+2"),
    ],
)
def test_halves_round_away_from_zero(value: float, text: str) -> None:
    assert words.signed(value) == text


@pytest.mark.parametrize(
    ("part", "whole", "text"),
    [(1, 8, "13%"), (1, 40, "3%"), (3, 40, "8%"), (1, 3, "33%"), (2, 3, "67%"), (0, 4, "0%")],
)
def test_percentages_round_halves_up(part: int, whole: int, text: str) -> None:
    assert words.percent(part, whole) == text


def test_a_rate_rounds_its_decimal_half_away_from_zero() -> None:
    assert str(words.rounded(0.25, 1)) == "0.3"
    assert str(words.rounded(0.15, 1)) == "0.2"
    assert str(words.rounded(-0.25, 1)) == "-0.3"


def test_the_dip_summary_gives_each_moment_its_own_count() -> None:
    spreads = [
        MomentSpread(Moment.RIGHT_AFTER, Spread(18, -15, -20, -8)),
        MomentSpread(Moment.AFTER_20, Spread(0, None, None, None)),
        MomentSpread(Moment.AFTER_90, Spread(12, 5, -2, 11)),
    ]
    text = " ".join(words.dip_and_recovery(spreads, Spread(15, 20, 10, 25), rise_without_before=3))
    assert "median −15 points from before (18 cries with both ratings" in text
    assert "between −20 and −8" in text
    assert "20 minutes" not in text
    assert "At 90 minutes: median +5 points from before (12 cries)" in text
    assert "median +20 points (15 cries, 3 of them without a before rating)" in text


def test_without_before_ratings_the_dip_summary_says_how_to_get_one() -> None:
    empty = Spread(0, None, None, None)
    spreads = [
        MomentSpread(m, empty) for m in (Moment.RIGHT_AFTER, Moment.AFTER_20, Moment.AFTER_90)
    ]
    text = " ".join(words.dip_and_recovery(spreads, empty, rise_without_before=0))
    assert "no dip to draw" in text
    assert "how you felt before" in text


def test_the_middle_half_of_too_few_cries_says_what_is_missing() -> None:
    def right_after(spread: Spread) -> str:
        empty = Spread(0, None, None, None)
        spreads = [
            MomentSpread(Moment.RIGHT_AFTER, spread),
            MomentSpread(Moment.AFTER_20, empty),
            MomentSpread(Moment.AFTER_90, empty),
        ]
        return words.dip_and_recovery(spreads, empty, rise_without_before=0)[0]

    one = right_after(Spread(1, -40, -40, -40))
    assert "median −40 points from before (1 cry with both ratings" in one
    assert "between" not in one
    assert "the middle half shows from 5 cries, 4 more" in one
    four = right_after(Spread(4, -10, -15, -5))
    assert "between" not in four
    assert "1 more" in four
    five = right_after(Spread(5, -10, -15, -5))
    assert "the middle half between −15 and −5" in five


def test_the_dip_summary_says_how_many_baselines_were_recalled() -> None:
    text = " ".join(words.baselines(Baselines(given=20, recalled=17), real_only=False))
    assert "17 of the 20 “before” ratings here were recalled after the cry" in text
    assert "3 were given before a planned cry" in text
    assert "shows once 5 planned cries have one" in text
    enough = " ".join(words.baselines(Baselines(given=20, recalled=15), real_only=False))
    assert "shows once" not in enough
    real = " ".join(words.baselines(Baselines(given=20, recalled=15), real_only=True))
    assert "Showing only the 5 cries whose “before” was rated before the cry" in real
    assert "15 recalled afterwards are left out" in real
    assert words.baselines(Baselines(0, 0), real_only=False) == []


def test_the_90_minute_summary_counts_and_sets_the_diary_study_beside_it() -> None:
    text = " ".join(words.ninety_minutes_later(OutcomeSplit(12, 6, 2, 8)))
    assert "In 12 of your 20 cries with a 90-minute check-in you felt better than before" in text
    assert "in 6 about the same (within 10 points) and in 2 worse; median change +8" in text
    assert "30%" in text
    assert "61%" in text
    assert "9%" in text
    # The study's split is not measured like crylog's: the summary says so.
    assert "not by crylog's 10 points either way" in text
    assert "measured differently" in text
    assert "normal" not in text


def test_without_follow_ups_the_90_minute_summary_explains_the_check_in() -> None:
    text = " ".join(words.ninety_minutes_later(OutcomeSplit(0, 0, 0, None)))
    assert "No cry here has both" in text
    assert "90 minutes after you log a cry" in text


def test_when_it_helped_names_the_extremes_tentatively_and_the_hidden_groups() -> None:
    result = WhenItHelped(
        shown=[
            GroupEffect("comfort", "received comfort", MeanInterval(8, 14.2, 5, 23)),
            GroupEffect("holding back", "held tears back", MeanInterval(6, 1, -6, 8)),
        ],
        hidden=[HiddenGroup("trigger", "conflict", 3)],
        n=20,
    )
    text = " ".join(words.when_it_helped(result))
    assert "tended to be largest for “received comfort” (mean +14 points, 8 cries)" in text
    assert "smallest for “held tears back” (mean +1, 6 cries)" in text
    assert "2 groups were compared. With that many side by side, some differences appear" in text
    assert "intervals widened for the 2 groups" in text
    assert "Not shown, with fewer than 5 cries: conflict (3)." in text
    assert not any(word in text.lower() for word in CAUSAL)


def test_when_no_group_is_big_enough_it_says_what_is_needed() -> None:
    text = " ".join(words.when_it_helped(WhenItHelped([], [], n=3)))
    assert "at least 5 cries" in text
    assert "so far 3 cries have both ratings" in text


def test_cries_per_week_gives_the_total_the_average_and_the_busiest_week() -> None:
    weeks = [
        WeekCount(date(2025, 3, 3), 1),
        WeekCount(date(2025, 3, 10), 4),
        WeekCount(date(2025, 3, 17), 0),
    ]
    assert words.cries_per_week(weeks, span=timedelta(days=21)) == [
        "5 cries over 3 weeks, about 1.7 a week; the most in one week was 4 (week of 10 Mar 2025)."
    ]


def test_the_weekly_average_divides_by_the_real_span_not_the_calendar_weeks() -> None:
    # 90 days touch 14 Monday-to-Sunday weeks but last 12.9: 50 cries over the 14 weeks
    # would be 3.6 a week; over the real span they are 3.9.
    weeks = [WeekCount(date(2025, 1, 6) + timedelta(weeks=i), 0) for i in range(14)]
    weeks[3] = WeekCount(weeks[3].start, 50)
    text = words.cries_per_week(weeks, span=timedelta(days=90))[0]
    assert text.startswith("50 cries over 12.9 weeks, about 3.9 a week;")


def test_cries_of_less_than_a_week_get_no_weekly_average() -> None:
    weeks = [WeekCount(date(2025, 3, 3), 2)]
    assert words.cries_per_week(weeks, span=timedelta(days=1, hours=3)) == [
        "2 cries since your first cry, 1 day ago; a weekly average needs a week."
    ]
    text = words.cries_per_week(weeks, span=timedelta(days=6, hours=23))[0]
    assert "6 days ago" in text
    assert "a week" in text
    assert "over" not in text
    assert words.cries_per_week(weeks, span=timedelta(days=7))[0].startswith(
        "2 cries over 1 week, about 2.0 a week"
    )


def test_check_ins_give_the_completion_rate_and_the_late_share() -> None:
    text = " ".join(words.check_ins(Completion(answered=30, missed=10, waiting=2, late=3)))
    assert "for 30 of 40 cries whose check-in was due (75%)" in text
    assert "3 of those answers came late (10%)" in text
    assert "2 cries may still get one" in text


def test_check_ins_before_any_is_due() -> None:
    assert words.check_ins(Completion(0, 0, 1, 0)) == [
        "No 90-minute check-in window has closed yet.",
        "1 cry may still get one.",
    ]
