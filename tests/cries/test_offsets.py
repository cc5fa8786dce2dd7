"""An end time's offset from UTC: only one a time zone has (−12:00 to +14:00, in quarter
hours) passes, in every form that takes a time and in the import; any other is a clear
message with nothing saved, on SQLite and on PostgreSQL (which refuses some outright)."""

import uuid
from datetime import UTC, datetime, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo, available_timezones

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from crylog.accounts.models import User
from crylog.cries.models import OFFSET_MAX, OFFSET_MIN, Cry, offset_problem
from tests.conftest import make_cry
from tests.yourdata.test_import import export, import_file, one_cry, refused

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
YESTERDAY = "2026-05-31T10:00:00"
MESSAGE = "offset from UTC is one no time zone has"
# Just inside the rule: its two ends, a zone off the whole hour, and UTC itself.
REAL = ["+14:00", "-12:00", "+05:45", "+12:45", "-09:30", "+00:00", "Z"]
# Just outside: a quarter hour past either end, a minute past either end, minutes between
# quarter hours, seconds, and what was seen reaching the database.
UNREAL = ["+14:15", "-12:15", "+14:01", "-12:01", "+05:40", "+05:45:30", "+20:00", "-23:59"]


@pytest.fixture(autouse=True)
def _frozen() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.mark.parametrize("offset", REAL)
def test_a_check_in_with_an_offset_a_time_zone_has_is_saved_at_that_instant(
    owner_client: Client, user: User, offset: str
) -> None:
    ended_at = YESTERDAY + offset
    response = owner_client.post(reverse("cry-create"), {"valence": "50", "ended_at": ended_at})
    assert response.status_code == 302
    assert Cry.objects.get(user=user).ended_at == instant(ended_at)


@pytest.mark.parametrize("offset", UNREAL)
def test_a_check_in_with_an_offset_no_time_zone_has_is_refused_with_nothing_saved(
    owner_client: Client, offset: str
) -> None:
    response = owner_client.post(
        reverse("cry-create"), {"valence": "50", "ended_at": YESTERDAY + offset}
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Cry.objects.exists()


def test_the_end_of_1999_with_a_far_western_offset_is_refused(owner_client: Client) -> None:
    response = owner_client.post(
        reverse("cry-create"), {"valence": "50", "ended_at": "1999-12-31T23:59:59-23:59"}
    )
    assert MESSAGE in response.content.decode()
    assert not Cry.objects.exists()


@pytest.mark.parametrize(("offset", "saved"), [("+14:00", True), ("+14:15", False)])
def test_a_check_in_sent_from_the_offline_queue_keeps_the_same_rule(
    owner_client: Client, user: User, offset: str, saved: bool
) -> None:
    ended_at = YESTERDAY + offset
    data = {
        "valence": "50",
        "ended_at": ended_at,
        "client_id": str(uuid.uuid4()),
        "owner": str(user.pk),
    }
    response = owner_client.post(reverse("cry-create"), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert (MESSAGE in response.content.decode()) is not saved
    assert list(Cry.objects.values_list("ended_at", flat=True)) == (
        [instant(ended_at)] if saved else []
    )


@pytest.mark.parametrize(("offset", "saved"), [("-12:00", True), ("-12:15", False)])
def test_the_details_form_keeps_the_same_rule(
    owner_client: Client, user: User, offset: str, saved: bool
) -> None:
    before = NOW - timedelta(hours=1)
    cry = make_cry(user, ended_at=before)
    ended_at = YESTERDAY + offset
    response = owner_client.post(reverse("cry-details", args=[cry.pk]), {"ended_at": ended_at})
    assert response.status_code == (302 if saved else 200)
    assert (MESSAGE in response.content.decode()) is not saved
    cry.refresh_from_db()
    assert cry.ended_at == (instant(ended_at) if saved else before)


@pytest.mark.parametrize(("offset", "saved"), [("+14:00", True), ("+14:15", False)])
def test_an_imported_end_time_keeps_the_same_rule(
    owner_client: Client, offset: str, saved: bool
) -> None:
    ended_at = YESTERDAY + offset
    text = one_cry(ended_at, given_at=ended_at)
    if saved:
        response = import_file(owner_client, text, "export.json")
        assert "Added 1 cry with 1 rating." in response.content.decode()
        assert Cry.objects.get().ended_at == instant(ended_at)
    else:
        page = refused(owner_client, text, "export.json")
        assert "Line 1, cries[0].ended_at: has an offset from UTC that no time zone has" in page
        assert "ratings[0].given_at: has an offset from UTC that no time zone has" in page
        assert not Cry.objects.exists()


@pytest.mark.parametrize(("offset", "saved"), [("-12:00", True), ("-12:01", False)])
def test_an_imported_csv_end_time_keeps_the_same_rule(
    owner_client: Client, user: User, offset: str, saved: bool
) -> None:
    make_cry(user, ended_at=instant(YESTERDAY + "+00:00"))
    text = export(owner_client, "csv")
    Cry.objects.all().delete()
    text = text.replace(YESTERDAY + "+00:00", YESTERDAY + offset)
    if saved:
        response = import_file(owner_client, text)
        assert "Added 1 cry with 1 rating." in response.content.decode()
        assert Cry.objects.get().ended_at == instant(YESTERDAY + offset)
    else:
        assert "Line 2, ended_at: has an offset from UTC that no time zone has" in refused(
            owner_client, text
        )


def test_every_offset_a_time_zone_has_had_since_2000_passes() -> None:
    # Every other week: daylight saving lasts months, so no offset is missed.
    moments = [datetime(2000, 1, 1, tzinfo=UTC) + timedelta(weeks=n) for n in range(0, 2000, 2)]
    offsets: set[timedelta] = set()
    for name in available_timezones():
        zone = ZoneInfo(name)
        offsets.update(moment.astimezone(zone).utcoffset() or timedelta() for moment in moments)
    assert (min(offsets), max(offsets)) == (OFFSET_MIN, OFFSET_MAX)
    for offset in offsets:
        assert offset_problem(datetime(2026, 5, 31, 10, tzinfo=dt_timezone(offset))) is None
