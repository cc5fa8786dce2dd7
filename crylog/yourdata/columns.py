"""The export files' shape: one table of columns, and how each kind of value is written and read.

This table is the single description of both formats (CSV and JSON): export writes each column
with it (``writing.py``), import reads each column with it (``reading.py``), and
docs/data-export.md documents it (a test checks every column is there).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop

from crylog.cries.models import (
    NOTE_MAX_LENGTH,
    Company,
    CompanyKnown,
    Duration,
    Feeling,
    Moment,
    Resolved,
    Trigger,
    clean_own_trigger_name,
    offset_problem,
)

FORMAT = "crylog-export"
VERSION = 1
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
                (
                    gettext("must be a date and time like %(example)s, or empty")
                    if self.optional
                    else gettext("must be a date and time like %(example)s")
                )
                % {"example": "2026-03-01T21:15:00+00:00"}
            ) from None
        if value.tzinfo is None:
            raise Invalid(gettext("needs its offset from UTC, like +00:00 at the end"))
        if problem := offset_problem(value):
            raise Invalid(gettext(problem))
        try:
            return value.astimezone(UTC)
        except OverflowError:
            # Only years 1 and 9999 overflow; neither can be when a cry happened.
            raise Invalid(gettext("is not a time crylog can hold (from 2000 to now)")) from None

    def from_json(self, value: Any) -> datetime | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, str):
            raise Invalid(
                gettext("must be a date and time in quotes, or null")
                if self.optional
                else gettext("must be a date and time in quotes")
            )
        return self.from_text(value)


@dataclass(frozen=True)
class Flag(Kind):
    optional: bool = False

    @property
    def allowed(self) -> str:
        return gettext("true, false, or empty (not said)") if self.optional else "true, false"

    def to_text(self, value: bool | None) -> str:
        return "" if value is None else ("true" if value else "false")

    def from_text(self, text: str) -> bool | None:
        word = text.strip().lower()
        if word == "" and self.optional:
            return None
        if word not in {"true", "false"}:
            raise Invalid(gettext("must be %(allowed)s") % {"allowed": self.allowed})
        return word == "true"

    def from_json(self, value: Any) -> bool | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, bool):
            raise Invalid(
                gettext("must be true or false or null")
                if self.optional
                else gettext("must be true or false")
            )
        return value


@dataclass(frozen=True)
class Whole(Kind):
    low: int
    high: int
    optional: bool = True

    @property
    def allowed(self) -> str:
        if self.optional:
            return gettext("%(low)s–%(high)s, or empty") % {"low": self.low, "high": self.high}
        return f"{self.low}–{self.high}"

    def from_text(self, text: str) -> int | None:
        if text.strip() == "" and self.optional:
            return None
        try:
            number = int(text.strip())
        except ValueError:
            raise Invalid(
                gettext("must be a whole number from %(allowed)s") % {"allowed": self.allowed}
            ) from None
        return self._in_range(number)

    def from_json(self, value: Any) -> int | None:
        if value is None and self.optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(
                gettext("must be a whole number from %(allowed)s") % {"allowed": self.allowed}
            )
        return self._in_range(value)

    def _in_range(self, number: int) -> int:
        if not self.low <= number <= self.high:
            raise Invalid(
                gettext("must be from %(low)s to %(high)s") % {"low": self.low, "high": self.high}
            )
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
            raise Invalid(gettext("must be a number of minutes, or empty")) from None
        return self._finite(number)

    def from_json(self, value: Any) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(gettext("must be a number of minutes, or null"))
        return self._finite(float(value))

    def _finite(self, number: float) -> float:
        if not math.isfinite(number):
            raise Invalid(gettext("must be a number of minutes"))
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
        listed = ", ".join(self.values)
        if self.required:
            return listed
        return gettext("%(values)s, or empty (not said)") % {"values": listed}

    def to_json(self, value: str) -> str | None:
        return value or None

    def from_text(self, text: str) -> str:
        if text == "" and not self.required:
            return ""
        if text not in self.values:
            raise Invalid(gettext("must be one of %(allowed)s") % {"allowed": self.allowed})
        return text

    def from_json(self, value: Any) -> str:
        if value is None and not self.required:
            return ""
        if not isinstance(value, str):
            raise Invalid(gettext("must be one of %(allowed)s") % {"allowed": self.allowed})
        return self.from_text(value)


@dataclass(frozen=True)
class Codes(Kind):
    """Several codes of one list (triggers, feelings): ``loss;media`` in CSV, a list in JSON."""

    values: tuple[str, ...]
    twice: str  # what is said of a file that names one twice (marked with gettext_noop)

    def to_text(self, value: list[str]) -> str:
        return ";".join(value)

    def to_json(self, value: list[str]) -> list[str]:
        return list(value)

    def from_text(self, text: str) -> list[str]:
        return self._known([item.strip() for item in text.split(";")] if text.strip() else [])

    def from_json(self, value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise Invalid(gettext("must be a list of texts"))
        return self._known(value)

    def _known(self, items: list[str]) -> list[str]:
        unknown = [item for item in items if item not in self.values]
        if unknown:
            raise Invalid(
                gettext("“%(value)s” is not one of %(allowed)s")
                % {"value": unknown[0][:40], "allowed": ", ".join(self.values)}
            )
        if len(set(items)) != len(items):
            raise Invalid(gettext(self.twice))
        return items


ESCAPE = "\\"
SEPARATOR = ";"


@dataclass(frozen=True)
class OwnTriggerNames(Kind):
    """A person's own triggers by name (what they are called now). In CSV one cell,
    ``Work;My sister``: a ``;`` or ``\\`` inside a name is written with a ``\\`` before it, and a
    leading formula character is neutralised as in a note. In JSON a list of names."""

    def to_text(self, value: list[str]) -> str:
        escaped = (
            name.replace(ESCAPE, ESCAPE * 2).replace(SEPARATOR, ESCAPE + SEPARATOR)
            for name in value
        )
        return neutralise(SEPARATOR.join(escaped))

    def to_json(self, value: list[str]) -> list[str]:
        return list(value)

    def from_text(self, text: str) -> list[str]:
        text = unneutralise(text)
        if not text.strip():
            return []
        names, name, escaped = [], [], False
        for character in text:
            if escaped:
                name.append(character)
                escaped = False
            elif character == ESCAPE:
                escaped = True
            elif character == SEPARATOR:
                names.append("".join(name))
                name = []
            else:
                name.append(character)
        names.append("".join(name) + (ESCAPE if escaped else ""))
        return self._names(names)

    def from_json(self, value: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise Invalid(gettext("must be a list of texts"))
        return self._names(value)

    def _names(self, items: list[str]) -> list[str]:
        names = []
        for item in items:
            try:
                names.append(clean_own_trigger_name(item))
            except ValidationError as refused:
                raise Invalid(
                    gettext("“%(value)s”: %(problem)s")
                    % {"value": item.strip()[:40], "problem": " ".join(refused.messages)}
                ) from None
        if len({name.casefold() for name in names}) != len(names):
            raise Invalid(gettext("names a trigger twice"))
        return names


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
            raise Invalid(gettext("must be text"))
        return self._short(value)

    def _short(self, text: str) -> str:
        if NUL in text:
            raise Invalid(gettext("holds a NUL character (\\u0000), which crylog cannot keep"))
        if len(text) > NOTE_MAX_LENGTH:
            raise Invalid(
                gettext("is %(length)s characters long; at most %(most)s fit")
                % {
                    "length": number_format(len(text), force_grouping=True),
                    "most": number_format(NOTE_MAX_LENGTH, force_grouping=True),
                }
            )
        return text


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    # For a column added after files were first written: the value of a file that has no such
    # column (CSV) or key (JSON). None: every file must have it.
    absent: Callable[[], Any] | None = None


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
    Column("triggers", Codes(tuple(Trigger.values), gettext_noop("names a trigger twice"))),
    Column("own_triggers", OwnTriggerNames(), absent=list),
    Column(
        "feelings", Codes(tuple(Feeling.values), gettext_noop("names a feeling twice")), absent=list
    ),
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
    Column("corrected_at", Instant(optional=True), absent=lambda: None),
)
# The CSV repeats the cry on each of its rows, after its id and, beside its end, the person's
# time zone; then the rating's own columns.
CRY_CELLS: tuple[str, ...] = (
    "ended_at",
    "timezone",
    *(column.name for column in CRY_COLUMNS if column.name != "ended_at"),
)
CSV_HEADER: tuple[str, ...] = ("cry_id", *CRY_CELLS, *(column.name for column in RATING_COLUMNS))
