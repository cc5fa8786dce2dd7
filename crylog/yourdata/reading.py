"""Reading an export file back: plain Python over the file's text.

It returns the cries it found as records, or problems naming the line and the field, and never
touches the database. Ids in a file only group a cry's rows; they are never looked up, so a
file that names somebody else's ids can only ever add new cries to the person importing it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext

from crylog.accounts.models import timezone_names
from crylog.cries.models import FUTURE_TOLERANCE as FUTURE_TOLERANCE  # for the reader's callers
from crylog.cries.models import Moment, time_problem
from crylog.lib import jsontext
from crylog.yourdata.columns import (
    CRY_CELLS,
    CRY_COLUMNS,
    CSV_HEADER,
    FORMAT,
    NUL,
    RATING_COLUMNS,
    VERSION,
    Column,
    Invalid,
)

FOLLOW_UPS = frozenset({Moment.AFTER_20, Moment.AFTER_90})
# Columns added after files were first written, and the mark of one a file does not have
# (Column.absent says what it reads as).
OPTIONAL = frozenset(
    column.name for column in (*CRY_COLUMNS, *RATING_COLUMNS) if column.absent is not None
)
_ABSENT = object()
MAX_ERRORS = 100
# One import adds at most this many cries: two a day, every day since 2000, is fewer. It keeps
# the work and memory of one import bounded whatever the file holds.
MAX_CRIES = 20_000


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
    corrected_at: datetime | None


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
    own_triggers: list[str] = field(default_factory=list)  # names; empty in older files
    feelings: list[str] = field(default_factory=list)

    def cry_fields(self) -> dict[str, Any]:
        """The values of the cry's own model fields (every column of the export but its own
        triggers, which are rows of their own)."""
        return {
            column.name: getattr(self, column.name)
            for column in CRY_COLUMNS
            if column.name != "own_triggers"
        }


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        said = {"line": self.line, "field": self.field, "problem": self.message}
        if self.line and self.field:
            return gettext("Line %(line)s, %(field)s: %(problem)s") % said
        if self.line:
            return gettext("Line %(line)s: %(problem)s") % said
        if self.field:
            return gettext("The file, %(field)s: %(problem)s") % said
        return gettext("The file: %(problem)s") % said


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
        if raw is _ABSENT and column.absent is not None:
            return column.absent()
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
            problems.add(line, "", gettext("holds a NUL character, which crylog cannot keep"))
        elif text.lstrip().startswith("{"):
            cries = _read_json(text, problems)
        else:
            cries = _read_csv(text, problems)
        if not problems.found and not cries:
            problems.add(0, "", gettext("there are no cries in it"))
        if not problems.found:
            for cry in cries:
                _check_cry(cry, problems, now=now, zone=zone)
    except _TooManyProblems:
        stopped = gettext("stopped after %(count)s problems") % {"count": MAX_ERRORS}
        problems.found.append(Problem(0, "", stopped))
    except _TooManyCries:
        most = number_format(MAX_CRIES, force_grouping=True)
        message = gettext(
            "it holds more than %(most)s cries, and one import adds at most %(most)s. Split it "
            "into smaller files, each starting with the same header, and import them one after "
            "the other"
        ) % {"most": most}
        problems.found.append(Problem(0, "", message))
    if problems.found:
        return ReadResult(problems=problems.found)
    return ReadResult(cries=cries)


def _check_cry(cry: CryRecord, problems: _Problems, *, now: datetime, zone: tzinfo) -> None:
    """What no single value shows: the rules that tie a cry's fields and ratings together,
    and times that cannot be right (crylog.cries.models.time_problem, as in the forms)."""
    if cry.ended_at is None and not cry.planned:
        problems.add(cry.line, "ended_at", gettext("is needed unless the cry was planned"))
    if cry.ended_at is not None and (problem := time_problem(cry.ended_at, now=now, zone=zone)):
        problems.add(cry.line, "ended_at", gettext(problem))
    seen: set[str] = set()
    for rating in cry.ratings:
        if problem := time_problem(rating.given_at, now=now, zone=zone):
            problems.add(cry.line, "given_at", gettext(problem))
        if rating.moment in seen:
            problems.add(
                cry.line,
                "moment",
                gettext("this cry has two %(moment)s ratings") % {"moment": rating.moment},
            )
        seen.add(rating.moment)
        if rating.relief is not None and rating.moment != Moment.AFTER_90:
            problems.add(cry.line, "relief", gettext("is only asked at after_90; leave it empty"))
        if rating.is_recalled and rating.moment != Moment.BEFORE:
            problems.add(cry.line, "is_recalled", gettext("can only be true for a before rating"))
        if rating.corrected_at is not None:
            if problem := time_problem(rating.corrected_at, now=now, zone=zone):
                problems.add(cry.line, "corrected_at", gettext(problem))
            elif rating.corrected_at < rating.given_at:
                problems.add(
                    cry.line, "corrected_at", gettext("is before given_at; leave it empty")
                )


def _check_timezone(name: Any, line: int, problems: _Problems) -> None:
    if name not in ("", None) and name not in timezone_names():
        problems.add(line, "timezone", gettext("is not a time zone name like Europe/Berlin"))


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
        problems.add(1, "", gettext("cannot be read as CSV (%(error)s)") % {"error": error})
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
            problems.add(line, "", gettext("cannot be read as CSV (%(error)s)") % {"error": error})
            break
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.add(
                start,
                "",
                gettext("has %(count)s values where the header has %(header)s")
                % {"count": len(row), "header": len(header)},
            )
            continue
        cells: dict[str, Any] = dict(zip(header, row, strict=True))
        cry_id = cells["cry_id"].strip()
        if not cry_id:
            problems.add(
                start, "cry_id", gettext("is needed to group a cry's rows (any text will do)")
            )
            continue
        cells.update((name, _ABSENT) for name in OPTIONAL if name not in cells)
        if cry_id in first_cells:
            first_line, first = first_cells[cry_id]
            for name, value in zip(CRY_CELLS, first, strict=True):
                if cells[name] != value:
                    problems.add(
                        start,
                        name,
                        gettext("differs from line %(line)s of the same cry")
                        % {"line": first_line},
                    )
        else:
            if len(first_cells) == MAX_CRIES:
                raise _TooManyCries
            first_cells[cry_id] = (start, [cells[name] for name in CRY_CELLS])
            _check_timezone(cells["timezone"], start, problems)
            cry_values = {c.name: problems.read(start, c, cells[c.name]) for c in CRY_COLUMNS}
            cries[cry_id] = _cry_record(start, cry_values)
        if any(
            cells[column.name] is not _ABSENT and cells[column.name].strip()
            for column in RATING_COLUMNS
        ):
            values = {c.name: problems.read(start, c, cells[c.name]) for c in RATING_COLUMNS}
            cries[cry_id].ratings.append(_rating_record(values))
    return list(cries.values())


def _header_fits(header: list[str], problems: _Problems) -> bool:
    if not any(header):
        problems.add(0, "", gettext("the file is empty"))
        return False
    missing = [name for name in CSV_HEADER if name not in header and name not in OPTIONAL]
    unknown = [name[:40] for name in header if name not in CSV_HEADER]
    twice = sorted({name for name in header if header.count(name) > 1})
    if missing:
        problems.add(1, "", gettext("missing columns: %(names)s") % {"names": ", ".join(missing)})
    if unknown:
        problems.add(1, "", gettext("unknown columns: %(names)s") % {"names": ", ".join(unknown)})
    if twice:
        problems.add(1, "", gettext("columns named twice: %(names)s") % {"names": ", ".join(twice)})
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
        problems.add(
            error.lineno, "", gettext("this is not valid JSON (%(error)s)") % {"error": error.msg}
        )
        return []
    if header.get("format") != FORMAT:
        problems.add(
            1,
            "format",
            gettext("must be “%(format)s”: this does not look like a crylog export")
            % {"format": FORMAT},
        )
        return []
    if header.get("version") != VERSION:
        problems.add(
            1,
            "version",
            gettext("must be %(version)s; this file was made by another version")
            % {"version": VERSION},
        )
        return []
    unknown = sorted(key[:40] for key in header if key not in HEADER_KEYS)
    if unknown:
        problems.add(1, "", gettext("unknown keys: %(names)s") % {"names": ", ".join(unknown)})
    _check_timezone(header.get("timezone", ""), 1, problems)
    if items is None:
        problems.add(1, "cries", gettext("is missing or is not a list"))
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
        c.name: problems.read(line, c, item.get(c.name, _ABSENT), from_json=True, where=where)
        for c in CRY_COLUMNS
    }
    cry = _cry_record(line, values)
    if not isinstance(item["ratings"], list):
        problems.add(line, where + "ratings", gettext("must be a list"))
        return cry
    for index, rating in enumerate(item["ratings"]):
        at = f"{where}ratings[{index}]"
        if _keys_fit(rating, RATING_KEYS, line, at, problems):
            values = {
                c.name: problems.read(
                    line, c, rating.get(c.name, _ABSENT), from_json=True, where=at + "."
                )
                for c in RATING_COLUMNS
            }
            cry.ratings.append(_rating_record(values))
    return cry


def _keys_fit(item: Any, keys: frozenset[str], line: int, where: str, problems: _Problems) -> bool:
    if not isinstance(item, dict):
        problems.add(line, where, gettext("must be an object in { }"))
        return False
    missing = sorted(keys - item.keys() - OPTIONAL)
    unknown = sorted(key[:40] for key in item.keys() - keys)
    if missing:
        problems.add(
            line, where, gettext("missing keys: %(names)s") % {"names": ", ".join(missing)}
        )
    if unknown:
        problems.add(
            line, where, gettext("unknown keys: %(names)s") % {"names": ", ".join(unknown)}
        )
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
