"""The export files (CSV and JSON) and reading them back.

One table of columns below is the single description of both formats: export writes each
column with it, import reads each column with it, and docs/data-export.md documents it
(a test checks every column is there). Reading is plain Python over the file's text: it
returns the cries it found as records, or errors naming the line and the field, and never
touches the database.

Ids in a file only group a cry's rows; they are never looked up, so a file that names
somebody else's ids can only ever add new cries to the person importing it.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from crylog.accounts.models import timezone_names
from crylog.cries.models import FUTURE_TOLERANCE as FUTURE_TOLERANCE  # for the reader's callers
from crylog.cries.models import (
    NOTE_MAX_LENGTH,
    Company,
    CompanyKnown,
    Cry,
    Duration,
    Moment,
    MoodRating,
    Resolved,
    Trigger,
    offset_problem,
    time_problem,
)
from crylog.lib import jsontext

FORMAT = "crylog-export"
VERSION = 1
FOLLOW_UPS = frozenset({Moment.AFTER_20, Moment.AFTER_90})
MAX_ERRORS = 100
# One import adds at most this many cries: two a day, every day since 2000, is fewer. It keeps
# the work and memory of one import bounded whatever the file holds.
MAX_CRIES = 20_000
NUL = "\x00"  # PostgreSQL cannot store it in text

# A spreadsheet runs a cell that starts with one of these as a formula. Export puts a single
# quote in front (spreadsheets hide it) and does the same to a value that already starts with a
# quote, so that import can take exactly one quote off and get back the original text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(text: str) -> str:
    return QUOTE + text if text.startswith((*FORMULA_STARTS, QUOTE)) else text


def unneutralise(text: str) -> str:
    return text[1:] if text.startswith(QUOTE) else text


class Invalid(ValueError):
    """A value that cannot be read; the message says what is allowed."""


# Kinds of value: how each is written to CSV text and to JSON, and read back from both.


class Kind:
    def to_text(self, value: Any) -> str:
        return "" if value is None else str(value)

    def to_json(self, value: Any) -> Any:
        return value

    def from_text(self, text: str) -> Any:
        raise NotImplementedError

    def from_json(self, value: Any) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Instant(Kind):
    optional: bool = False

    def to_text(self, value: datetime | None) -> str:
        return "" if value is None else value.astimezone(UTC).isoformat()

    def to_json(self, value: datetime | None) -> str | None:
        return None if value is None else self.to_text(value)

    def from_text(self, text: str) -> datetime | None:
        if text.strip() == "" and self.optional:
            return None
        try:
            value = datetime.fromisoformat(text.strip())
        except ValueError:
            raise Invalid(
                "must be a date and time like 2026-03-01T21:15:00+00:00"
                + (", or empty" if self.optional else "")
            ) from None
        if value.tzinfo is None:
            raise Invalid("needs its offset from UTC, like +00:00 at the end")
        if problem := offset_problem(value):
            raise Invalid(problem)
        try:
            return value.astimezone(UTC)
        except OverflowError:
            # Only years 1 and 9999 overflow; neither can be when a cry happened.
            raise Invalid("is not a time crylog can hold (from 2000 to now)") from None

    def from_json(self, value: Any) -> datetime | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, str):
            raise Invalid(
                "must be a date and time in quotes" + (", or null" if self.optional else "")
            )
        return self.from_text(value)


@dataclass(frozen=True)
class Flag(Kind):
    optional: bool = False

    @property
    def allowed(self) -> str:
        return "true, false" + (", or empty (not said)" if self.optional else "")

    def to_text(self, value: bool | None) -> str:
        return "" if value is None else ("true" if value else "false")

    def from_text(self, text: str) -> bool | None:
        word = text.strip().lower()
        if word == "" and self.optional:
            return None
        if word not in {"true", "false"}:
            raise Invalid(f"must be {self.allowed}")
        return word == "true"

    def from_json(self, value: Any) -> bool | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, bool):
            raise Invalid(f"must be true or false{' or null' if self.optional else ''}")
        return value


@dataclass(frozen=True)
class Whole(Kind):
    low: int
    high: int
    optional: bool = True

    @property
    def allowed(self) -> str:
        return f"{self.low}–{self.high}" + (", or empty" if self.optional else "")

    def from_text(self, text: str) -> int | None:
        if text.strip() == "" and self.optional:
            return None
        try:
            number = int(text.strip())
        except ValueError:
            raise Invalid(f"must be a whole number from {self.allowed}") from None
        return self._in_range(number)

    def from_json(self, value: Any) -> int | None:
        if value is None and self.optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"must be a whole number from {self.allowed}")
        return self._in_range(value)

    def _in_range(self, number: int) -> int:
        if not self.low <= number <= self.high:
            raise Invalid(f"must be from {self.low} to {self.high}")
        return number


@dataclass(frozen=True)
class Minutes(Kind):
    def to_text(self, value: float | None) -> str:
        return "" if value is None else f"{one_decimal(value):.1f}"

    def to_json(self, value: float | None) -> float | None:
        return None if value is None else one_decimal(value)

    def from_text(self, text: str) -> float | None:
        if text.strip() == "":
            return None
        try:
            number = float(text)
        except ValueError:
            raise Invalid("must be a number of minutes, or empty") from None
        return self._finite(number)

    def from_json(self, value: Any) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid("must be a number of minutes, or null")
        return self._finite(float(value))

    def _finite(self, number: float) -> float:
        if not math.isfinite(number):
            raise Invalid("must be a number of minutes")
        return one_decimal(number)


def one_decimal(number: float) -> float:
    """Rounded to one decimal, and never -0.0: a value just below zero is written 0.0."""
    rounded = round(number, 1)
    return 0.0 if rounded == 0 else rounded


@dataclass(frozen=True)
class Choice(Kind):
    values: tuple[str, ...]
    required: bool = False

    @property
    def allowed(self) -> str:
        return ", ".join(self.values) + ("" if self.required else ", or empty (not said)")

    def to_json(self, value: str) -> str | None:
        return value or None

    def from_text(self, text: str) -> str:
        if text == "" and not self.required:
            return ""
        if text not in self.values:
            raise Invalid(f"must be one of {self.allowed}")
        return text

    def from_json(self, value: Any) -> str:
        if value is None and not self.required:
            return ""
        if not isinstance(value, str):
            raise Invalid(f"must be one of {self.allowed}")
        return self.from_text(value)


@dataclass(frozen=True)
class Triggers(Kind):
    def to_text(self, value: list[str]) -> str:
        return ";".join(value)

    def to_json(self, value: list[str]) -> list[str]:
        return list(value)

    def from_text(self, text: str) -> list[str]:
        return self._known([item.strip() for item in text.split(";")] if text.strip() else [])

    def from_json(self, value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise Invalid("must be a list of texts")
        return self._known(value)

    def _known(self, items: list[str]) -> list[str]:
        unknown = [item for item in items if item not in Trigger.values]
        if unknown:
            raise Invalid(f"“{unknown[0][:40]}” is not one of {', '.join(Trigger.values)}")
        if len(set(items)) != len(items):
            raise Invalid("names a trigger twice")
        return items


@dataclass(frozen=True)
class Note(Kind):
    """Free text. In CSV a leading formula character is neutralised; JSON carries it as it is."""

    def to_text(self, value: str) -> str:
        return neutralise(value)

    def from_text(self, text: str) -> str:
        return self._short(unneutralise(text))

    def from_json(self, value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            raise Invalid("must be text")
        return self._short(value)

    def _short(self, text: str) -> str:
        if NUL in text:
            raise Invalid("holds a NUL character (\\u0000), which crylog cannot keep")
        if len(text) > NOTE_MAX_LENGTH:
            raise Invalid(f"is {len(text):,} characters long; at most {NOTE_MAX_LENGTH:,} fit")
        return text


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind


CRY_COLUMNS: tuple[Column, ...] = (
    Column("ended_at", Instant(optional=True)),
    Column("planned", Flag()),
    Column("intensity", Whole(0, 4)),
    Column("duration", Choice(tuple(Duration.values))),
    Column("company", Choice(tuple(Company.values))),
    Column("company_known", Choice(tuple(CompanyKnown.values))),
    Column("support", Flag(optional=True)),
    Column("held_back", Flag(optional=True)),
    Column("shame", Whole(0, 4)),
    Column("triggers", Triggers()),
    Column("resolved", Choice(tuple(Resolved.values))),
    Column("new_understanding", Flag(optional=True)),
    Column("note", Note()),
    Column("is_demo", Flag()),
)
RATING_COLUMNS: tuple[Column, ...] = (
    Column("moment", Choice(tuple(Moment.values), required=True)),
    Column("valence", Whole(0, 100, optional=False)),
    Column("arousal", Whole(0, 100)),
    Column("relief", Whole(0, 4)),
    Column("given_at", Instant()),
    Column("is_recalled", Flag()),
    Column("minutes_since_end", Minutes()),
    Column("minutes_since_reminder", Minutes()),
    Column("is_late", Flag()),
)
# The CSV repeats the cry on each of its rows, after its id and, beside its end, the person's
# time zone; then the rating's own columns.
CRY_CELLS: tuple[str, ...] = (
    "ended_at",
    "timezone",
    *(column.name for column in CRY_COLUMNS if column.name != "ended_at"),
)
CSV_HEADER: tuple[str, ...] = ("cry_id", *CRY_CELLS, *(column.name for column in RATING_COLUMNS))


# Export.


def minutes_since_end(cry: Cry, rating: MoodRating) -> float | None:
    """What a follow-up stored, else the minutes from the cry's end to the rating."""
    if rating.minutes_since_end is not None:
        return rating.minutes_since_end
    if cry.ended_at is None:
        return None
    return (rating.given_at - cry.ended_at).total_seconds() / 60


def _rating_value(cry: Cry, rating: MoodRating, name: str) -> Any:
    if name == "minutes_since_end":
        return minutes_since_end(cry, rating)
    return getattr(rating, name)


def csv_rows(cries: Iterable[Cry], *, timezone: str) -> Iterator[list[str]]:
    """The header, then one row per rating (a cry without ratings gets one row of its own)."""
    yield list(CSV_HEADER)
    for cry in cries:
        cells = {
            column.name: column.kind.to_text(getattr(cry, column.name)) for column in CRY_COLUMNS
        }
        head = [
            str(cry.pk),
            *(timezone if name == "timezone" else cells[name] for name in CRY_CELLS),
        ]
        ratings = cry.ratings_in_order()
        if not ratings:
            yield head + [""] * len(RATING_COLUMNS)
        for rating in ratings:
            yield head + [
                column.kind.to_text(_rating_value(cry, rating, column.name))
                for column in RATING_COLUMNS
            ]


def csv_lines(cries: Iterable[Cry], *, timezone: str) -> Iterator[str]:
    """The CSV file as text lines, ready to stream."""
    buffer = _LastLine()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in csv_rows(cries, timezone=timezone):
        writer.writerow(row)
        yield buffer.line


class _LastLine:
    """A file-like object that only keeps what was written last: csv.writer writes one row."""

    line = ""

    def write(self, text: str) -> int:
        self.line = text
        return len(text)


def batched(pieces: Iterable[str], size: int = 64 * 1024) -> Iterator[str]:
    """Small pieces joined into chunks of about ``size`` characters, so a long export streams
    in a few large writes rather than one per row."""
    chunk: list[str] = []
    length = 0
    for piece in pieces:
        chunk.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(chunk)
            chunk, length = [], 0
    if chunk:
        yield "".join(chunk)


def cry_as_json(cry: Cry) -> dict[str, Any]:
    return {
        "id": cry.pk,
        **{column.name: column.kind.to_json(getattr(cry, column.name)) for column in CRY_COLUMNS},
        "ratings": [
            {
                column.name: column.kind.to_json(_rating_value(cry, rating, column.name))
                for column in RATING_COLUMNS
            }
            for rating in cry.ratings_in_order()
        ],
    }


def json_chunks(cries: Iterable[Cry], *, timezone: str, exported_at: datetime) -> Iterator[str]:
    """The JSON file in pieces, one cry per line, ready to stream."""
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.astimezone(UTC).isoformat(),
        "timezone": timezone,
    }
    yield json.dumps(header, ensure_ascii=False)[:-1] + ', "cries": ['
    separator = "\n"
    for cry in cries:
        yield separator + json.dumps(cry_as_json(cry), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


# Import.


@dataclass(frozen=True)
class RatingRecord:
    moment: str
    valence: int
    arousal: int | None
    relief: int | None
    given_at: datetime
    is_recalled: bool
    minutes_since_end: float | None
    minutes_since_reminder: float | None
    is_late: bool


@dataclass
class CryRecord:
    """One cry read from a file, checked against everything the database would refuse."""

    line: int
    ended_at: datetime | None
    planned: bool
    intensity: int | None
    duration: str
    company: str
    company_known: str
    support: bool | None
    held_back: bool | None
    shame: int | None
    triggers: list[str]
    resolved: str
    new_understanding: bool | None
    note: str
    is_demo: bool
    ratings: list[RatingRecord] = field(default_factory=list)

    def cry_fields(self) -> dict[str, Any]:
        """The values of the cry's own model fields (every one a column of the export)."""
        return {column.name: getattr(self, column.name) for column in CRY_COLUMNS}


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"Line {self.line}" if self.line else "The file"
        return (
            f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass
class ReadResult:
    cries: list[CryRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ratings(self) -> int:
        return sum(len(cry.ratings) for cry in self.cries)


class _TooManyProblems(Exception):
    pass


class _TooManyCries(Exception):
    pass


class _Problems:
    """Collects what is wrong, up to MAX_ERRORS, and reads values without stopping at the first."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, line: int, field_name: str, message: str) -> None:
        self.found.append(Problem(line, field_name, message))
        if len(self.found) >= MAX_ERRORS:
            raise _TooManyProblems

    def read(
        self, line: int, column: Column, raw: Any, *, from_json: bool = False, where: str = ""
    ) -> Any:
        try:
            return column.kind.from_json(raw) if from_json else column.kind.from_text(raw)
        except Invalid as invalid:
            self.add(line, where + column.name, str(invalid))
            return None


def read_export(text: str, *, now: datetime, zone: tzinfo = UTC) -> ReadResult:
    """Read a CSV or JSON export; JSON when the text starts with ``{``.

    Times are checked in ``zone``, the time zone of the person importing.
    """
    problems = _Problems()
    cries: list[CryRecord] = []
    try:
        if NUL in text:
            line = text.count("\n", 0, text.index(NUL)) + 1
            problems.add(line, "", "holds a NUL character, which crylog cannot keep")
        elif text.lstrip().startswith("{"):
            cries = _read_json(text, problems)
        else:
            cries = _read_csv(text, problems)
        if not problems.found and not cries:
            problems.add(0, "", "there are no cries in it")
        if not problems.found:
            for cry in cries:
                _check_cry(cry, problems, now=now, zone=zone)
    except _TooManyProblems:
        problems.found.append(Problem(0, "", f"stopped after {MAX_ERRORS} problems"))
    except _TooManyCries:
        message = (
            f"it holds more than {MAX_CRIES:,} cries, and one import adds at most {MAX_CRIES:,}."
            " Split it into smaller files, each starting with the same header, and import them"
            " one after the other"
        )
        problems.found.append(Problem(0, "", message))
    if problems.found:
        return ReadResult(problems=problems.found)
    return ReadResult(cries=cries)


def _check_cry(cry: CryRecord, problems: _Problems, *, now: datetime, zone: tzinfo) -> None:
    """What no single value shows: the rules that tie a cry's fields and ratings together,
    and times that cannot be right (crylog.cries.models.time_problem, as in the forms)."""
    if cry.ended_at is None and not cry.planned:
        problems.add(cry.line, "ended_at", "is needed unless the cry was planned")
    if cry.ended_at is not None and (problem := time_problem(cry.ended_at, now=now, zone=zone)):
        problems.add(cry.line, "ended_at", problem)
    seen: set[str] = set()
    for rating in cry.ratings:
        if problem := time_problem(rating.given_at, now=now, zone=zone):
            problems.add(cry.line, "given_at", problem)
        if rating.moment in seen:
            problems.add(cry.line, "moment", f"this cry has two {rating.moment} ratings")
        seen.add(rating.moment)
        if rating.relief is not None and rating.moment != Moment.AFTER_90:
            problems.add(cry.line, "relief", "is only asked at after_90; leave it empty")
        if rating.is_recalled and rating.moment != Moment.BEFORE:
            problems.add(cry.line, "is_recalled", "can only be true for a before rating")


def _check_timezone(name: Any, line: int, problems: _Problems) -> None:
    if name not in ("", None) and name not in timezone_names():
        problems.add(line, "timezone", "is not a time zone name like Europe/Berlin")


def _cry_record(line: int, values: dict[str, Any]) -> CryRecord:
    return CryRecord(line=line, **{column.name: values[column.name] for column in CRY_COLUMNS})


def _rating_record(values: dict[str, Any]) -> RatingRecord:
    values = {column.name: values[column.name] for column in RATING_COLUMNS}
    if values["moment"] not in FOLLOW_UPS:
        # Only a follow-up stores it; for other moments the export works it out from the times.
        values["minutes_since_end"] = None
    return RatingRecord(**values)


# CSV: the header names the columns (in any order); rows with the same cry_id are one cry.


def _read_csv(text: str, problems: _Problems) -> list[CryRecord]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as error:
        problems.add(1, "", f"cannot be read as CSV ({error})")
        return []
    if not _header_fits(header, problems):
        return []
    cries: dict[str, CryRecord] = {}
    first_cells: dict[str, tuple[int, list[str]]] = {}
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.add(line, "", f"cannot be read as CSV ({error})")
            break
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.add(start, "", f"has {len(row)} values where the header has {len(header)}")
            continue
        cells = dict(zip(header, row, strict=True))
        cry_id = cells["cry_id"].strip()
        if not cry_id:
            problems.add(start, "cry_id", "is needed to group a cry's rows (any text will do)")
            continue
        if cry_id in first_cells:
            first_line, first = first_cells[cry_id]
            for name, value in zip(CRY_CELLS, first, strict=True):
                if cells[name] != value:
                    problems.add(start, name, f"differs from line {first_line} of the same cry")
        else:
            if len(first_cells) == MAX_CRIES:
                raise _TooManyCries
            first_cells[cry_id] = (start, [cells[name] for name in CRY_CELLS])
            _check_timezone(cells["timezone"], start, problems)
            cry_values = {c.name: problems.read(start, c, cells[c.name]) for c in CRY_COLUMNS}
            cries[cry_id] = _cry_record(start, cry_values)
        if any(cells[column.name].strip() for column in RATING_COLUMNS):
            values = {c.name: problems.read(start, c, cells[c.name]) for c in RATING_COLUMNS}
            cries[cry_id].ratings.append(_rating_record(values))
    return list(cries.values())


def _header_fits(header: list[str], problems: _Problems) -> bool:
    if not any(header):
        problems.add(0, "", "the file is empty")
        return False
    missing = [name for name in CSV_HEADER if name not in header]
    unknown = [name[:40] for name in header if name not in CSV_HEADER]
    twice = sorted({name for name in header if header.count(name) > 1})
    if missing:
        problems.add(1, "", "missing columns: " + ", ".join(missing))
    if unknown:
        problems.add(1, "", "unknown columns: " + ", ".join(unknown))
    if twice:
        problems.add(1, "", "columns named twice: " + ", ".join(twice))
    return not (missing or unknown or twice)


# JSON: an object with the format, the version and a list of cries, each with its ratings.

_BLANK = " \t\n\r"
CRY_KEYS = frozenset({"id", "ratings", *(column.name for column in CRY_COLUMNS)})
RATING_KEYS = frozenset(column.name for column in RATING_COLUMNS)
HEADER_KEYS = frozenset({"format", "version", "exported_at", "timezone", "cries"})


def _read_json(text: str, problems: _Problems) -> list[CryRecord]:
    try:
        header, items = _json_with_lines(text)
    except json.JSONDecodeError as error:
        problems.add(error.lineno, "", f"this is not valid JSON ({error.msg})")
        return []
    if header.get("format") != FORMAT:
        problems.add(1, "format", f"must be “{FORMAT}”: this does not look like a crylog export")
        return []
    if header.get("version") != VERSION:
        problems.add(1, "version", f"must be {VERSION}; this file was made by another version")
        return []
    unknown = sorted(key[:40] for key in header if key not in HEADER_KEYS)
    if unknown:
        problems.add(1, "", "unknown keys: " + ", ".join(unknown))
    _check_timezone(header.get("timezone", ""), 1, problems)
    if items is None:
        problems.add(1, "cries", "is missing or is not a list")
        return []
    return [
        cry
        for index, (line, item) in enumerate(items)
        if (cry := _json_cry(line, f"cries[{index}].", item, problems)) is not None
    ]


def _json_cry(line: int, where: str, item: Any, problems: _Problems) -> CryRecord | None:
    if not _keys_fit(item, CRY_KEYS, line, where.rstrip("."), problems):
        return None
    values = {
        c.name: problems.read(line, c, item[c.name], from_json=True, where=where)
        for c in CRY_COLUMNS
    }
    cry = _cry_record(line, values)
    if not isinstance(item["ratings"], list):
        problems.add(line, where + "ratings", "must be a list")
        return cry
    for index, rating in enumerate(item["ratings"]):
        at = f"{where}ratings[{index}]"
        if _keys_fit(rating, RATING_KEYS, line, at, problems):
            values = {
                c.name: problems.read(line, c, rating[c.name], from_json=True, where=at + ".")
                for c in RATING_COLUMNS
            }
            cry.ratings.append(_rating_record(values))
    return cry


def _keys_fit(item: Any, keys: frozenset[str], line: int, where: str, problems: _Problems) -> bool:
    if not isinstance(item, dict):
        problems.add(line, where, "must be an object in { }")
        return False
    missing = sorted(keys - item.keys())
    unknown = sorted(key[:40] for key in item.keys() - keys)
    if missing:
        problems.add(line, where, "missing keys: " + ", ".join(missing))
    if unknown:
        problems.add(line, where, "unknown keys: " + ", ".join(unknown))
    return not (missing or unknown)


def _json_with_lines(text: str) -> tuple[dict[str, Any], list[tuple[int, Any]] | None]:
    """The top-level object, with each element of its "cries" list and the line it starts on.

    ``json.loads`` forgets where things were; this walks the two outer levels itself and lets
    the standard decoder read each value, so an error can name the line its cry starts on.
    """
    header: dict[str, Any] = {}
    items: list[tuple[int, Any]] | None = None
    line, counted = 1, 0

    def skip(pos: int) -> int:
        while pos < len(text) and text[pos] in _BLANK:
            pos += 1
        return pos

    def expect(pos: int, chars: str) -> str:
        if pos >= len(text) or text[pos] not in chars:
            raise json.JSONDecodeError(f"expected {' or '.join(chars)}", text, pos)
        return text[pos]

    pos = skip(0)
    expect(pos, "{")
    pos = skip(pos + 1)
    if text.startswith("}", pos):
        return header, items
    while True:
        expect(pos, '"')
        key, pos = jsontext.raw_decode(text, pos)
        pos = skip(pos)
        expect(pos, ":")
        pos = skip(pos + 1)
        if key == "cries" and text.startswith("[", pos):
            items = []
            pos = skip(pos + 1)
            ended = text.startswith("]", pos)
            while not ended:
                if len(items) == MAX_CRIES:
                    raise _TooManyCries
                line, counted = line + text.count("\n", counted, pos), pos
                value, pos = jsontext.raw_decode(text, pos)
                items.append((line, value))
                pos = skip(pos)
                ended = expect(pos, ",]") == "]"
                pos = pos if ended else skip(pos + 1)
            pos += 1
        else:
            header[key], pos = jsontext.raw_decode(text, pos)
        pos = skip(pos)
        if expect(pos, ",}") == "}":
            break
        pos = skip(pos + 1)
    if skip(pos + 1) != len(text):
        raise json.JSONDecodeError("extra text after the end", text, skip(pos + 1))
    return header, items
