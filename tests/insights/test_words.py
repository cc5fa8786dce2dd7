"""The plain-text summaries say what the charts show, with how many cries each number uses."""

from datetime import date

from crylog.cries.models import Moment
from crylog.insights import words
from crylog.insights.stats import (
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


def test_the_dip_summary_gives_each_moment_its_own_count() -> None:
    spreads = [
        MomentSpread(Moment.RIGHT_AFTER, Spread(18, -15, -20, -8)),
        MomentSpread(Moment.AFTER_20, Spread(0, None, None, None)),
        MomentSpread(Moment.AFTER_90, Spread(12, 5, -2, 11)),
    ]
    text = " ".join(words.dip_and_recovery(spreads, Spread(15, 20, 10, 25)))
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
    text = " ".join(words.dip_and_recovery(spreads, empty))
    assert "no dip to draw" in text and "how you felt before" in text


def test_the_90_minute_summary_counts_and_sets_the_diary_study_beside_it() -> None:
    text = " ".join(words.ninety_minutes_later(OutcomeSplit(12, 6, 2, 8)))
    assert "In 12 of your 20 cries with a 90-minute check-in you felt better than before" in text
    assert "in 6 about the same (within 10 points) and in 2 worse; median change +8" in text
    assert "30%" in text and "61%" in text and "9%" in text and "no change is common" in text


def test_without_follow_ups_the_90_minute_summary_explains_the_check_in() -> None:
    text = " ".join(words.ninety_minutes_later(OutcomeSplit(0, 0, 0, None)))
    assert "No cry here has both" in text and "90 minutes after you log a cry" in text


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
    assert "Not shown, with fewer than 5 cries: conflict (3)." in text
    assert not any(word in text.lower() for word in CAUSAL)


def test_when_no_group_is_big_enough_it_says_what_is_needed() -> None:
    text = " ".join(words.when_it_helped(WhenItHelped([], [], n=3)))
    assert "at least 5 cries" in text and "so far 3 cries have both ratings" in text


def test_cries_per_week_gives_the_total_the_average_and_the_busiest_week() -> None:
    weeks = [
        WeekCount(date(2025, 3, 3), 1),
        WeekCount(date(2025, 3, 10), 4),
        WeekCount(date(2025, 3, 17), 0),
    ]
    assert words.cries_per_week(weeks) == [
        "5 cries over 3 weeks, about 1.7 a week; the most in one week was 4 (week of 10 Mar 2025)."
    ]


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
