"""Writing the export files: CSV (one row per rating) and JSON (each cry with its ratings),
in pieces, so that a long history streams."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from crylog.cries.models import Cry, MoodRating
from crylog.yourdata.columns import (
    CRY_CELLS,
    CRY_COLUMNS,
    CSV_HEADER,
    FORMAT,
    RATING_COLUMNS,
    VERSION,
)


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


def _cry_value(cry: Cry, name: str) -> Any:
    if name == "own_triggers":
        return [trigger.name for trigger in cry.own_triggers.all()]
    return getattr(cry, name)


def csv_rows(cries: Iterable[Cry], *, timezone: str) -> Iterator[list[str]]:
    """The header, then one row per rating (a cry without ratings gets one row of its own)."""
    yield list(CSV_HEADER)
    for cry in cries:
        cells = {
            column.name: column.kind.to_text(_cry_value(cry, column.name)) for column in CRY_COLUMNS
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
        **{
            column.name: column.kind.to_json(_cry_value(cry, column.name)) for column in CRY_COLUMNS
        },
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
