"""The group's dip and recovery, for the researcher's study page.

The same statistics and figure as a person's trends page (``crylog.insights``), over every
cry the study receives from the participants whose data it may use (``crylog.studies.data``),
with the same honesty rules: n beside every number, no middle half under MIN_GROUP cries, and
everything the figure shows also said in words and in a table. The words speak of the group
("how they felt before"), never to "you".

No faint line per cry, unlike the person's page: there a line is one of your own cries; here
it would be one of many people's, drawn for the newest MAX_LINES cries only, so a study of
thirty participants would show an arbitrary slice dominated by whoever cries most. The median
and the middle half describe the whole group; single cries are in the export.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext, ngettext

from crylog.cries.models import Cry, Moment
from crylog.insights import figures, stats, words
from crylog.insights.dashboard import Chart
from crylog.studies.data import participants_used, received
from crylog.studies.models import Study


def cry_row(cry: Cry) -> stats.CryRow:
    """A received cry as the statistics read it: its ratings (already fetched) and nothing
    of its details, which the dip does not use."""
    assert cry.ended_at is not None
    valences = {rating.moment: rating for rating in cry.ratings.all()}
    before = valences.get(Moment.BEFORE)

    def valence(moment: str) -> int | None:
        rating = valences.get(moment)
        return None if rating is None else rating.valence

    after_90 = valences.get(Moment.AFTER_90)
    return stats.CryRow(
        cry.ended_at,
        before=valence(Moment.BEFORE),
        right_after=valence(Moment.RIGHT_AFTER),
        after_20=valence(Moment.AFTER_20),
        after_90=valence(Moment.AFTER_90),
        after_90_late=after_90 is not None and after_90.is_late,
        before_recalled=before is not None and before.is_recalled,
    )


def _moment_sentence(moment: Moment, spread: stats.Spread) -> str:
    values = {
        "median": words.signed(spread.median),
        "cries": words.cries(spread.n),
        "middle_half": words.middle_half(spread),
    }
    if moment == Moment.RIGHT_AFTER:
        sentence = gettext(
            "Right after crying, mood was a median %(median)s points from how they felt before "
            "(%(cries)s with both ratings; %(middle_half)s)."
        )
    elif moment == Moment.AFTER_20:
        sentence = gettext(
            "At 20 minutes: a median %(median)s points from before (%(cries)s; %(middle_half)s)."
        )
    else:
        sentence = gettext(
            "At 90 minutes: a median %(median)s points from before (%(cries)s; %(middle_half)s)."
        )
    return sentence % values


def summary(
    rows: Sequence[stats.CryRow], spreads: Sequence[stats.MomentSpread], *, participants: int
) -> list[str]:
    """The plain-text summary: what the figure and the table show, with n beside each number."""
    sentences = [
        ngettext(
            "%(cries)s received from %(count)s participant. Each cry counts once, so whoever "
            "cried more often weighs more in these numbers.",
            "%(cries)s received from %(count)s participants. Each cry counts once, so whoever "
            "cried more often weighs more in these numbers.",
            participants,
        )
        % {"cries": words.cries(len(rows)), "count": words.whole_number(participants)}
    ]
    shown = [s for s in spreads if s.spread.n]
    if not shown:
        sentences.append(
            gettext(
                "None of these cries has both a “before” rating and a later one yet, so there "
                "is no dip to show."
            )
        )
    sentences.extend(_moment_sentence(s.moment, s.spread) for s in shown)
    counts = stats.baselines(rows)
    if counts.recalled:
        sentences.append(
            ngettext(
                "%(recalled)s of the %(given)s “before” ratings was recalled after the cry rather "
                "than given before it, and a remembered mood may differ from the real one; the "
                "export's recalled column tells them apart.",
                "%(recalled)s of the %(given)s “before” ratings were recalled after the cry "
                "rather than given before it, and a remembered mood may differ from the real "
                "one; the export's recalled column tells them apart.",
                counts.recalled,
            )
            % {
                "recalled": words.whole_number(counts.recalled),
                "given": words.whole_number(counts.given),
            }
        )
    return sentences


def build(rows: Sequence[stats.CryRow], *, participants: int) -> dict[str, Any]:
    """What ``templates/studies/group.html`` shows of these rows (each a received cry)."""
    group: dict[str, Any] = {
        "count": len(rows),
        "participants": participants,
        "min_group": stats.MIN_GROUP,
        "chart": None,
    }
    if not rows:
        return group
    spreads = stats.moment_spreads(rows)
    chart = Chart(
        "dip",
        gettext("The group's dip and recovery"),
        summary(rows, spreads, participants=participants),
        table=spreads,
    )
    if any(s.spread.n for s in spreads):
        figure = figures.dip_and_recovery(
            spreads,
            [],
            zero_label=gettext("how they felt before"),
            band_label=gettext("middle half of the cries"),
        )
        chart.figure = {**figure.to_plotly_json(), "config": figures.config()}
        group["plotly_locale"] = figures.locale()
    group["chart"] = chart
    return group


def group_context(study: Study) -> dict[str, object]:
    """What ``templates/studies/group.html`` shows of ``study``: the template reads it as
    ``group``."""
    rows: list[stats.CryRow] = []
    participants = 0
    for participant in participants_used(study):
        cries = [cry for cry, _study_cry in received(participant)]
        participants += bool(cries)
        rows.extend(cry_row(cry) for cry in cries)
    return build(rows, participants=participants)
