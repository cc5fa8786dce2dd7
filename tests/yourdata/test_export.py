import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crylog.accounts.models import User
from crylog.cries.models import Cry
from crylog.yourdata import views
from crylog.yourdata.columns import CSV_HEADER
from tests.conftest import make_cry
from tests.yourdata.data import FORMULA, OWN_FORMULA, OWN_ODD, SCRIPT, full_history

pytestmark = pytest.mark.django_db


def download(client: Client, name: str) -> tuple[StreamingHttpResponse, str]:
    response = client.get(reverse(name))
    assert isinstance(response, StreamingHttpResponse)
    return response, b"".join(response.streaming_content).decode()


def csv_dicts(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_one_row_per_rating_with_the_cry_repeated(owner_client: Client, user: User) -> None:
    detailed, odd, planned, bare = full_history(user)
    _, text = download(owner_client, "account-export-csv")
    rows = csv_dicts(text)
    assert list(rows[0]) == list(CSV_HEADER)
    # Oldest first; a cry without ratings still gets its row; the planned cry that has not
    # ended comes last.
    assert [(row["cry_id"], row["moment"]) for row in rows] == [
        (str(bare.pk), ""),
        (str(detailed.pk), "before"),
        (str(detailed.pk), "right_after"),
        (str(detailed.pk), "after_90"),
        (str(odd.pk), "right_after"),
        (str(odd.pk), "after_20"),
        (str(planned.pk), "before"),
    ]
    after_90 = rows[3]
    assert after_90 | {"cry_id": ""} == {
        "cry_id": "",
        "ended_at": "2026-03-01T20:15:30.123456+00:00",
        "timezone": "Europe/Berlin",
        "planned": "false",
        "intensity": "3",
        "duration": "5-15",
        "company": "one",
        "company_known": "known",
        "support": "true",
        "held_back": "false",
        "shame": "1",
        "triggers": "loss;media",
        "own_triggers": "'=Boss;Work\\; shifts \\\\ nights",
        "feelings": "sad;helpless",
        "resolved": "partly",
        "new_understanding": "true",
        "note": "'" + FORMULA,
        "is_demo": "false",
        "moment": "after_90",
        "valence": "65",
        "arousal": "",
        "relief": "3",
        "given_at": "2026-03-01T21:48:45.123456+00:00",
        "is_recalled": "false",
        "minutes_since_end": "93.2",
        "minutes_since_reminder": "3.5",
        "is_late": "false",
        "corrected_at": "2026-03-02T22:15:30.123456+00:00",
    }
    # Every row of a cry repeats its fields.
    assert {row["note"] for row in rows[1:4]} == {"'" + FORMULA}


def test_csv_gives_minutes_since_the_end_for_every_rating_and_the_late_flag(
    owner_client: Client, user: User
) -> None:
    full_history(user)
    rows = csv_dicts(download(owner_client, "account-export-csv")[1])
    by_moment = {(row["note"][:5], row["moment"]): row for row in rows}
    right_after = by_moment["'=cmd", "right_after"]
    assert right_after["minutes_since_end"] == "0.3"  # given 20 seconds after the end
    assert right_after["minutes_since_reminder"] == ""
    late = by_moment["<scri", "after_20"]
    assert (late["minutes_since_end"], late["minutes_since_reminder"], late["is_late"]) == (
        "160.0",
        "140.0",
        "true",
    )
    planned_before = by_moment["''quo", "before"]
    assert planned_before["ended_at"] == planned_before["minutes_since_end"] == ""
    assert planned_before["is_recalled"] == "false"


def test_csv_neutralises_text_a_spreadsheet_would_run(owner_client: Client, user: User) -> None:
    for note in ["=1+1", "+1", "-1", "@SUM(A1)", "\tlooks blank", "plain", "'already quoted"]:
        make_cry(user, note=note)
    notes = {row["note"] for row in csv_dicts(download(owner_client, "account-export-csv")[1])}
    assert notes == {
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tlooks blank",
        "plain",
        "''already quoted",
    }


def test_json_nests_ratings_in_their_cry(owner_client: Client, user: User) -> None:
    detailed, odd, planned, bare = full_history(user)
    _, text = download(owner_client, "account-export-json")
    data = json.loads(text)
    assert (data["format"], data["version"], data["timezone"]) == (
        "crylog-export",
        1,
        "Europe/Berlin",
    )
    assert [cry["id"] for cry in data["cries"]] == [bare.pk, detailed.pk, odd.pk, planned.pk]
    first = data["cries"][1]
    assert first["note"] == FORMULA  # JSON is not opened by spreadsheets: the text as it is
    assert first["triggers"] == ["loss", "media"]
    assert first["own_triggers"] == [OWN_FORMULA, OWN_ODD]
    assert first["feelings"] == ["sad", "helpless"]
    assert first["support"] is True
    assert first["held_back"] is False
    assert [r["moment"] for r in first["ratings"]] == ["before", "right_after", "after_90"]
    assert first["ratings"][2]["minutes_since_reminder"] == 3.5
    assert first["ratings"][2]["corrected_at"] == "2026-03-02T22:15:30.123456+00:00"
    assert first["ratings"][1]["corrected_at"] is None
    assert data["cries"][2]["note"] == SCRIPT
    assert data["cries"][3]["ended_at"] is None
    assert data["cries"][3]["duration"] is None
    assert data["cries"][0]["ratings"] == []


@time_machine.travel(datetime(2026, 3, 1, 23, 30, tzinfo=UTC), tick=False)
@pytest.mark.parametrize(
    ("name", "extension"), [("account-export-csv", "csv"), ("account-export-json", "json")]
)
def test_the_file_name_carries_the_date_where_the_person_lives(
    owner_client: Client, name: str, extension: str
) -> None:
    response, _ = download(owner_client, name)
    # 23:30 in UTC is already the next day in Berlin.
    assert (
        response["Content-Disposition"] == f'attachment; filename="crylog-2026-03-02.{extension}"'
    )
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["account-export-csv", "account-export-json"])
def test_an_export_holds_only_the_persons_own_cries(
    owner_client: Client, user: User, stranger: User, name: str
) -> None:
    make_cry(user, note="mine")
    make_cry(stranger, note="a stranger's")
    _, text = download(owner_client, name)
    assert "mine" in text
    assert "stranger" not in text


@pytest.mark.parametrize("name", ["account-export-csv", "account-export-json"])
def test_export_needs_a_login(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("name", ["account-export-csv", "account-export-json"])
def test_a_long_history_is_read_a_chunk_at_a_time(
    owner_client: Client, user: User, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(views, "EXPORT_CHUNK", 10)
    for _ in range(25):
        make_cry(user)
    response = owner_client.get(reverse(name))
    with CaptureQueriesContext(connection) as queries:
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    rating_queries = [q for q in queries.captured_queries if "cries_moodrating" in q["sql"]]
    assert len(rating_queries) == 3  # 10 + 10 + 5 cries, never all 25 at once
    assert content.count(b"right_after") == 25
    assert Cry.objects.count() == 25


def test_every_column_is_documented_with_its_study_or_reason() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "data-export.md").read_text()
    rows = {
        line.split("|")[1].strip().strip("`"): line
        for line in docs.splitlines()
        if line.startswith("| `")
    }
    assert set(CSV_HEADER) <= set(rows)
    for name in CSV_HEADER:
        cells = [cell.strip() for cell in rows[name].split("|")[1:-1]]
        assert len(cells) == 5, name  # name, type, unit, allowed values, why
        assert cells[1], name
        assert cells[4], name
    for study in ["Bylsma", "Gračanin", "Sharman", "Barthelmäs"]:
        assert study in docs


@pytest.mark.parametrize(
    ("seconds", "written"), [(-2, "0.0"), (-3, "-0.1"), (2, "0.0"), (3, "0.1")]
)
def test_minutes_just_either_side_of_the_end_are_never_written_minus_zero(
    owner_client: Client, user: User, seconds: int, written: str
) -> None:
    # A rating given a moment before the end it was saved with (the end was typed in).
    ended = datetime(2026, 3, 1, 20, 15, tzinfo=UTC)
    cry = make_cry(user, ended_at=ended)  # with a right_after rating
    cry.ratings.update(given_at=ended + timedelta(seconds=seconds))
    _, text = download(owner_client, "account-export-csv")
    [row] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert row["minutes_since_end"] == written
    _, text = download(owner_client, "account-export-json")
    [rating] = json.loads(text)["cries"][0]["ratings"]
    assert json.dumps(rating["minutes_since_end"]) == written
