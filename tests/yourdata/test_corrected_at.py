"""When a rating was corrected leaves with the export and comes back with the import; files
made before the column was added still import."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from crylog.accounts.models import User
from crylog.cries.models import MoodRating
from crylog.yourdata.reading import read_export
from tests.yourdata.test_import import export, exported_then_deleted, import_file, one_cry, refused

pytestmark = pytest.mark.django_db

CORRECTED = datetime(2026, 3, 2, 22, 15, 30, 123456, tzinfo=UTC)
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def corrected() -> list[tuple[str, datetime | None]]:
    return sorted(
        MoodRating.objects.values_list("moment", "corrected_at"), key=lambda pair: pair[0]
    )


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_when_a_rating_was_corrected_comes_back_with_the_import(
    owner_client: Client, user: User, kind: str
) -> None:
    text = exported_then_deleted(owner_client, user, kind)
    import_file(owner_client, text, f"export.{kind}")
    assert MoodRating.objects.get(corrected_at__isnull=False).corrected_at == CORRECTED
    assert MoodRating.objects.filter(corrected_at__isnull=True).count() == 5


def test_a_csv_made_before_the_column_was_added_still_imports(
    owner_client: Client, user: User
) -> None:
    rows = list(csv.reader(io.StringIO(exported_then_deleted(owner_client, user), newline="")))
    column = rows[0].index("corrected_at")
    older = io.StringIO()
    csv.writer(older, lineterminator="\r\n").writerows(
        [row[:column] + row[column + 1 :] for row in rows]
    )
    response = import_file(owner_client, older.getvalue())
    assert "Added 4 cries with 6 ratings." in response.content.decode()
    assert not MoodRating.objects.filter(corrected_at__isnull=False).exists()


def test_a_json_made_before_the_key_was_added_still_imports(
    owner_client: Client, user: User
) -> None:
    data = json.loads(exported_then_deleted(owner_client, user, "json"))
    for cry in data["cries"]:
        for rating in cry["ratings"]:
            del rating["corrected_at"]
    response = import_file(owner_client, json.dumps(data), "export.json")
    assert "Added 4 cries with 6 ratings." in response.content.decode()
    assert not MoodRating.objects.filter(corrected_at__isnull=False).exists()
    # Exported again, the ratings say they were never corrected.
    again = json.loads(export(owner_client, "json"))
    assert {r["corrected_at"] for c in again["cries"] for r in c["ratings"]} == {None}


def with_correction(corrected_at: object) -> str:
    data = json.loads(one_cry("2026-03-01T20:15:00+00:00"))
    data["cries"][0]["ratings"][0]["corrected_at"] = corrected_at
    return json.dumps(data)


@pytest.mark.parametrize(
    ("corrected_at", "problem"),
    [
        ("2026-03-01T20:15:59+00:00", "corrected_at: is before given_at"),  # given at 20:16
        ("2026-06-01T12:05:01+00:00", "corrected_at: is in the future"),
        ("yesterday", "corrected_at: must be a date and time like"),
        (5, "corrected_at: must be a date and time in quotes, or null"),
    ],
)
def test_a_correction_time_that_cannot_be_is_refused(
    owner_client: Client, corrected_at: object, problem: str
) -> None:
    with time_machine.travel(NOW, tick=False):
        assert problem in refused(owner_client, with_correction(corrected_at), "x.json")


@pytest.mark.parametrize("corrected_at", ["2026-03-01T20:16:00+00:00", "2026-06-01T12:05:00+00:00"])
def test_a_correction_at_the_time_given_or_just_now_is_read(corrected_at: str) -> None:
    result = read_export(with_correction(corrected_at), now=NOW)
    assert result.problems == []
    [rating] = result.cries[0].ratings
    assert rating.corrected_at == datetime.fromisoformat(corrected_at)
