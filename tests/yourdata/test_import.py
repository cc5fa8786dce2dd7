import csv
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment, MoodRating
from crylog.yourdata import services
from crylog.yourdata.models import PendingImport
from tests.conftest import ClientResponse, make_cry
from tests.yourdata.data import CRY, FORMULA, SCRIPT, full_history

pytestmark = pytest.mark.django_db

EXPORTS = {"csv": "account-export-csv", "json": "account-export-json"}


def export(client: Client, kind: str) -> str:
    response = client.get(reverse(EXPORTS[kind]))
    return b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]


def upload(client: Client, text: str | bytes, name: str = "export.csv") -> ClientResponse:
    content = text.encode() if isinstance(text, str) else text
    return client.post(reverse("account-import"), {"file": SimpleUploadedFile(name, content)})


def import_file(client: Client, text: str, name: str = "export.csv") -> ClientResponse:
    """Upload, look at the preview, confirm: the whole journey."""
    response = upload(client, text, name)
    assert response.status_code == 302, response.content.decode()
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    pending = PendingImport.objects.get()
    return client.post(reverse("account-import-confirm", args=[pending.pk]), follow=True)


def exported_then_deleted(client: Client, user: User, kind: str = "csv") -> str:
    """The person's full history as an export file; their cries are gone from the database."""
    full_history(user)
    text = export(client, kind)
    Cry.objects.filter(user=user).delete()
    return text


def without_ids(kind: str, text: str) -> str:
    if kind == "json":
        text = re.sub(r'"id": \d+', '"id": 0', text)
        return re.sub(r'"exported_at": "[^"]+"', '"exported_at": ""', text)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([["", *row[1:]] for row in rows[1:]])
    return ",".join(rows[0]) + "\r\n" + out.getvalue()


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_export_delete_import_export_gives_the_same_file(
    owner_client: Client, user: User, kind: str
) -> None:
    first = exported_then_deleted(owner_client, user, kind)

    response = import_file(owner_client, first, f"export.{kind}")

    assert "Added 4 cries with 6 ratings." in response.content.decode()
    second = export(owner_client, kind)
    assert second != first  # new ids
    assert without_ids(kind, second) == without_ids(kind, first)
    notes = set(Cry.objects.filter(user=user).values_list("note", flat=True))
    assert FORMULA in notes
    assert SCRIPT in notes
    assert "'quoted already; Tränen 😢" in notes
    assert Cry.objects.filter(
        user=user, ended_at=datetime(2026, 3, 1, 20, 15, 30, 123456, UTC)
    ).exists()


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_nothing_is_saved_before_the_person_confirms(
    owner_client: Client, user: User, kind: str
) -> None:
    text = exported_then_deleted(owner_client, user, kind)

    response = upload(owner_client, text, f"export.{kind}")
    preview = owner_client.get(response["Location"]).content.decode()

    assert "4 cries with 6 ratings would be added" in preview
    assert not Cry.objects.exists()


def test_cancel_removes_the_upload_and_adds_nothing(owner_client: Client, user: User) -> None:
    text = exported_then_deleted(owner_client, user)
    upload(owner_client, text)
    pending = PendingImport.objects.get()
    response = owner_client.post(reverse("account-import-cancel", args=[pending.pk]), follow=True)
    assert "Nothing was added" in response.content.decode()
    assert not PendingImport.objects.exists()
    assert not Cry.objects.exists()


def test_cries_already_there_are_skipped_and_counted(owner_client: Client, user: User) -> None:
    full_history(user)
    text = export(owner_client, "csv")
    Cry.objects.filter(note="-5 felt odd").delete()

    upload(owner_client, text)
    preview = owner_client.get(
        reverse("account-import-preview", args=[PendingImport.objects.get().pk])
    )
    page = preview.content.decode()
    # The planned cry has not ended: it is known by when its first rating was given.
    assert "1 cry with 0 ratings would be added" in page
    assert (
        "3 cries you already have (the same end time, or the same start for a planned cry)"
        " would be skipped" in page
    )

    response = owner_client.post(
        reverse("account-import-confirm", args=[PendingImport.objects.get().pk]), follow=True
    )
    assert "Added 1 cry with 0 ratings. Skipped 3 cries already here" in response.content.decode()
    assert Cry.objects.filter(user=user).count() == 4


def test_a_planned_cry_not_over_is_not_added_again_by_a_second_import(
    owner_client: Client, user: User
) -> None:
    full_history(user)
    text = export(owner_client, "json")
    import_file(owner_client, text, "export.json")
    import_file(owner_client, text, "export.json")
    assert Cry.objects.filter(user=user).count() == 4
    assert Cry.objects.filter(user=user, ended_at=None).count() == 1


def test_a_planned_cry_started_at_another_time_is_added(owner_client: Client, user: User) -> None:
    full_history(user)
    data = json.loads(export(owner_client, "json"))
    [planned] = [cry for cry in data["cries"] if cry["ended_at"] is None]
    given = datetime.fromisoformat(planned["ratings"][0]["given_at"])
    # One microsecond apart is another cry; its own copy in the same file is not.
    planned["ratings"][0]["given_at"] = (given + timedelta(microseconds=1)).isoformat()
    data["cries"] = [planned, planned]
    response = import_file(owner_client, json.dumps(data), "export.json")
    assert "Added 1 cry with 1 rating. Skipped 1 cry already here" in response.content.decode()
    assert Cry.objects.filter(user=user, ended_at=None).count() == 2


def test_the_import_is_all_or_nothing(
    owner_client: Client, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = exported_then_deleted(owner_client, user)
    upload(owner_client, text)
    pending = PendingImport.objects.get()

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away halfway")

    monkeypatch.setattr(MoodRating.objects, "bulk_create", fail)
    owner_client.raise_request_exception = False
    response = owner_client.post(reverse("account-import-confirm", args=[pending.pk]))

    assert response.status_code == 500
    assert not Cry.objects.exists()  # the cries written before the failure were rolled back
    assert PendingImport.objects.filter(pk=pending.pk).exists()  # and it can be tried again


def test_another_persons_upload_is_404(
    owner_client: Client, stranger_client: Client, user: User
) -> None:
    make_cry(user)
    upload(owner_client, export(owner_client, "csv"))
    pending = PendingImport.objects.get()
    assert (
        stranger_client.get(reverse("account-import-preview", args=[pending.pk])).status_code == 404
    )
    for name in ["account-import-confirm", "account-import-cancel"]:
        assert stranger_client.post(reverse(name, args=[pending.pk])).status_code == 404
    assert PendingImport.objects.filter(pk=pending.pk).exists()
    assert Cry.objects.count() == 1


def test_an_upload_left_for_more_than_an_hour_is_gone(owner_client: Client, user: User) -> None:
    make_cry(user)
    upload(owner_client, export(owner_client, "csv"))
    pending = PendingImport.objects.get()
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        response = owner_client.post(
            reverse("account-import-confirm", args=[pending.pk]), follow=True
        )
    assert "waited more than an hour" in response.content.decode()
    assert not PendingImport.objects.exists()
    assert Cry.objects.count() == 1


def test_a_new_upload_replaces_the_last_and_clears_stale_ones(
    owner_client: Client, user: User, stranger: User
) -> None:
    old = PendingImport.objects.create(user=stranger, file_name="old.csv", content="x")
    PendingImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=2))
    make_cry(user)
    text = export(owner_client, "csv")
    upload(owner_client, text)
    upload(owner_client, text)
    assert list(PendingImport.objects.values_list("user", flat=True)) == [user.pk]


def test_import_needs_a_login(client: Client) -> None:
    response = upload(client, "cry_id\n")
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


# Hostile and broken files: each is refused with a message naming the line and the field,
# and nothing is saved.


def exported_csv(owner_client: Client, user: User) -> list[list[str]]:
    return list(csv.reader(io.StringIO(exported_then_deleted(owner_client, user), newline="")))


def as_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def refused(client: Client, text: str | bytes, name: str = "export.csv") -> str:
    response = upload(client, text, name)
    assert response.status_code == 200
    assert not PendingImport.objects.exists()
    assert not Cry.objects.exists()
    return response.content.decode()


def set_cell(rows: list[list[str]], line: int, column: str, value: str) -> list[list[str]]:
    rows[line - 1][rows[0].index(column)] = value
    return rows


def test_a_missing_column_is_named(owner_client: Client, user: User) -> None:
    rows = exported_csv(owner_client, user)
    column = rows[0].index("valence")
    rows = [row[:column] + row[column + 1 :] for row in rows]
    assert "Line 1: missing columns: valence" in refused(owner_client, as_csv(rows))


def test_an_unknown_column_is_named(owner_client: Client, user: User) -> None:
    rows = exported_csv(owner_client, user)
    rows = [[*row, "x"] for row in rows]
    rows[0][-1] = "password"
    assert "Line 1: unknown columns: password" in refused(owner_client, as_csv(rows))


def test_a_file_that_is_not_an_export_is_refused(owner_client: Client) -> None:
    assert "missing columns" in refused(owner_client, "name,age\nAda,36\n")
    assert "not UTF-8 text" in refused(owner_client, b"\xff\xfe\x00\x01binary")
    assert "The submitted file is empty" in refused(owner_client, "")
    assert "not valid JSON" in refused(owner_client, '{"cries": [', "export.json")
    assert "does not look like a crylog export" in refused(owner_client, "{}", "export.json")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("valence", "lots", "valence: must be a whole number from 0–100"),
        ("valence", "101", "valence: must be from 0 to 100"),
        ("valence", "-1", "valence: must be from 0 to 100"),
        ("valence", "", "valence: must be a whole number from 0–100"),
        ("arousal", "7.5", "arousal: must be a whole number"),
        ("relief", "9", "relief: must be from 0 to 4"),
        ("intensity", "5", "intensity: must be from 0 to 4"),
        ("moment", "after_60", "moment: must be one of before, right_after, after_20, after_90"),
        ("duration", "forever", "duration: must be one of lt1, 1-5, 5-15, 15+"),
        ("triggers", "loss;boredom", "triggers: “boredom” is not one of"),
        ("support", "maybe", "support: must be true, false, or empty"),
        ("given_at", "yesterday", "given_at: must be a date and time"),
        ("given_at", "2026-03-01T20:15:00", "given_at: needs its offset from UTC"),
        ("minutes_since_reminder", "soon", "minutes_since_reminder: must be a number of minutes"),
        ("timezone", "Mars/Olympus", "timezone: is not a time zone name"),
        ("note", "x" * 2001, "note: is 2,001 characters long; at most 2,000 fit"),
    ],
)
def test_a_wrong_value_is_refused_naming_its_line_and_field(
    owner_client: Client, user: User, column: str, value: str, message: str
) -> None:
    rows = set_cell(exported_csv(owner_client, user), 3, column, value)
    assert f"Line 3, {message}" in refused(owner_client, as_csv(rows))


def test_rules_that_tie_a_cry_together_are_checked(owner_client: Client, user: User) -> None:
    rows = exported_csv(owner_client, user)
    set_cell(rows, 3, "relief", "2")  # detailed cry's before rating
    page = refused(owner_client, as_csv(rows))
    assert "Line 3, relief: is only asked at after_90" in page


def test_a_cry_in_the_future_is_refused(owner_client: Client, user: User) -> None:
    rows = exported_csv(owner_client, user)
    ended = (timezone.now() + timedelta(days=1)).isoformat()
    for line in (3, 4, 5):
        set_cell(rows, line, "ended_at", ended)
    assert "Line 3, ended_at: is in the future" in refused(owner_client, as_csv(rows))


def test_rows_of_one_cry_must_agree(owner_client: Client, user: User) -> None:
    rows = set_cell(exported_csv(owner_client, user), 4, "intensity", "1")
    assert "Line 4, intensity: differs from line 3 of the same cry" in refused(
        owner_client, as_csv(rows)
    )


def test_a_row_with_the_wrong_number_of_values_is_named(owner_client: Client, user: User) -> None:
    rows = exported_csv(owner_client, user)
    rows[4] = rows[4][:3]
    assert "Line 5: has 3 values where the header has 27" in refused(owner_client, as_csv(rows))


def test_lines_are_counted_across_notes_that_span_lines(owner_client: Client, user: User) -> None:
    rows = exported_csv(owner_client, user)
    # Rows 6 and 7 belong to the cry whose note has a line break, so row 7 starts on line 8.
    assert "\n" in rows[5][rows[0].index("note")]
    set_cell(rows, 7, "valence", "200")
    assert "Line 8, valence: must be from 0 to 100" in refused(owner_client, as_csv(rows))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda c: c["ratings"][0].update(valence="40"),
            "cries[1].ratings[0].valence: must be a whole number",
        ),
        (
            lambda c: c["ratings"][0].update(valence=True),
            "cries[1].ratings[0].valence: must be a whole number",
        ),
        (lambda c: c.update(planned="no"), "cries[1].planned: must be true or false"),
        (lambda c: c.update(triggers="loss"), "cries[1].triggers: must be a list of texts"),
        (lambda c: c.update(note=5), "cries[1].note: must be text"),
        (lambda c: c.pop("note"), "cries[1]: missing keys: note"),
        (lambda c: c.update(owner=1), "cries[1]: unknown keys: owner"),
        (lambda c: c["ratings"][0].pop("moment"), "cries[1].ratings[0]: missing keys: moment"),
    ],
)
def test_a_json_value_of_the_wrong_type_is_refused_naming_its_line_and_field(
    owner_client: Client, user: User, change: Callable[[dict[str, Any]], object], message: str
) -> None:
    full_history(user)
    data = json.loads(export(owner_client, "json"))
    Cry.objects.all().delete()
    change(data["cries"][1])
    text = json.dumps(data, indent=2)
    line = text.count("\n", 0, text.index(f'"id": {data["cries"][1]["id"]}'))  # the "{" above it
    page = refused(owner_client, text, "export.json")
    assert f"Line {line}, {message}" in page


def test_html_and_script_in_a_note_are_kept_as_text_and_shown_escaped(
    owner_client: Client, user: User
) -> None:
    rows = exported_csv(owner_client, user)
    for line in (3, 4, 5):
        set_cell(rows, line, "note", '<img src=x onerror="alert(1)"><script>alert(2)</script>')
    import_file(owner_client, as_csv(rows))
    cry = Cry.objects.get(intensity=3)
    assert cry.note == '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    page = owner_client.get(cry.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "<script>alert(2)" not in page
    assert "<img src=x" not in page


def test_a_formula_in_a_hand_made_file_is_stored_as_text_and_exported_neutralised(
    owner_client: Client, user: User
) -> None:
    rows = exported_csv(owner_client, user)
    for line in (3, 4, 5):
        set_cell(rows, line, "note", "=cmd|' /C calc'!A0")  # not neutralised by crylog
    import_file(owner_client, as_csv(rows))
    assert Cry.objects.get(intensity=3).note == "=cmd|' /C calc'!A0"
    assert ",'=cmd|' /C calc'!A0," in export(owner_client, "csv")


def test_ids_in_a_file_never_reach_another_persons_cries(
    owner_client: Client, user: User, stranger: User
) -> None:
    theirs = make_cry(stranger, note="the stranger's own", ratings={Moment.RIGHT_AFTER: 30})
    header, *rows = exported_csv(owner_client, user)
    detailed = [row for row in rows if row[header.index("intensity")] == "3"]
    for row in detailed:
        row[0] = str(theirs.pk)  # the file claims the rows belong to the stranger's cry

    import_file(owner_client, as_csv([header, *detailed]))

    theirs.refresh_from_db()
    assert theirs.note == "the stranger's own"
    assert list(theirs.ratings.values_list("valence", flat=True)) == [30]
    assert Cry.objects.filter(user=stranger).count() == 1
    mine = Cry.objects.get(user=user)
    assert mine.pk != theirs.pk
    assert sorted(mine.ratings.values_list("valence", flat=True)) == [45, 60, 65]


def test_a_file_over_the_limit_is_refused_with_a_clear_message(owner_client: Client) -> None:
    assert settings.IMPORT_MAX_BYTES == 20_000_000
    page = refused(owner_client, b"cry_id," + b"x" * 20_100_000)
    assert "This file is 20.1 MB; crylog reads files up to 20.0 MB. Nothing was saved." in page


def test_a_huge_json_number_or_deep_nesting_does_not_crash_the_reader(owner_client: Client) -> None:
    deep = (
        '{"format": "crylog-export", "version": 1, "cries": ['
        + "[" * 100_000
        + "]" * 100_000
        + "]}"
    )
    page = refused(owner_client, deep, "export.json")
    assert "Line 1" in page


def test_confirming_twice_imports_once(owner_client: Client, user: User) -> None:
    text = exported_then_deleted(owner_client, user)
    upload(owner_client, text)
    pending = PendingImport.objects.get()
    # The second tap arrives after the first took the upload away.
    assert services.pending_import_confirm(pending=pending, records=[]) is not None
    assert services.pending_import_confirm(pending=pending, records=[]) is None


def test_a_byte_order_mark_from_a_spreadsheet_is_ignored(owner_client: Client, user: User) -> None:
    make_cry(user)
    text = export(owner_client, "csv")
    Cry.objects.all().delete()
    response = upload(owner_client, b"\xef\xbb\xbf" + text.encode())
    assert response.status_code == 302


# The three rules that tie a cry together, each on its own.


def test_two_ratings_for_one_moment_of_a_cry_are_refused(owner_client: Client, user: User) -> None:
    rows = set_cell(exported_csv(owner_client, user), 4, "moment", "before")
    page = refused(owner_client, as_csv(rows))
    assert "Line 3, moment: this cry has two before ratings" in page


def test_recalled_is_refused_on_anything_but_before(owner_client: Client, user: User) -> None:
    rows = set_cell(exported_csv(owner_client, user), 4, "is_recalled", "true")  # right_after
    page = refused(owner_client, as_csv(rows))
    assert "Line 3, is_recalled: can only be true for a before rating" in page


def test_a_cry_that_was_not_planned_needs_its_end_time(owner_client: Client, user: User) -> None:
    rows = exported_csv(owner_client, user)
    for line in (3, 4, 5):
        set_cell(rows, line, "ended_at", "")
    page = refused(owner_client, as_csv(rows))
    assert "Line 3, ended_at: is needed unless the cry was planned" in page
    # The same cry, planned, may wait for its end.
    for line in (3, 4, 5):
        set_cell(rows, line, "planned", "true")
    assert upload(owner_client, as_csv(rows)).status_code == 302


def breaking(rule: str, rows: list[list[str]]) -> list[list[str]]:
    """The file with the detailed cry (lines 3 to 5) breaking one database rule."""
    if rule == "one rating per moment":
        return set_cell(rows, 4, "moment", "before")
    if rule == "recalled only on before":
        return set_cell(rows, 4, "is_recalled", "true")
    for line in (3, 4, 5):
        set_cell(rows, line, "ended_at", "")
    return rows


@pytest.mark.parametrize(
    "rule", ["one rating per moment", "recalled only on before", "an end time unless planned"]
)
def test_a_rule_the_reader_missed_gives_a_clear_message_at_confirm_and_saves_nothing(
    owner_client: Client, user: User, monkeypatch: pytest.MonkeyPatch, rule: str
) -> None:
    rows = breaking(rule, exported_csv(owner_client, user))
    monkeypatch.setattr("crylog.yourdata.reading._check_cry", lambda *a, **k: None)
    response = import_file(owner_client, as_csv(rows))
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("account-import")
    page = response.content.decode()
    assert "This file could not be added" in page
    assert "Nothing was saved." in page
    assert not Cry.objects.exists()
    assert not MoodRating.objects.exists()
    assert not PendingImport.objects.exists()


# Times from far away, checked where the person importing lives.


def one_cry(ended_at: str, given_at: str = "2026-03-01T20:16:00+00:00") -> str:
    rating = {
        "moment": "right_after",
        "valence": 40,
        "arousal": None,
        "relief": None,
        "given_at": given_at,
        "is_recalled": False,
        "minutes_since_end": None,
        "minutes_since_reminder": None,
        "is_late": False,
    }
    cry = CRY | {"ended_at": ended_at, "ratings": [rating]}
    return json.dumps({"format": "crylog-export", "version": 1, "cries": [cry]})


@pytest.mark.parametrize(
    ("zone", "last_of_1999", "first_of_2000"),
    [
        ("UTC", "1999-12-31T23:59:59+00:00", "2000-01-01T00:00:00+00:00"),
        ("Asia/Tokyo", "1999-12-31T14:59:59+00:00", "1999-12-31T15:00:00+00:00"),
        ("America/Los_Angeles", "2000-01-01T07:59:59+00:00", "2000-01-01T08:00:00+00:00"),
    ],
)
def test_an_end_before_2000_where_the_person_lives_is_refused(
    owner_client: Client, user: User, zone: str, last_of_1999: str, first_of_2000: str
) -> None:
    user.timezone = zone
    user.save()
    page = refused(owner_client, one_cry(last_of_1999), "export.json")
    assert "Line 1, ended_at: is before 2000" in page
    assert "given_at: is before 2000" in refused(
        owner_client, one_cry(first_of_2000, given_at=last_of_1999), "export.json"
    )
    response = import_file(owner_client, one_cry(first_of_2000, given_at=first_of_2000), "x.json")
    assert "Added 1 cry with 1 rating." in response.content.decode()
    assert Cry.objects.get().ended_at == datetime.fromisoformat(first_of_2000)


CANNOT_HOLD = "cries[0].ended_at: is not a time crylog can hold (from 2000 to now)"


@pytest.mark.parametrize(
    ("ended_at", "message"),
    [
        ("0001-01-01T00:00:00+00:00", "ended_at: is before 2000"),
        ("0001-01-01T00:00:00-08:00", "ended_at: is before 2000"),
        ("0001-01-01T00:00:00+09:00", CANNOT_HOLD),  # a year 0 in UTC
        ("9999-12-31T23:59:59+00:00", "ended_at: is in the future"),
        ("9999-12-31T23:59:59+09:00", "ended_at: is in the future"),
        ("9999-12-31T23:59:59-08:00", CANNOT_HOLD),  # a year 10000 in UTC
    ],
)
def test_year_1_and_year_9999_are_refused_with_any_offset(
    owner_client: Client, user: User, ended_at: str, message: str
) -> None:
    user.timezone = "America/Los_Angeles"
    user.save()
    assert f"Line 1, {message}" in refused(owner_client, one_cry(ended_at), "x.json")


def test_a_rating_given_in_the_future_is_refused(owner_client: Client, user: User) -> None:
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=UTC), tick=False):
        ended = "2026-06-01T11:00:00+00:00"
        page = refused(owner_client, one_cry(ended, "2026-06-01T12:05:01+00:00"), "x.json")
        assert "given_at: is in the future" in page
        response = upload(owner_client, one_cry(ended, "2026-06-01T12:05:00+00:00"), "x.json")
        assert response.status_code == 302


# Size and strange characters.


def planned_cries(count: int) -> str:
    cry = json.loads(one_cry("2026-03-01T20:15:00+00:00")) | {}
    [item] = cry["cries"]
    items = [
        json.dumps(item | {"ended_at": None, "planned": True, "ratings": []}) for _ in range(count)
    ]
    return '{"format": "crylog-export", "version": 1, "cries": [\n' + ",\n".join(items) + "\n]}"


def test_a_file_of_more_than_20000_cries_is_refused_with_the_limit(owner_client: Client) -> None:
    page = refused(owner_client, planned_cries(20_001), "export.json")
    assert "it holds more than 20,000 cries, and one import adds at most 20,000" in page


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_the_limit_on_cries_holds_at_its_edge(
    owner_client: Client, user: User, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    text = exported_then_deleted(owner_client, user, kind)  # four cries
    monkeypatch.setattr("crylog.yourdata.reading.MAX_CRIES", 3)
    assert "one import adds at most 3" in refused(owner_client, text, f"export.{kind}")
    monkeypatch.setattr("crylog.yourdata.reading.MAX_CRIES", 4)
    assert "Added 4 cries" in import_file(owner_client, text, f"export.{kind}").content.decode()


def test_planned_cries_repeated_in_a_file_are_added_once(owner_client: Client, user: User) -> None:
    response = import_file(owner_client, planned_cries(1000), "export.json")
    assert "Added 1 cry with 0 ratings. Skipped 999 cries already here" in response.content.decode()
    assert Cry.objects.filter(user=user).count() == 1


def test_a_nul_character_in_a_json_note_is_refused(owner_client: Client) -> None:
    text = one_cry("2026-03-01T20:15:00+00:00").replace('"note": ""', '"note": "a\\u0000b"')
    page = refused(owner_client, text, "export.json")
    assert "cries[0].note: holds a NUL character" in page


def test_a_nul_byte_in_a_csv_is_refused_naming_its_line(owner_client: Client, user: User) -> None:
    rows = set_cell(exported_csv(owner_client, user), 4, "note", "a\x00b")
    assert "Line 4: holds a NUL character" in refused(owner_client, as_csv(rows))


def test_a_json_number_of_more_than_4300_digits_is_refused(owner_client: Client) -> None:
    text = one_cry("2026-03-01T20:15:00+00:00").replace('"valence": 40', '"valence": ' + "9" * 4301)
    page = refused(owner_client, text, "export.json")
    assert "not valid JSON (it has a number of more than 4,300 digits)" in page
    # 4,300 digits can be read, and are then refused as a valence.
    text = text.replace("9" * 4301, "9" * 4300)
    assert "valence: must be from 0 to 100" in refused(owner_client, text, "export.json")
