"""The dashboard's plain-text summaries: what each chart shows, in words, with its n.

Wording rules (docs/insights.md): say how many cries a number rests on; "tended to", never
"because"; "about the same" is a normal result, not a failure.
"""

from collections.abc import Sequence

from crylog.insights.stats import (
    DIARY_STUDY,
    DIARY_STUDY_CRIES,
    MIN_GROUP,
    SAME_BAND,
    Completion,
    MomentSpread,
    OutcomeSplit,
    Spread,
    WeekCount,
    WhenItHelped,
)

MINUS = "\u2212"


def signed(value: float | None) -> str:
    """+8, −15 or 0: a change in points, rounded, with a real minus sign."""
    if value is None:
        return "–"
    rounded = round(value)
    if rounded > 0:
        return f"+{rounded}"
    if rounded < 0:
        return f"{MINUS}{-rounded}"
    return "0"


def cries(n: int) -> str:
    return f"{n:,} cry" if n == 1 else f"{n:,} cries"


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%"


def dip_and_recovery(spreads: Sequence[MomentSpread], rise: Spread) -> list[str]:
    right_after, after_20, after_90 = (s.spread for s in spreads)
    sentences = []
    if right_after.n:
        sentences.append(
            f"Right after crying, your mood was a median {signed(right_after.median)} points "
            f"from before ({cries(right_after.n)} with both ratings; the middle half between "
            f"{signed(right_after.q1)} and {signed(right_after.q3)})."
        )
    else:
        sentences.append(
            "None of these cries has a “before” rating yet, so there is no dip to draw: "
            "you can add how you felt before on a cry's page."
        )
    if after_20.n:
        sentences.append(f"At 20 minutes: median {signed(after_20.median)} ({cries(after_20.n)}).")
    if after_90.n:
        sentences.append(
            f"At 90 minutes: median {signed(after_90.median)} points from before "
            f"({cries(after_90.n)})."
        )
    if rise.n:
        extra = rise.n - after_90.n
        counted = f", {extra} of them without a before rating" if extra > 0 else ""
        sentences.append(
            f"From right after to 90 minutes your mood changed by a median "
            f"{signed(rise.median)} points ({cries(rise.n)}{counted})."
        )
    return sentences


def ninety_minutes_later(split: OutcomeSplit) -> list[str]:
    study = (
        f"In a diary study of {DIARY_STUDY_CRIES:,} cries, about {DIARY_STUDY['better']}% "
        f"left people feeling better, {DIARY_STUDY['same']}% brought no change and "
        f"{DIARY_STUDY['worse']}% felt worse: no change is common."
    )
    if not split.n:
        return [
            "No cry here has both a “before” rating and a 90-minute check-in yet. "
            "About 90 minutes after you log a cry, crylog asks how you feel; "
            "those answers fill this chart.",
            study,
        ]
    return [
        f"In {split.better} of your {cries(split.n)} with a 90-minute check-in you felt "
        f"better than before, in {split.same} about the same (within {SAME_BAND} points) "
        f"and in {split.worse} worse; median change {signed(split.median_change)} points.",
        study,
    ]


def when_it_helped(result: WhenItHelped) -> list[str]:
    sentences = []
    if not result.shown:
        sentences.append(
            f"A group appears here once at least {MIN_GROUP} cries with a before rating and "
            f"a 90-minute check-in share a detail (who was there, comfort, a trigger…); "
            f"so far {cries(result.n)} have both ratings."
        )
    else:
        ranked = sorted(result.shown, key=lambda g: g.interval.mean)
        top, low = ranked[-1], ranked[0]
        sentences.append(
            f"The change from before to 90 minutes later tended to be largest for "
            f"“{top.label}” (mean {signed(top.interval.mean)} points, {cries(top.interval.n)})"
            + (
                f" and smallest for “{low.label}” "
                f"(mean {signed(low.interval.mean)}, {cries(low.interval.n)})."
                if len(ranked) > 1
                else "."
            )
        )
        sentences.append(
            "The lines show 95% intervals: where one crosses zero, no change fits your data "
            "as well. These are patterns in your own cries, not causes."
        )
    if result.hidden:
        hidden = ", ".join(f"{h.label} ({h.n})" for h in result.hidden)
        sentences.append(f"Not shown, with fewer than {MIN_GROUP} cries: {hidden}.")
    return sentences


def cries_per_week(weeks: Sequence[WeekCount]) -> list[str]:
    total = sum(w.count for w in weeks)
    busiest = max(weeks, key=lambda w: w.count)
    return [
        f"{cries(total)} over {len(weeks)} {'week' if len(weeks) == 1 else 'weeks'}, "
        f"about {total / len(weeks):.1f} a week; the most in one week was {busiest.count} "
        f"(week of {busiest.monday:%-d %b %Y})."
    ]


def check_ins(result: Completion) -> list[str]:
    if not result.due:
        sentences = ["No 90-minute check-in window has closed yet."]
    else:
        sentences = [
            f"You answered the 90-minute check-in for {result.answered} of {cries(result.due)} "
            f"whose check-in was due ({percent(result.answered, result.due)})."
        ]
        if result.late:
            sentences.append(
                f"{result.late} of those answers came late "
                f"({percent(result.late, result.answered)}); they still count."
            )
    if result.waiting:
        sentences.append(f"{cries(result.waiting).capitalize()} may still get one.")
    return sentences
