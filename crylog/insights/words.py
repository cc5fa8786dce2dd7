"""The dashboard's plain-text summaries: what each chart shows, in words, with its n.

Wording rules (docs/insights.md): say how many cries a number rests on; "tended to", never
"because"; "about the same" is a normal result, not a failure.
"""

from collections.abc import Sequence
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from crylog.insights.stats import (
    DIARY_STUDY,
    DIARY_STUDY_CRIES,
    FAMILY_LEVEL,
    MIN_GROUP,
    SAME_BAND,
    Baselines,
    Completion,
    MomentSpread,
    OutcomeSplit,
    Spread,
    WeekCount,
    WhenItHelped,
)

MINUS = "\u2212"


def rounded(value: float, places: int = 0) -> Decimal:
    """``value`` to ``places`` decimals, halves away from zero: 0.5 → 1, −18.5 → −19.

    The one rounding rule for every number on the page (text, tables and the charts' hover,
    which get these strings rather than format numbers themselves). Python's round() takes
    halves to even and would print 0.5 as 0. The float's shortest repr is rounded, so 0.15
    reads as written rather than as the binary 0.1499….
    """
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def signed(value: float | None) -> str:
    """+8, −15 or 0: a change in points, rounded, with a real minus sign."""
    if value is None:
        return "–"
    whole = int(rounded(value))
    if whole > 0:
        return f"+{whole}"
    if whole < 0:
        return f"{MINUS}{-whole}"
    return "0"


def cries(n: int) -> str:
    return f"{n:,} cry" if n == 1 else f"{n:,} cries"


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` in whole percent, halves away from zero (1 of 8 is 13%)."""
    # In integers, so that no float error decides on which side a half falls.
    return f"{(200 * part + whole) // (2 * whole)}%"


def missing_spread(n: int) -> str:
    """What a middle half of ``n`` values lacks, instead of quoting quartiles of so few."""
    return f"the middle half shows from {MIN_GROUP} cries, {MIN_GROUP - n} more"


def middle_half(spread: Spread) -> str:
    """The interquartile range in words, or what it is missing with too few cries."""
    if spread.n < MIN_GROUP:
        return missing_spread(spread.n)
    return f"the middle half between {signed(spread.q1)} and {signed(spread.q3)}"


def dip_and_recovery(
    spreads: Sequence[MomentSpread], rise: Spread, *, rise_without_before: int
) -> list[str]:
    right_after, after_20, after_90 = (s.spread for s in spreads)
    sentences = []
    if right_after.n:
        sentences.append(
            f"Right after crying, your mood was a median {signed(right_after.median)} points "
            f"from before ({cries(right_after.n)} with both ratings; {middle_half(right_after)})."
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
        counted = (
            f", {rise_without_before} of them without a before rating"
            if rise_without_before
            else ""
        )
        sentences.append(
            f"From right after to 90 minutes your mood changed by a median "
            f"{signed(rise.median)} points ({cries(rise.n)}{counted})."
        )
    return sentences


def baselines(counts: Baselines, *, real_only: bool) -> list[str]:
    """How many "before" ratings were remembered afterwards, and what real ones alone show."""
    if not counts.given:
        return []
    if real_only:
        return [
            f"Showing only the {cries(counts.real)} whose “before” was rated before the cry "
            f"(a planned cry); {counts.recalled} recalled afterwards are left out."
        ]
    if not counts.recalled:
        return [f"Every “before” rating here ({counts.given}) was given before the cry."]
    sentence = (
        f"{counts.recalled} of the {counts.given} “before” ratings here were recalled after "
        f"the cry rather than given before it, and a remembered mood may differ from the real "
        f"one; {counts.real} {'was' if counts.real == 1 else 'were'} given before a planned cry."
    )
    if counts.real < MIN_GROUP:
        sentence += f" The dip from those alone shows once {MIN_GROUP} planned cries have one."
    return [sentence]


DIARY_STUDY_SENTENCE = (
    f"In a diary study of {DIARY_STUDY_CRIES:,} cries, about {DIARY_STUDY['better']}% "
    f"left people feeling better, {DIARY_STUDY['same']}% brought no change and "
    f"{DIARY_STUDY['worse']}% felt worse. The study counted a change by how people themselves "
    f"judged their mood after crying, not by crylog's {SAME_BAND} points either way, so the "
    f"two splits are measured differently and are only roughly comparable."
)


def ninety_minutes_later(split: OutcomeSplit) -> list[str]:
    if not split.n:
        return [
            "No cry here has both a “before” rating and a 90-minute check-in yet. "
            "About 90 minutes after you log a cry, crylog asks how you feel; "
            "those answers fill this chart.",
            DIARY_STUDY_SENTENCE,
        ]
    return [
        f"In {split.better} of your {cries(split.n)} with a 90-minute check-in you felt "
        f"better than before, in {split.same} about the same (within {SAME_BAND} points) "
        f"and in {split.worse} worse; median change {signed(split.median_change)} points.",
        DIARY_STUDY_SENTENCE,
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
            f"{result.compared} {'group was' if result.compared == 1 else 'groups were'} "
            f"compared. With that many side by side, some differences appear by chance alone."
            if result.compared > 1
            else "Only this group has enough cries to show."
        )
        sentences.append(
            f"The lines show {interval_words(result)}: where one crosses zero, no change fits "
            f"your data as well. These are patterns in your own cries, not causes."
        )
    if result.hidden:
        hidden = ", ".join(f"{h.label} ({h.n})" for h in result.hidden)
        sentences.append(f"Not shown, with fewer than {MIN_GROUP} cries: {hidden}.")
    return sentences


def interval_words(result: WhenItHelped) -> str:
    percent_level = f"{rounded(100 * FAMILY_LEVEL)}%"
    if result.compared > 1:
        return (
            f"intervals widened for the {result.compared} groups, so that all of them together "
            f"hold with {percent_level} confidence"
        )
    return f"a {percent_level} interval"


WEEK = timedelta(weeks=1)


def cries_per_week(weeks: Sequence[WeekCount], *, span: timedelta) -> list[str]:
    """``span``: from the start of the period, or the first cry if later, to now."""
    total = sum(w.count for w in weeks)
    busiest = max(weeks, key=lambda w: w.count)
    most = f"the most in one week was {busiest.count} (week of {busiest.monday:%-d %b %Y})"
    if span < WEEK:
        days = span.days
        since = "less than a day" if not days else f"{days} {'day' if days == 1 else 'days'}"
        return [f"{cries(total)} since your first cry, {since} ago; a weekly average needs a week."]
    span_weeks = span / WEEK
    length = rounded(span_weeks, 1)
    length_text = "1 week" if length == 1 else f"{length.normalize():f} weeks"
    return [
        f"{cries(total)} over {length_text}, about {rounded(total / span_weeks, 1)} a week; {most}."
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
