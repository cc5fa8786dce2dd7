"""A study's export and codebook: the rows of a known set of ratings, who and what is left
out, the codebook against the columns, a read-back with the codebook's types, a property test
that nothing identifying ever leaves, and the two downloads' permissions and log."""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.models import Cry, Moment, MoodRating
from crylog.studies import export, services
from crylog.studies.models import ExportLog, Participant, Study
from tests.conftest import make_user
from tests.studies.factories import CONSENT, join, make_researcher, make_study

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday
BASE = [
    "participant",
    "cry",
    "moment",
    "valence",
    "arousal",
    "relief",
    "minutes_since_cry_end",
    "minutes_since_reminder",
    "late",
    "recalled",
    "minutes_since_joined",
    "local_hour",
    "weekday",
    "consent_version",
]
# fmt: off
DETAILS = [
    "intensity", "duration", "company", "company_known", "support", "held_back", "shame",
    "triggers", "feelings", "resolved", "new_understanding",
]
# fmt: on


def rate(cry: Cry, moment: str, valence: int, given_at: datetime, **fields: Any) -> MoodRating:
    return MoodRating.objects.create(
        cry=cry, moment=moment, valence=valence, given_at=given_at, **fields
    )


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def known_study(**fields: Any) -> tuple[Study, Participant, Participant]:
    """Two participants: one in Berlin with two cries (details, a note, an own trigger, a
    late follow-up), one in New York with a planned cry whose before was given at the time."""
    fields.setdefault("collects_details", True)
    study = make_study(starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 31), **fields)
    berlin = join(study, make_user("berlin@example.com"), at=at("2026-03-02T08:00"))
    first = Cry.objects.create(
        user=berlin.user,
        ended_at=at("2026-03-02T20:00"),
        intensity=3,
        duration="5-15",
        company="alone",
        support=False,
        triggers=["loss", "media"],
        feelings=["sad", "moved"],
        note="=Only for me, Anna Schmidt",
    )
    first.own_triggers.add(cry_services.own_trigger_add(user=berlin.user, name="My sister"))
    rate(first, Moment.BEFORE, 60, at("2026-03-02T20:01"), is_recalled=True)
    rate(first, Moment.RIGHT_AFTER, 45, at("2026-03-02T20:01"), arousal=70)
    rate(
        first,
        Moment.AFTER_90,
        65,
        at("2026-03-02T21:35"),
        relief=3,
        minutes_since_end=95.04,
        minutes_since_reminder=5.0,
    )
    second = Cry.objects.create(user=berlin.user, ended_at=at("2026-03-03T22:30"))
    rate(second, Moment.RIGHT_AFTER, 40, at("2026-03-03T22:30"))
    rate(
        second,
        Moment.AFTER_90,
        50,
        at("2026-03-04T01:30"),
        minutes_since_end=180.0,
        minutes_since_reminder=90.0,
        is_late=True,
    )
    york = join(
        study,
        make_user("york@example.com", timezone="America/New_York"),
        at=at("2026-03-01T15:00"),
    )
    planned = Cry.objects.create(user=york.user, ended_at=at("2026-03-02T02:00"), planned=True)
    rate(planned, Moment.BEFORE, 55, at("2026-03-02T01:00"), is_recalled=False)
    rate(planned, Moment.RIGHT_AFTER, 30, at("2026-03-02T02:05"))
    # Codes in the opposite order to joining, so that the rows' order is the codes'.
    Participant.objects.filter(pk=berlin.pk).update(code="BBBBBB")
    Participant.objects.filter(pk=york.pk).update(code="YYYYYY")
    berlin.refresh_from_db()
    york.refresh_from_db()
    return study, berlin, york


def cry_code(participant: Participant, ended_at: str) -> str:
    return participant.cries.get(cry__ended_at=at(ended_at)).code


def test_the_export_holds_one_row_per_rating_in_order_with_relative_times(frozen: None) -> None:
    study, berlin, york = known_study()
    rows = export.study_table(study)
    assert rows[0] == BASE + DETAILS
    first = cry_code(berlin, "2026-03-02T20:00")
    second = cry_code(berlin, "2026-03-03T22:30")
    planned = cry_code(york, "2026-03-02T02:00")
    b, y = berlin.code, york.code
    told = ["3", "5-15", "alone", "", "false", "", "", "loss;media", "sad;moved", "", ""]
    untold = [""] * len(DETAILS)
    # fmt: off
    berlin_rows = [
        # Berlin is an hour ahead of UTC; 2 March 2026 is a Monday.
        [b, first, "before", "60", "", "", "1.0", "", "false", "true", "721", "21", "1", "1", *told],
        [b, first, "right_after", "45", "70", "", "1.0", "", "false", "", "721", "21", "1", "1", *told],
        [b, first, "after_90", "65", "", "3", "95.0", "5.0", "false", "", "815", "22", "1", "1", *told],
        # Logged at 23:30 on Tuesday, answered late at 02:30 on Wednesday, Berlin time.
        [b, second, "right_after", "40", "", "", "0.0", "", "false", "", "2310", "23", "2", "1", *untold],
        [b, second, "after_90", "50", "", "", "180.0", "90.0", "true", "", "2490", "2", "3", "1", *untold],
    ]
    york_rows = [
        # New York is five hours behind UTC (before 8 March): Sunday evening there.
        [y, planned, "before", "55", "", "", "-60.0", "", "false", "false", "600", "20", "7", "1", *untold],
        [y, planned, "right_after", "30", "", "", "5.0", "", "false", "", "665", "21", "7", "1", *untold],
    ]
    # fmt: on
    assert rows[1:] == berlin_rows + york_rows


def test_rows_come_by_participant_code_then_cry_then_moment_whatever_the_order_given() -> None:
    def plain(participant: str, order: int, moment: str) -> export.Rating:
        return export.Rating(
            participant=participant,
            cry=f"C{order}",
            cry_order=order,
            moment=moment,
            valence=50,
            given_at=NOW,
            cry_ended_at=NOW,
            joined_at=NOW - timedelta(days=1),
            zone=UTC,
            consent_version=1,
        )

    ordered = [
        plain(participant, order, moment)
        for participant in ("AAAAAA", "BBBBBB")
        for order in (1, 2, 10)
        for moment in export.MOMENTS
    ]
    rows = export.table(reversed(ordered), details=False, notes=False)[1:]
    assert [(row[0], row[1], row[2]) for row in rows] == [
        (rating.participant, rating.cry, rating.moment) for rating in ordered
    ]


def test_relative_times_at_their_edges() -> None:
    """Minutes since joining round down (59 seconds in is minute 0, a second before joining
    is minute −1); the hour follows the participant's clock across a change to summer time;
    a rating a moment before the cry's end is 0.0 minutes, never −0.0."""
    joined = datetime(2026, 3, 29, 0, 0, tzinfo=UTC)

    def cells(given_at: datetime, **fields: Any) -> dict[str, str]:
        rating = export.Rating(
            participant="AAAAAA",
            cry="CCCCCC",
            cry_order=1,
            moment=Moment.RIGHT_AFTER,
            valence=50,
            given_at=given_at,
            cry_ended_at=fields.pop("ended", given_at),
            joined_at=joined,
            zone=ZoneInfo("Europe/Berlin"),
            consent_version=1,
            **fields,
        )
        header, row = export.table([rating], details=False, notes=False)
        return dict(zip(header, row, strict=True))

    assert cells(joined + timedelta(seconds=59))["minutes_since_joined"] == "0"
    assert cells(joined + timedelta(seconds=60))["minutes_since_joined"] == "1"
    assert cells(joined - timedelta(seconds=1))["minutes_since_joined"] == "-1"
    # Berlin moves from 02:00 to 03:00 at 01:00 UTC on 29 March 2026, a Sunday.
    assert cells(datetime(2026, 3, 29, 0, 59, tzinfo=UTC))["local_hour"] == "1"
    assert cells(datetime(2026, 3, 29, 1, 0, tzinfo=UTC))["local_hour"] == "3"
    assert cells(joined)["weekday"] == "7"
    assert cells(joined, ended=joined + timedelta(seconds=2))["minutes_since_cry_end"] == "0.0"
    assert cells(joined, ended=joined + timedelta(seconds=3))["minutes_since_cry_end"] == "-0.1"
    stored = cells(joined, ended=joined, minutes_since_end=90.05, minutes_since_reminder=0.04)
    assert (stored["minutes_since_cry_end"], stored["minutes_since_reminder"]) == ("90.0", "0.0")


def test_no_email_user_id_cry_id_date_own_trigger_or_uncollected_note_goes_out(
    frozen: None,
) -> None:
    study, berlin, _york = known_study()
    text = export.csv_text(export.study_table(study))
    for absent in [
        "berlin@example.com",
        "york@example.com",
        "My sister",
        "Anna Schmidt",
        "2026",
        "20:00",
    ]:
        assert absent not in text
    header = text.splitlines()[0].split(",")
    assert not {"id", "user", "user_id", "email", "cry_id", "note", "own_triggers"} & set(header)
    assert str(berlin.user.pk) not in {row[0] for row in export.study_table(study)}


def test_the_note_goes_out_only_when_the_study_collects_notes_and_cannot_run_as_a_formula(
    frozen: None,
) -> None:
    study, berlin, _york = known_study(collects_notes=True)
    rows = export.study_table(study)
    assert rows[0] == [*BASE, *DETAILS, "note"]
    first = cry_code(berlin, "2026-03-02T20:00")
    assert {row[-1] for row in rows[1:] if row[1] == first} == {"'=Only for me, Anna Schmidt"}
    assert {row[-1] for row in rows[1:] if row[1] != first} == {""}
    assert "My sister" not in export.csv_text(rows)


def test_the_details_go_out_only_when_the_study_collects_them(frozen: None) -> None:
    study, _berlin, _york = known_study(collects_details=False)
    rows = export.study_table(study)
    assert rows[0] == BASE
    assert all(len(row) == len(BASE) for row in rows)
    assert "loss;media" not in export.csv_text(rows)


def test_a_participant_who_withdrew_asking_for_deletion_is_absent(frozen: None) -> None:
    study, berlin, york = known_study()
    services.participant_withdraw(participant=berlin, keep=False, now=timezone.now())
    assert {row[0] for row in export.study_table(study)[1:]} == {york.code}


def test_a_participant_who_withdrew_keeping_the_data_is_there_up_to_withdrawal(
    frozen: None,
) -> None:
    study, berlin, york = known_study()
    # Withdrawn between the first cry and the second.
    services.participant_withdraw(participant=berlin, keep=True, now=at("2026-03-03T12:00"))
    rows = export.study_table(study)[1:]
    assert {row[1] for row in rows if row[0] == berlin.code} == {
        cry_code(berlin, "2026-03-02T20:00")
    }
    assert len([row for row in rows if row[0] == berlin.code]) == 3
    assert len([row for row in rows if row[0] == york.code]) == 2


def test_a_cry_kept_out_is_absent_and_let_in_again_is_there(frozen: None) -> None:
    study, berlin, _york = known_study()
    cry = Cry.objects.get(user=berlin.user, ended_at=at("2026-03-03T22:30"))
    services.cry_keep_out(participant=berlin, cry=cry, excluded=True)
    code = cry_code(berlin, "2026-03-03T22:30")
    assert code not in {row[1] for row in export.study_table(study)}
    services.cry_keep_out(participant=berlin, cry=cry, excluded=False)
    assert code in {row[1] for row in export.study_table(study)}


def test_a_participant_waiting_to_agree_to_a_new_consent_is_absent_until_they_do(
    frozen: None,
) -> None:
    study, _berlin, york = known_study()
    services.study_update(study=study, changes={}, consent_text=CONSENT + " Changed.")
    assert export.study_table(study)[1:] == []
    services.consent_agree(participant=york, consent_number=2, now=timezone.now())
    rows = export.study_table(study)[1:]
    assert {row[0] for row in rows} == {york.code}
    assert {row[BASE.index("consent_version")] for row in rows} == {"2"}


@pytest.mark.parametrize("details", [True, False])
@pytest.mark.parametrize("notes", [True, False])
def test_the_codebook_has_one_row_per_column_of_the_export_in_its_order(
    frozen: None, details: bool, notes: bool
) -> None:
    study, _berlin, _york = known_study(collects_details=details, collects_notes=notes)
    book = export.study_codebook(study)
    assert book[0] == ["column", "type", "values", "description"]
    assert [row[0] for row in book[1:]] == export.study_table(study)[0]
    assert all(row[1] in export.TYPES and row[3] for row in book[1:])


def test_the_codebook_is_in_english_whatever_the_researchers_language(frozen: None) -> None:
    study, _berlin, _york = known_study()
    english = export.study_codebook(study)
    with translation.override("de"):
        assert export.study_codebook(study) == english
    values = {row[0]: row[2] for row in english}
    assert (
        values["company"] == "alone = alone | one = with one person | several = with several people"
    )
    assert "7 = Sunday" in values["weekday"]


# An independent reader: the csv module, each cell converted by the codebook's type. -------


class DoesNotFit(ValueError):
    pass


RANGE = re.compile(r"(-?\d+)–(-?\d+)")
ONE_DECIMAL = re.compile(r"-?\d+\.\d")


def allowed_codes(values: str) -> list[str]:
    """``a = meaning | b = meaning`` → ``["a", "b"]``."""
    pairs = [item.split(" = ", 1) for item in values.split(" | ")]
    if not all(len(pair) == 2 and pair[0] for pair in pairs):
        raise DoesNotFit(f"not a list of codes: {values!r}")
    return [code for code, _meaning in pairs]


def convert(cell: str, kind: str, values: str) -> object:
    if cell == "":
        return None
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", cell):
            raise DoesNotFit(f"{cell!r} is not a whole number")
        number = int(cell)
        if bounds := RANGE.fullmatch(values):
            if not int(bounds[1]) <= number <= int(bounds[2]):
                raise DoesNotFit(f"{cell} is outside {values}")
        elif " = " in values and cell not in allowed_codes(values):
            raise DoesNotFit(f"{cell} is not one of {values}")
        return number
    if kind == "number":
        if not ONE_DECIMAL.fullmatch(cell) or not math.isfinite(float(cell)):
            raise DoesNotFit(f"{cell!r} is not a number with one decimal")
        return float(cell)
    if kind == "boolean":
        if cell not in ("true", "false"):
            raise DoesNotFit(f"{cell!r} is not true or false")
        return cell == "true"
    if kind == "category":
        if cell not in allowed_codes(values):
            raise DoesNotFit(f"{cell!r} is not one of {values}")
        return cell
    if kind == "list":
        items = cell.split(";")
        codes = allowed_codes(values)
        if any(item not in codes for item in items) or len(set(items)) != len(items):
            raise DoesNotFit(f"{cell!r} is not a list of {values}")
        return items
    if kind == "text":
        return cell
    raise DoesNotFit(f"unknown type {kind!r}")


def read_back(export_text: str, codebook_text: str) -> list[dict[str, object]]:
    """The export as typed values, failing on any cell that does not fit the codebook."""
    book = list(csv.DictReader(io.StringIO(codebook_text, newline="")))
    lines = list(csv.reader(io.StringIO(export_text, newline="")))
    header = lines[0]
    if header != [entry["column"] for entry in book]:
        raise DoesNotFit("the codebook does not describe the export's columns in order")
    typed = []
    for line in lines[1:]:
        if len(line) != len(header):
            raise DoesNotFit(f"a row of {len(line)} cells under {len(header)} columns")
        typed.append(
            {
                entry["column"]: convert(cell, entry["type"], entry["values"])
                for cell, entry in zip(line, book, strict=True)
            }
        )
    return typed


def test_the_reader_refuses_a_cell_that_does_not_fit() -> None:
    for cell, kind, values in [
        ("101", "integer", "0–100"),
        ("8", "integer", "1 = Monday | 7 = Sunday"),
        ("4.5", "integer", "0–100"),
        ("95", "number", "minutes, one decimal"),
        ("yes", "boolean", "true | false"),
        ("Sad", "category", "sad = sad"),
        ("sad;sad", "list", "sad = sad | moved = moved"),
        ("x", "date", ""),
    ]:
        with pytest.raises(DoesNotFit):
            convert(cell, kind, values)


def test_the_downloads_read_back_with_the_codebooks_types(frozen: None) -> None:
    study, berlin, york = known_study(collects_notes=True)
    client = Client()
    client.force_login(study.researcher)
    data = client.get(reverse("study-export", args=[study.pk])).content
    book = client.get(reverse("study-codebook", args=[study.pk])).content
    assert not data.startswith(b"\xef\xbb\xbf")  # no byte order mark before "participant"
    assert data.count(b"\r\n") == 8  # RFC 4180: CRLF after the header and each of 7 rows
    rows = read_back(data.decode(), book.decode())
    assert len(rows) == 7
    assert rows[0]["valence"] in (60, 55)
    late = [row for row in rows if row["late"]]
    assert (
        late
        == [
            row for row in rows if row["participant"] == berlin.code and row["moment"] == "after_90"
        ][1:]
    )
    assert {row["participant"] for row in rows} == {berlin.code, york.code}
    by_moment = {(row["participant"], row["moment"]): row for row in rows}
    assert by_moment[(york.code, "before")]["minutes_since_cry_end"] == -60.0
    assert by_moment[(berlin.code, "before")]["triggers"] == ["loss", "media"]


# Nothing identifying ever leaves: a property over random studies. -------------------------

emails = st.emails().filter(lambda e: len(e) < 150)
# A note with a sign no cell of the other columns can hold (they are digits, codes and
# words of ASCII letters), so that finding it in a cell means the note went out.
notes = (
    st.tuples(st.text(max_size=100), st.sampled_from(" ,\"\n'=é✎"), st.text(max_size=100))
    .map("".join)
    .filter(lambda text: "\x00" not in text)
)  # PostgreSQL cannot keep a NUL
zones = st.sampled_from(
    ["Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Pacific/Kiritimati", "UTC"]
)
person = st.fixed_dictionaries(
    {
        "email": emails,
        "note": notes,
        "zone": zones,
        "joined_after": st.integers(0, 3 * 24 * 60),  # minutes after the study's first day
        "cries": st.lists(st.integers(1, 5 * 24 * 60), min_size=1, max_size=3),
        "own_trigger": st.text(
            alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=20
        ).map(lambda name: f"Qzx{name}"),
    }
)
DATE_LIKE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2}"
)


def looks_like_a_date(cell: str) -> bool:
    if DATE_LIKE.search(cell):
        return True
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(cell)
        except ValueError:
            continue
        return True
    return False


def test_the_date_check_finds_dates() -> None:
    assert all(
        looks_like_a_date(cell)
        for cell in ["2026-03-04", "20260304", "4.3.2026", "03/04/26", "2026/3/4", "21:15"]
    )
    assert not any(looks_like_a_date(cell) for cell in ["2490", "-60.0", "loss;media", "23"])


class TestNothingIdentifyingLeaves(HypothesisTestCase):
    @settings(max_examples=30, deadline=None)
    @given(
        people=st.lists(
            person, min_size=1, max_size=3, unique_by=lambda p: str(p["email"]).lower()
        ),
        today=st.dates(min_value=date(2001, 1, 1), max_value=date(2035, 12, 31)),
        details=st.booleans(),
        collects_notes=st.booleans(),
    )
    def test_no_export_cell_holds_an_email_a_note_not_collected_or_a_date(
        self, people: list[dict[str, Any]], today: date, details: bool, collects_notes: bool
    ) -> None:
        now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(days=10)
        with time_machine.travel(now, tick=False):
            study = make_study(
                make_researcher(f"researcher-{today.isoformat()}@example.org"),
                starts_on=today,
                ends_on=today + timedelta(days=30),
                collects_details=details,
                collects_notes=collects_notes,
            )
            start = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(days=1)
            users = []
            for who in people:
                user = make_user(who["email"], timezone=who["zone"])
                users.append(user)
                joined = start + timedelta(minutes=who["joined_after"])
                join(study, user, at=joined)
                own = cry_services.own_trigger_add(user=user, name=who["own_trigger"])
                for after in who["cries"]:
                    ended = min(joined + timedelta(minutes=after), now)
                    cry = Cry.objects.create(
                        user=user, ended_at=ended, note=who["note"], triggers=["loss"]
                    )
                    cry.own_triggers.add(own)
                    rate(cry, Moment.BEFORE, 50, ended, is_recalled=True)
                    rate(cry, Moment.AFTER_90, 70, ended + timedelta(minutes=90))
            rows = export.study_table(study)
        header, cells = rows[0], rows[1:]
        assert len(cells) == 2 * sum(len(who["cries"]) for who in people)
        chosen = export.columns(details=details, notes=collects_notes)
        assert header == [column.name for column in chosen]
        assert not {"id", "user", "user_id", "email", "cry_id"} & set(header)
        user_ids = {str(user.pk) for user in users}
        note_at = header.index("note") if collects_notes else None
        for row in cells:
            assert row[0] not in user_ids
            for index, cell in enumerate(row):
                if index == note_at:
                    assert cell in {export.neutralised(who["note"]) for who in people}
                    continue
                for who in people:
                    assert who["email"].lower() not in cell.lower()
                    assert who["note"] not in cell
                    assert who["own_trigger"] not in cell
                assert not looks_like_a_date(cell), f"{header[index]}: {cell!r}"


# The downloads ----------------------------------------------------------------------------


def test_the_researcher_downloads_the_export_and_the_codebook_each_logged(frozen: None) -> None:
    study, _berlin, _york = known_study()
    client = Client()
    client.force_login(study.researcher)
    for name, what, rows in [("study-export", "ratings", 7), ("study-codebook", "codebook", 25)]:
        response = client.get(reverse(name, args=[study.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert (
            response["Content-Disposition"] == f'attachment; filename="study-{study.pk}-{what}.csv"'
        )
        assert "no-store" in response["Cache-Control"]
        log = ExportLog.objects.get(what=what)
        assert (log.study, log.researcher, log.rows, log.at) == (
            study,
            study.researcher,
            rows,
            NOW,
        )
    client.get(reverse("study-export", args=[study.pk]))
    assert ExportLog.objects.filter(study=study, what="ratings").count() == 2


def outsiders(study: Study, participant: Participant) -> dict[str, User]:
    revoked = study.researcher
    return {
        "another researcher": make_researcher(),
        "a participant": participant.user,
        "a person without the permission": make_user(),
        "the researcher whose permission was revoked": revoked,
    }


@pytest.mark.parametrize("name", ["study-export", "study-codebook"])
def test_anyone_but_the_studys_researcher_gets_a_404_and_nothing_is_logged(
    frozen: None, name: str
) -> None:
    study, berlin, _york = known_study()
    mine = make_study(make_researcher())  # another researcher's study, for its own researcher
    url = reverse(name, args=[study.pk])
    checks = outsiders(study, berlin)
    services.researcher_revoke(user=study.researcher)
    for who, user in checks.items():
        client = Client()
        client.force_login(User.objects.get(pk=user.pk))
        assert client.get(url).status_code == 404, who
    other = Client()
    other.force_login(mine.researcher)
    assert other.get(url).status_code == 404
    assert other.get(reverse(name, args=[mine.pk])).status_code == 200
    assert other.get(reverse(name, args=[study.pk + 1000])).status_code == 404
    assert ExportLog.objects.filter(study=study).count() == 0


@pytest.mark.parametrize("name", ["study-export", "study-codebook"])
def test_a_visitor_is_sent_to_sign_in_and_a_post_is_refused(frozen: None, name: str) -> None:
    study, _berlin, _york = known_study()
    url = reverse(name, args=[study.pk])
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client = Client()
    client.force_login(study.researcher)
    assert client.post(url).status_code == 405
    assert not ExportLog.objects.exists()
