"""Adherence per participant code, as plain functions over plain rows (no database)."""

from __future__ import annotations

import pytest

from crylog.studies.adherence import (
    Adherence,
    CryRow,
    ParticipantRow,
    Status,
    adherence_of,
    totals,
    whole_percent,
)


def row(**fields: object) -> ParticipantRow:
    values: dict[str, object] = {
        "code": "ABC234",
        "withdrawn": False,
        "data_kept": None,
        "agreed_version": 1,
        "uses_data": True,
        "cries": [],
    }
    values.update(fields)
    return ParticipantRow(**values)  # type: ignore[arg-type]


def line(**fields: object) -> Adherence:
    return adherence_of(row(**fields), current_version=1)


@pytest.mark.parametrize(
    ("part", "whole", "percent"),
    [(0, 4, 0), (1, 4, 25), (1, 8, 13), (1, 3, 33), (2, 3, 67), (4, 4, 100), (0, 0, None)],
)
def test_completion_is_whole_percent_with_halves_up(
    part: int, whole: int, percent: int | None
) -> None:
    assert whole_percent(part, whole) == percent


def test_cries_answers_and_late_answers_are_counted() -> None:
    cries = [
        CryRow(answered_90=True, late_answers=0),
        CryRow(answered_90=True, late_answers=1),
        CryRow(answered_90=False, late_answers=1),  # a late 20-minute answer only
        CryRow(answered_90=False, late_answers=0),
    ]
    found = line(cries=cries)
    assert (found.cries, found.answered_90, found.completion_percent, found.late) == (4, 2, 50, 2)
    assert found.status is Status.TAKING_PART


def test_no_cries_yet_is_no_completion_not_zero() -> None:
    found = line()
    assert (found.cries, found.answered_90, found.completion_percent, found.late) == (0, 0, None, 0)


def test_someone_who_has_not_agreed_to_the_current_version_is_waiting_and_uncounted() -> None:
    found = adherence_of(row(agreed_version=1, uses_data=False, cries=[]), current_version=2)
    assert (found.status, found.waiting_for) == (Status.WAITING, 2)
    assert (found.cries, found.answered_90, found.completion_percent, found.late) == (
        None,
        None,
        None,
        None,
    )


def test_someone_who_left_asking_for_deletion_is_a_code_and_a_status_only() -> None:
    found = line(withdrawn=True, data_kept=False, uses_data=False)
    assert found == Adherence("ABC234", Status.WITHDREW_DELETED, None, None, None, None, None)


def test_someone_who_left_keeping_their_data_is_counted() -> None:
    found = line(withdrawn=True, data_kept=True, cries=[CryRow(answered_90=True, late_answers=0)])
    assert (found.status, found.cries, found.completion_percent) == (Status.WITHDREW_KEPT, 1, 100)


def test_someone_who_left_keeping_data_under_a_replaced_consent_is_not_counted() -> None:
    found = adherence_of(
        row(withdrawn=True, data_kept=True, agreed_version=1, uses_data=False),
        current_version=2,
    )
    assert (found.status, found.cries) == (Status.WITHDREW_KEPT_UNUSED, None)


def test_totals_add_up_what_is_counted() -> None:
    lines = [
        line(cries=[CryRow(True, 0), CryRow(False, 0)]),
        line(code="B", cries=[CryRow(True, 1)]),
        line(code="C", withdrawn=True, data_kept=False, uses_data=False),
        adherence_of(row(code="D", uses_data=False), current_version=2),
    ]
    found = totals(lines)
    assert (found.joined, found.taking_part, found.waiting, found.withdrew) == (4, 2, 1, 1)
    assert (found.cries, found.answered_90, found.completion_percent) == (3, 2, 67)
