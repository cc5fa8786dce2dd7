"""The dashboard's plain-text summaries: what each chart shows, in words, with its n.

Wording rules (docs/insights.md): say how many cries a number rests on; "tended to", never
"because"; "about the same" is a normal result, not a failure.
"""

from collections.abc import Sequence
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

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
from crylog.lib import formats

MINUS = "\u2212"


def rounded(value: float, places: int = 0) -> Decimal:
    """``value`` to ``places`` decimals, halves away from zero: 0.5 → 1, −18.5 → −19.

    The one rounding rule for every number on the page (text, tables and the charts' hover,
    which get these strings rather than format numbers themselves); ``formats.number`` then
    writes it as the language does ("1.5", "1,5"). Python's round() takes
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
    """ "1 cry", "1,004 cries": a phrase that stands whole in the sentences below."""
    return ngettext("%(count)s cry", "%(count)s cries", n) % {"count": whole_number(n)}


def whole_number(n: int) -> str:
    """A count as the language writes it: "1,004" in English, "1.004" in German."""
    return formats.number(n)


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` in whole percent, halves away from zero (1 of 8 is "13%"; in
    German "13 %")."""
    # In integers, so that no float error decides on which side a half falls.
    return formats.percent((200 * part + whole) // (2 * whole))


def missing_spread(n: int) -> str:
    """What a middle half of ``n`` values lacks, instead of quoting quartiles of so few."""
    return ngettext(
        "the middle half shows from %(least)s cries, %(more)s more",
        "the middle half shows from %(least)s cries, %(more)s more",
        MIN_GROUP - n,
    ) % {"least": whole_number(MIN_GROUP), "more": whole_number(MIN_GROUP - n)}


def middle_half(spread: Spread) -> str:
    """The interquartile range in words, or what it is missing with too few cries."""
    if spread.n < MIN_GROUP:
        return missing_spread(spread.n)
    return gettext("the middle half between %(low)s and %(high)s") % {
        "low": signed(spread.q1),
        "high": signed(spread.q3),
    }


def dip_and_recovery(
    spreads: Sequence[MomentSpread], rise: Spread, *, rise_without_before: int
) -> list[str]:
    right_after, after_20, after_90 = (s.spread for s in spreads)
    sentences = []
    if right_after.n:
        sentences.append(
            gettext(
                "Right after crying, your mood was a median %(median)s points from before "
                "(%(cries)s with both ratings; %(middle_half)s)."
            )
            % {
                "median": signed(right_after.median),
                "cries": cries(right_after.n),
                "middle_half": middle_half(right_after),
            }
        )
    else:
        sentences.append(
            gettext(
                "None of these cries has a “before” rating yet, so there is no dip to draw: "
                "you can add how you felt before on a cry's page."
            )
        )
    if after_20.n:
        sentences.append(
            gettext("At 20 minutes: median %(median)s (%(cries)s).")
            % {"median": signed(after_20.median), "cries": cries(after_20.n)}
        )
    if after_90.n:
        sentences.append(
            gettext("At 90 minutes: median %(median)s points from before (%(cries)s).")
            % {"median": signed(after_90.median), "cries": cries(after_90.n)}
        )
    if rise.n:
        values = {"median": signed(rise.median), "cries": cries(rise.n)}
        if rise_without_before:
            sentence = ngettext(
                "From right after to 90 minutes your mood changed by a median %(median)s points "
                "(%(cries)s, %(without)s of them without a before rating).",
                "From right after to 90 minutes your mood changed by a median %(median)s points "
                "(%(cries)s, %(without)s of them without a before rating).",
                rise_without_before,
            ) % {**values, "without": whole_number(rise_without_before)}
        else:
            sentence = (
                gettext(
                    "From right after to 90 minutes your mood changed by a median %(median)s "
                    "points (%(cries)s)."
                )
                % values
            )
        sentences.append(sentence)
    return sentences


def baselines(counts: Baselines, *, real_only: bool) -> list[str]:
    """How many "before" ratings were remembered afterwards, and what real ones alone show."""
    if not counts.given:
        return []
    if real_only:
        return [
            ngettext(
                "Showing only the %(cries)s whose “before” was rated before the cry (a planned "
                "cry); %(recalled)s recalled afterwards is left out.",
                "Showing only the %(cries)s whose “before” was rated before the cry (a planned "
                "cry); %(recalled)s recalled afterwards are left out.",
                counts.recalled,
            )
            % {"cries": cries(counts.real), "recalled": whole_number(counts.recalled)}
        ]
    if not counts.recalled:
        return [
            gettext("Every “before” rating here (%(given)s) was given before the cry.")
            % {"given": whole_number(counts.given)}
        ]
    sentence = ngettext(
        "%(recalled)s of the %(given)s “before” ratings here were recalled after the cry rather "
        "than given before it, and a remembered mood may differ from the real one; %(real)s was "
        "given before a planned cry.",
        "%(recalled)s of the %(given)s “before” ratings here were recalled after the cry rather "
        "than given before it, and a remembered mood may differ from the real one; %(real)s were "
        "given before a planned cry.",
        counts.real,
    ) % {
        "recalled": whole_number(counts.recalled),
        "given": whole_number(counts.given),
        "real": whole_number(counts.real),
    }
    if counts.real < MIN_GROUP:
        more = gettext("The dip from those alone shows once %(least)s planned cries have one.") % {
            "least": whole_number(MIN_GROUP)
        }
        sentence = f"{sentence} {more}"
    return [sentence]


def diary_study() -> str:
    return gettext(
        "In a diary study of %(cries)s cries, about %(better)s left people feeling better, "
        "%(same)s brought no change and %(worse)s felt worse. The study counted a change by "
        "how people themselves judged their mood after crying, not by crylog's %(band)s points "
        "either way, so the two splits are measured differently and are only roughly comparable."
    ) % {
        "cries": whole_number(DIARY_STUDY_CRIES),
        "better": formats.percent(DIARY_STUDY["better"]),
        "same": formats.percent(DIARY_STUDY["same"]),
        "worse": formats.percent(DIARY_STUDY["worse"]),
        "band": whole_number(SAME_BAND),
    }


def ninety_minutes_later(split: OutcomeSplit) -> list[str]:
    if not split.n:
        return [
            gettext(
                "No cry here has both a “before” rating and a 90-minute check-in yet. "
                "About 90 minutes after you log a cry, crylog asks how you feel; "
                "those answers fill this chart."
            ),
            diary_study(),
        ]
    return [
        gettext(
            "In %(better)s of your %(cries)s with a 90-minute check-in you felt better than "
            "before, in %(same)s about the same (within %(band)s points) and in %(worse)s worse; "
            "median change %(median)s points."
        )
        % {
            "better": whole_number(split.better),
            "cries": cries(split.n),
            "same": whole_number(split.same),
            "band": whole_number(SAME_BAND),
            "worse": whole_number(split.worse),
            "median": signed(split.median_change),
        },
        diary_study(),
    ]


def when_it_helped(result: WhenItHelped) -> list[str]:
    sentences = []
    if not result.shown:
        sentences.append(
            ngettext(
                "A group appears here once at least %(least)s cries with a before rating and a "
                "90-minute check-in share a detail (who was there, comfort, a trigger…); so far "
                "%(cries)s has both ratings.",
                "A group appears here once at least %(least)s cries with a before rating and a "
                "90-minute check-in share a detail (who was there, comfort, a trigger…); so far "
                "%(cries)s have both ratings.",
                result.n,
            )
            % {"least": whole_number(MIN_GROUP), "cries": cries(result.n)}
        )
    else:
        ranked = sorted(result.shown, key=lambda g: g.interval.mean)
        top, low = ranked[-1], ranked[0]
        largest = {
            "top": top.label,
            "top_mean": signed(top.interval.mean),
            "top_cries": cries(top.interval.n),
        }
        if len(ranked) > 1:
            sentences.append(
                gettext(
                    "The change from before to 90 minutes later tended to be largest for "
                    "“%(top)s” (mean %(top_mean)s points, %(top_cries)s) and smallest for "
                    "“%(low)s” (mean %(low_mean)s, %(low_cries)s)."
                )
                % {
                    **largest,
                    "low": low.label,
                    "low_mean": signed(low.interval.mean),
                    "low_cries": cries(low.interval.n),
                }
            )
        else:
            sentences.append(
                gettext(
                    "The change from before to 90 minutes later tended to be largest for "
                    "“%(top)s” (mean %(top_mean)s points, %(top_cries)s)."
                )
                % largest
            )
        sentences.append(
            ngettext(
                "%(count)s group was compared. With that many side by side, some differences "
                "appear by chance alone.",
                "%(count)s groups were compared. With that many side by side, some differences "
                "appear by chance alone.",
                result.compared,
            )
            % {"count": whole_number(result.compared)}
            if result.compared > 1
            else gettext("Only this group has enough cries to show.")
        )
        sentences.append(
            gettext(
                "The lines show %(intervals)s: where one crosses zero, no change fits your data "
                "as well. These are patterns in your own cries, not causes."
            )
            % {"intervals": interval_words(result)}
        )
    if result.hidden:
        hidden = gettext(", ").join(
            gettext("%(group)s (%(count)s)") % {"group": h.label, "count": whole_number(h.n)}
            for h in result.hidden
        )
        sentences.append(
            gettext("Not shown, with fewer than %(least)s cries: %(groups)s.")
            % {"least": whole_number(MIN_GROUP), "groups": hidden}
        )
    return sentences


def interval_words(result: WhenItHelped) -> str:
    level = formats.percent(rounded(100 * FAMILY_LEVEL))
    if result.compared > 1:
        return gettext(
            "intervals widened for the %(count)s groups, so that all of them together hold with "
            "%(level)s confidence"
        ) % {"count": whole_number(result.compared), "level": level}
    return gettext("a %(level)s interval") % {"level": level}


WEEK = timedelta(weeks=1)


def cries_per_week(weeks: Sequence[WeekCount], *, span: timedelta) -> list[str]:
    """``span``: from the start of the period, or the first cry if later, to now."""
    total = sum(w.count for w in weeks)
    busiest = max(weeks, key=lambda w: w.count)
    if span < WEEK:
        days = span.days
        if not days:
            sentence = gettext(
                "%(cries)s since your first cry, less than a day ago; a weekly average needs a "
                "week."
            )
        else:
            sentence = ngettext(
                "%(cries)s since your first cry, %(days)s day ago; a weekly average needs a week.",
                "%(cries)s since your first cry, %(days)s days ago; a weekly average needs a week.",
                days,
            )
        return [sentence % {"cries": cries(total), "days": whole_number(days)}]
    span_weeks = span / WEEK
    length = rounded(span_weeks, 1)
    sentence = ngettext(
        # Translators: start is the date a week begins on ("7 Dec 2025"); average and weeks
        # may have a decimal ("1.5"), written as your language writes one.
        "%(cries)s over %(weeks)s week, about %(average)s a week; the most in one week was "
        "%(most)s (week of %(start)s).",
        "%(cries)s over %(weeks)s weeks, about %(average)s a week; the most in one week was "
        "%(most)s (week of %(start)s).",
        1 if length == 1 else 2,  # "1.5 weeks": every length but one is plural in English
    )
    return [
        sentence
        % {
            "cries": cries(total),
            "weeks": formats.number(length.normalize()),  # 3, 12.9, 12,9
            "average": formats.number(rounded(total / span_weeks, 1)),  # 2.0, 2,0
            "most": whole_number(busiest.count),
            "start": date_format(busiest.start, "SHORT_DATE_FORMAT"),
        }
    ]


def check_ins(result: Completion) -> list[str]:
    if not result.due:
        sentences = [gettext("No 90-minute check-in window has closed yet.")]
    else:
        sentences = [
            gettext(
                "You answered the 90-minute check-in for %(answered)s of %(cries)s whose "
                "check-in was due (%(percent)s)."
            )
            % {
                "answered": whole_number(result.answered),
                "cries": cries(result.due),
                "percent": percent(result.answered, result.due),
            }
        ]
        if result.late:
            sentences.append(
                ngettext(
                    "%(late)s of those answers came late (%(percent)s); it still counts.",
                    "%(late)s of those answers came late (%(percent)s); they still count.",
                    result.late,
                )
                % {
                    "late": whole_number(result.late),
                    "percent": percent(result.late, result.answered),
                }
            )
    if result.waiting:
        sentences.append(
            ngettext(
                "%(count)s cry may still get one.",
                "%(count)s cries may still get one.",
                result.waiting,
            )
            % {"count": whole_number(result.waiting)}
        )
    return sentences
