"""The file shapes and the reader, without the database."""

import json
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from crylog.yourdata.columns import CSV_HEADER, FORMULA_STARTS, neutralise, unneutralise
from crylog.yourdata.reading import read_export
from tests.yourdata.data import CRY

NOW = datetime(2026, 6, 1, tzinfo=UTC)


@given(st.text())
def test_neutralising_is_undone_exactly(text: str) -> None:
    assert unneutralise(neutralise(text)) == text


@given(st.text())
def test_a_neutralised_value_never_starts_like_a_formula(text: str) -> None:
    assert not neutralise(text).startswith(FORMULA_STARTS)


def csv_text(*rows: dict[str, str]) -> str:
    lines = [",".join(CSV_HEADER)]
    for row in rows:
        cells = dict.fromkeys(CSV_HEADER, "") | {
            "planned": "false",
            "is_demo": "false",
            "is_recalled": "false",
            "is_late": "false",
        }
        lines.append(",".join((cells | row)[name] for name in CSV_HEADER))
    return "\n".join(lines) + "\n"


RATING = {
    "cry_id": "a",
    "ended_at": "2026-05-01T10:00:00+02:00",
    "moment": "right_after",
    "valence": "40",
    "given_at": "2026-05-01T08:01:00+00:00",
}


def test_a_hand_made_csv_with_only_the_needed_values_is_read() -> None:
    result = read_export(csv_text(RATING, RATING | {"moment": "before", "valence": "70"}), now=NOW)
    assert result.problems == []
    [cry] = result.cries
    assert cry.ended_at == datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
    assert [(r.moment, r.valence) for r in cry.ratings] == [("right_after", 40), ("before", 70)]


def test_columns_may_come_in_any_order_and_booleans_in_capitals() -> None:
    text = csv_text(RATING | {"support": "TRUE"})
    header, row = text.splitlines()
    reordered = "\n".join(",".join(reversed(line.split(","))) for line in [header, row])
    [cry] = read_export(reordered, now=NOW).cries
    assert cry.support is True


def test_rows_without_a_rating_make_a_cry_without_ratings() -> None:
    row = {"cry_id": "x", "ended_at": RATING["ended_at"], "is_recalled": "", "is_late": ""}
    [cry] = read_export(csv_text(row), now=NOW).cries
    assert cry.ratings == []


def test_minutes_since_the_end_is_kept_only_for_follow_ups() -> None:
    text = csv_text(
        RATING | {"minutes_since_end": "1.0"},
        RATING | {"moment": "after_90", "minutes_since_end": "95.0", "relief": "2"},
    )
    [cry] = read_export(text, now=NOW).cries
    assert [r.minutes_since_end for r in cry.ratings] == [None, 95.0]


def test_a_file_without_cries_says_so() -> None:
    assert [str(p) for p in read_export(csv_text(), now=NOW).problems] == [
        "The file: there are no cries in it"
    ]


def test_problems_stop_after_a_hundred() -> None:
    text = csv_text(*[RATING | {"cry_id": str(n), "valence": "x"} for n in range(300)])
    problems = read_export(text, now=NOW).problems
    assert len(problems) == 101
    assert str(problems[-1]) == "The file: stopped after 100 problems"


def json_text(cries: list[dict[str, object]], **header: object) -> str:
    return json.dumps({"format": "crylog-export", "version": 1, "cries": cries, **header}, indent=1)


def test_json_problems_name_the_line_where_their_cry_starts() -> None:
    text = json_text([CRY, CRY | {"intensity": 9}, CRY | {"shame": "a lot"}])
    lines = text.splitlines()
    starts = [number for number, line in enumerate(lines, 1) if line == "  {"]
    assert [str(p) for p in read_export(text, now=NOW).problems] == [
        f"Line {starts[1]}, cries[1].intensity: must be from 0 to 4",
        f"Line {starts[2]}, cries[2].shame: must be a whole number from 0–4, or empty",
    ]


def test_json_that_is_broken_names_the_line() -> None:
    text = json_text([CRY, CRY]).replace('"planned": false', '"planned": fals', 1)
    [problem] = read_export(text, now=NOW).problems
    assert problem.line == text.splitlines().index('   "planned": fals,') + 1
    assert "not valid JSON" in problem.message


def test_json_with_a_trailing_comma_or_text_after_the_end_is_refused() -> None:
    trailing = '{"format": "crylog-export", "version": 1, "cries": [' + json.dumps(CRY) + ",]}"
    assert "not valid JSON" in str(read_export(trailing, now=NOW).problems[0])
    after = json_text([CRY]) + " and more"
    assert "extra text after the end" in str(read_export(after, now=NOW).problems[0])


def test_json_of_another_version_is_refused() -> None:
    [problem] = read_export(json_text([CRY], version=2), now=NOW).problems
    assert str(problem) == "Line 1, version: must be 1; this file was made by another version"


def test_json_reads_the_same_cry_as_csv() -> None:
    rating = {
        "moment": "right_after",
        "valence": 40,
        "arousal": None,
        "relief": None,
        "given_at": "2026-05-01T08:01:00+00:00",
        "is_recalled": False,
        "minutes_since_end": 1.0,
        "minutes_since_reminder": None,
        "is_late": False,
    }
    [from_json] = read_export(json_text([CRY | {"ratings": [rating]}]), now=NOW).cries
    [from_csv] = read_export(csv_text(RATING | {"ended_at": str(CRY["ended_at"])}), now=NOW).cries
    from_json.line = from_csv.line = 0
    assert from_json == from_csv
