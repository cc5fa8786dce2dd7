"""A study's export: one row per rating (long format) and the codebook that describes it.

The rows and the codebook are pure functions over plain rows (``Rating``), so that what the
file holds can be checked without a database; ``study_ratings`` alone reads one, and what it
reads is decided by ``crylog.studies.data`` (who is used, which of their cries are received).

Both files are CSV as RFC 4180 writes it: UTF-8 without a byte order mark, a header row,
commas, CRLF line ends. The headers, the codes and the codebook's words are English, whoever
downloads them: a codebook travels with its data into scripts, papers and archives, and one
study's files must read alike for every member of its team (docs/research.md).

What never goes out: an e-mail address, a user's or a cry's id, a calendar date or time of
day beyond the local hour, the names of a person's own triggers (their own words, which can
name people and places), and the note unless the study collects notes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from django.utils import translation

from crylog.cries.models import (
    INTENSITY_LABELS,
    RELIEF_LABELS,
    SHAME_LABELS,
    Company,
    CompanyKnown,
    Cry,
    Duration,
    Feeling,
    Moment,
    MoodRating,
    Resolved,
    Trigger,
)
from crylog.studies.data import participants_used, received
from crylog.studies.models import Participant, Study

MOMENTS = tuple(Moment.values)  # before, right_after, after_20, after_90: the rows' order
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MINUTE = timedelta(minutes=1)
# A spreadsheet runs a cell that starts with one of these as a formula: a note that starts
# with one gets a single quote in front, as in the person's own export (docs/data-export.md).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
TYPES = ("integer", "number", "boolean", "text", "category", "list")


@dataclass(frozen=True, slots=True)
class Rating:
    """One rating of one cry a study receives, with what the export needs to know of its cry
    and its participant. Times are here to be made relative; none is ever written."""

    participant: str  # the participant's code
    cry: str  # the cry's code in the study
    cry_order: int  # the cry's place among the participant's received cries, oldest first
    moment: str
    valence: int
    given_at: datetime
    cry_ended_at: datetime
    joined_at: datetime
    zone: tzinfo  # the participant's own clock
    consent_version: int
    arousal: int | None = None
    relief: int | None = None
    minutes_since_end: float | None = None  # as a follow-up stored it
    minutes_since_reminder: float | None = None
    is_late: bool = False
    is_recalled: bool = False
    # The cry's details, written only when the study collects them.
    intensity: int | None = None
    duration: str = ""
    company: str = ""
    company_known: str = ""
    support: bool | None = None
    held_back: bool | None = None
    shame: int | None = None
    triggers: tuple[str, ...] = ()
    feelings: tuple[str, ...] = ()
    resolved: str = ""
    new_understanding: bool | None = None
    # Written only when the study collects notes.
    note: str = ""


# How each kind of value is written: empty for "not given".


def whole(value: int | None) -> str:
    return "" if value is None else str(value)


def flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def minutes(value: float | None) -> str:
    """One decimal, and never -0.0."""
    if value is None:
        return ""
    rounded = round(value, 1)
    return f"{0.0 if rounded == 0 else rounded:.1f}"


def codes(value: Sequence[str]) -> str:
    return ";".join(value)


def neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# What each column is worked out from.


def minutes_since_cry_end(rating: Rating) -> float:
    """What a follow-up stored when it was answered; for the other ratings, from the cry's
    end to the rating (negative for a before given at the time of a planned cry)."""
    if rating.minutes_since_end is not None:
        return rating.minutes_since_end
    return (rating.given_at - rating.cry_ended_at) / MINUTE


def minutes_since_joined(rating: Rating) -> int:
    """Whole minutes from joining to the rating, rounded down (minute 0 is the first)."""
    return (rating.given_at - rating.joined_at) // MINUTE


def local_time(rating: Rating) -> datetime:
    return rating.given_at.astimezone(rating.zone)


def recalled(rating: Rating) -> bool | None:
    return rating.is_recalled if rating.moment == Moment.BEFORE else None


# The codebook: each column, its type, its values and what it means.


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of TYPES
    values: str
    description: str
    cell: Callable[[Rating], str]


def listed(pairs: Iterable[tuple[object, object]]) -> str:
    """Codes with their meaning, as the codebook lists them: ``alone = alone | one = …``."""
    return " | ".join(f"{code} = {meaning}" for code, meaning in pairs)


def _english(choices: Iterable[tuple[object, object]]) -> list[tuple[object, str]]:
    with translation.override("en"):
        return [(code, str(label)) for code, label in choices]


def base_columns() -> tuple[Column, ...]:
    moments = _english(Moment.choices)
    return (
        Column(
            "participant",
            "text",
            "6 characters from ABCDEFGHJKMNPQRSTWXYZ23456789",
            "The participant's code: random, made when they joined, never derived from their "
            "account. Their own study page shows it to them.",
            lambda r: r.participant,
        ),
        Column(
            "cry",
            "text",
            "6 characters from ABCDEFGHJKMNPQRSTWXYZ23456789",
            "The cry's code in this study: random, unique within a participant. Rows with the "
            "same participant and cry are one cry; a participant's cries come oldest first.",
            lambda r: r.cry,
        ),
        Column(
            "moment",
            "category",
            listed(moments),
            "When the rating belongs. At most one row per moment of a cry, in this order. "
            "before is given at the time for a planned cry and recalled afterwards otherwise "
            "(see recalled); after_20 exists only when the study asks at 20 minutes; after_90 "
            "is the follow-up, whatever delay the study set.",
            lambda r: r.moment,
        ),
        Column(
            "valence",
            "integer",
            "0–100",
            "How the participant felt: 0 very unpleasant, 50 neutral, 100 very pleasant. "
            "Higher is better (Gračanin et al. 2015 used a negative-mood scale where higher is "
            "worse: flip the sign to compare).",
            lambda r: str(r.valence),
        ),
        Column(
            "arousal",
            "integer",
            "0–100",
            "0 calm, 100 agitated. Optional: empty when not given.",
            lambda r: whole(r.arousal),
        ),
        Column(
            "relief",
            "integer",
            listed(_english(sorted(RELIEF_LABELS.items()))),
            "Did crying help? Asked at after_90 only; empty at other moments and when not given.",
            lambda r: whole(r.relief),
        ),
        Column(
            "minutes_since_cry_end",
            "number",
            "minutes, one decimal",
            "From the end of the cry to the rating. For a follow-up (after_20, after_90) as "
            "recorded when it was answered; for the others worked out from the two times, "
            "negative for a before given ahead of a planned cry. Large for a cry logged well "
            "after it happened.",
            lambda r: minutes(minutes_since_cry_end(r)),
        ),
        Column(
            "minutes_since_reminder",
            "number",
            "minutes, one decimal",
            "For a follow-up: from the reminder being sent to the answer (response latency). "
            "Empty for other moments, and for a follow-up answered without a reminder sent.",
            lambda r: minutes(r.minutes_since_reminder),
        ),
        Column(
            "late",
            "boolean",
            "true | false",
            "true for a follow-up answered after its window closed: more than 60 minutes "
            "after it was due for after_90 (at the usual 90-minute delay, later than 150 "
            "minutes after the cry), more than 20 minutes for after_20. Late answers are kept "
            "and flagged; false for every other rating.",
            lambda r: flag(r.is_late),
        ),
        Column(
            "recalled",
            "boolean",
            "true | false",
            "For before only: true when it was remembered after the cry, false when it was "
            "given before a planned cry. Empty for the other moments.",
            lambda r: flag(recalled(r)),
        ),
        Column(
            "minutes_since_joined",
            "integer",
            "whole minutes",
            "From the moment the participant joined the study to the rating, rounded down. "
            "Negative for a before given ahead of a planned cry that began before joining. "
            "Stands in for a calendar date, which the export never holds.",
            lambda r: str(minutes_since_joined(r)),
        ),
        Column(
            "local_hour",
            "integer",
            "0–23",
            "The hour of the day the rating was given, on the participant's own clock (their "
            "time zone in crylog).",
            lambda r: str(local_time(r).hour),
        ),
        Column(
            "weekday",
            "integer",
            listed((number, day) for number, day in enumerate(WEEKDAYS, start=1)),
            "The day of the week the rating was given, on the participant's own clock "
            "(ISO 8601: 1 is Monday).",
            lambda r: str(local_time(r).isoweekday()),
        ),
        Column(
            "consent_version",
            "integer",
            "1 or more",
            "The version of the study's consent text the participant last agreed to. Only "
            "participants who agreed to the current version are exported, so every row of "
            "one file has the same value.",
            lambda r: str(r.consent_version),
        ),
    )


def detail_columns() -> tuple[Column, ...]:
    cry = "The cry's, repeated on each of its rows."
    empty = "Empty when not given."
    return (
        Column(
            "intensity",
            "integer",
            listed(_english(sorted(INTENSITY_LABELS.items()))),
            f"How hard the participant cried. {cry} {empty}",
            lambda r: whole(r.intensity),
        ),
        Column(
            "duration",
            "category",
            listed(_english(Duration.choices)),
            f"How long the cry lasted, in bands. {cry} {empty}",
            lambda r: r.duration,
        ),
        Column(
            "company",
            "category",
            listed(_english(Company.choices)),
            f"Who was there. {cry} {empty}",
            lambda r: r.company,
        ),
        Column(
            "company_known",
            "category",
            listed(_english(CompanyKnown.choices)),
            f"Whether the people there were known to the participant. {cry} {empty}",
            lambda r: r.company_known,
        ),
        Column(
            "support",
            "boolean",
            "true | false",
            f"Received comfort. {cry} {empty}",
            lambda r: flag(r.support),
        ),
        Column(
            "held_back",
            "boolean",
            "true | false",
            f"Tried to hold the tears back. {cry} {empty}",
            lambda r: flag(r.held_back),
        ),
        Column(
            "shame",
            "integer",
            listed(_english(sorted(SHAME_LABELS.items()))),
            f"How ashamed the participant felt of crying. {cry} {empty}",
            lambda r: whole(r.shame),
        ),
        Column(
            "triggers",
            "list",
            listed(_english(Trigger.choices)),
            "What brought the cry on: any of the codes, separated by ';' (e.g. loss;media). "
            f"Triggers a participant named themselves are not exported. {cry} Empty when none "
            "was chosen.",
            lambda r: codes(r.triggers),
        ),
        Column(
            "feelings",
            "list",
            listed(_english(Feeling.choices)),
            "What the tears were about: any of the codes, separated by ';' (e.g. sad;moved). "
            f"{cry} Empty when none was chosen.",
            lambda r: codes(r.feelings),
        ),
        Column(
            "resolved",
            "category",
            listed(_english(Resolved.choices)),
            f"Was what made them cry resolved? Asked at 90 minutes. {cry} {empty}",
            lambda r: r.resolved,
        ),
        Column(
            "new_understanding",
            "boolean",
            "true | false",
            f"Did they understand something new? Asked at 90 minutes. {cry} {empty}",
            lambda r: flag(r.new_understanding),
        ),
    )


def note_columns() -> tuple[Column, ...]:
    return (
        Column(
            "note",
            "text",
            "any text, at most 2000 characters",
            "The participant's note on the cry, word for word (it may span lines). A note "
            "starting with = + - @ or ' gets one more ' in front, so that a spreadsheet shows "
            "it rather than running it as a formula. The cry's, repeated on each of its rows; "
            "empty when none was written.",
            lambda r: neutralised(r.note),
        ),
    )


def columns(*, details: bool, notes: bool) -> tuple[Column, ...]:
    """The export's columns for a study that collects (or not) the details and the notes."""
    return (
        *base_columns(),
        *(detail_columns() if details else ()),
        *(note_columns() if notes else ()),
    )


def _order(rating: Rating) -> tuple[str, int, int]:
    return (rating.participant, rating.cry_order, MOMENTS.index(rating.moment))


def table(ratings: Iterable[Rating], *, details: bool, notes: bool) -> list[list[str]]:
    """The export: its header, then one row per rating, by participant code, then each
    participant's cries oldest first, then moment."""
    chosen = columns(details=details, notes=notes)
    return [
        [column.name for column in chosen],
        *([column.cell(rating) for column in chosen] for rating in sorted(ratings, key=_order)),
    ]


CODEBOOK_HEADER = ("column", "type", "values", "description")


def codebook(*, details: bool, notes: bool) -> list[list[str]]:
    """One row per column of the export, in its order."""
    return [
        list(CODEBOOK_HEADER),
        *(
            [column.name, column.type, column.values, column.description]
            for column in columns(details=details, notes=notes)
        ),
    ]


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


# From the database ----------------------------------------------------------------------

RATING_FIELDS = (
    "arousal", "relief", "minutes_since_end", "minutes_since_reminder", "is_late", "is_recalled"
)  # fmt: skip
DETAIL_FIELDS = (
    "intensity", "duration", "company", "company_known", "support", "held_back", "shame",
    "resolved", "new_understanding",
)  # fmt: skip


def _rating(
    participant: Participant, version: int, order: int, cry: Cry, code: str, rating: MoodRating
) -> Rating:
    assert cry.ended_at is not None  # received cries have ended (data.cries_in_window)
    return Rating(
        participant=participant.code,
        cry=code,
        cry_order=order,
        moment=rating.moment,
        valence=rating.valence,
        given_at=rating.given_at,
        cry_ended_at=cry.ended_at,
        joined_at=participant.joined_at,
        zone=participant.user.zone,
        consent_version=version,
        **{name: getattr(rating, name) for name in RATING_FIELDS},
        **{name: getattr(cry, name) for name in DETAIL_FIELDS},
        triggers=tuple(cry.triggers or ()),
        feelings=tuple(cry.feelings or ()),
        note=cry.note,
    )


def study_ratings(study: Study) -> list[Rating]:
    """Every rating the study receives (``crylog.studies.data``), as plain rows."""
    found: list[Rating] = []
    for participant in participants_used(study):
        version = participant.agreed_version
        assert version is not None  # participants_used: they agreed to the current one
        for order, (cry, study_cry) in enumerate(received(participant), start=1):
            found.extend(
                _rating(participant, version, order, cry, study_cry.code, rating)
                for rating in cry.ratings_in_order()
            )
    return found


def study_table(study: Study) -> list[list[str]]:
    return table(study_ratings(study), details=study.collects_details, notes=study.collects_notes)


def study_codebook(study: Study) -> list[list[str]]:
    return codebook(details=study.collects_details, notes=study.collects_notes)
