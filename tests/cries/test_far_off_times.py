"""When a cry can have ended: from 2000 in the person's own time zone to five minutes from now,
in the check-in, the details form and the admin, whichever side of UTC the person lives on."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment, MoodRating, time_problem
from tests.conftest import make_cry, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ZONES = ["UTC", "Asia/Tokyo", "America/Los_Angeles"]
TOO_EARLY = "That is before 2000: please check the year."
IN_FUTURE = "That time is in the future."


@pytest.fixture(autouse=True)
def _frozen() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def person(zone: str, *, staff: bool = False) -> tuple[User, Client]:
    user = make_user(timezone=zone, is_staff=staff, is_superuser=staff)
    client = Client()
    client.force_login(user)
    return user, client


def local(zone: str, text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def check_in(client: Client, ended_at: str) -> str:
    response = client.post(reverse("cry-create"), {"valence": "50", "ended_at": ended_at})
    assert response.status_code in (200, 302)
    return response.content.decode() if response.status_code == 200 else ""


@pytest.mark.parametrize("zone", ZONES)
def test_a_check_in_from_year_1_is_refused_in_every_time_zone(zone: str) -> None:
    _, client = person(zone)
    assert TOO_EARLY in check_in(client, "0001-01-01T00:00")
    assert not Cry.objects.exists()


@pytest.mark.parametrize("zone", ZONES)
def test_a_check_in_from_year_9999_is_refused_in_every_time_zone(zone: str) -> None:
    _, client = person(zone)
    assert IN_FUTURE in check_in(client, "9999-12-31T23:59")
    assert not Cry.objects.exists()


@pytest.mark.parametrize("zone", ZONES)
def test_2000_begins_at_midnight_in_the_persons_own_time_zone(zone: str) -> None:
    user, client = person(zone)
    assert TOO_EARLY in check_in(client, "1999-12-31T23:59")
    assert not Cry.objects.exists()
    assert check_in(client, "2000-01-01T00:00") == ""
    assert Cry.objects.get(user=user).ended_at == local(zone, "2000-01-01T00:00")


@pytest.mark.parametrize("zone", ZONES)
def test_an_end_up_to_5_minutes_ahead_is_taken_and_a_minute_more_is_not(zone: str) -> None:
    user, client = person(zone)
    ahead = NOW.astimezone(ZoneInfo(zone))
    later = (ahead + timedelta(minutes=6)).strftime("%Y-%m-%dT%H:%M")
    assert IN_FUTURE in check_in(client, later)
    assert not Cry.objects.exists()
    assert check_in(client, (ahead + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")) == ""
    assert Cry.objects.get(user=user).ended_at == NOW + timedelta(minutes=5)


@pytest.mark.parametrize("zone", ZONES)
def test_the_details_form_keeps_the_same_limits(zone: str) -> None:
    user, client = person(zone)
    cry = make_cry(user, ended_at=NOW - timedelta(hours=1))
    url = reverse("cry-details", args=[cry.pk])
    page = client.post(url, {"ended_at": "1999-12-31T23:59"}).content.decode()
    assert TOO_EARLY in page
    page = client.post(url, {"ended_at": "0001-01-01T00:00"}).content.decode()
    assert TOO_EARLY in page
    cry.refresh_from_db()
    assert cry.ended_at == NOW - timedelta(hours=1)
    assert client.post(url, {"ended_at": "2000-01-01T00:00"}).status_code == 302
    cry.refresh_from_db()
    assert cry.ended_at == local(zone, "2000-01-01T00:00")


@pytest.mark.parametrize("zone", ZONES)
def test_pages_show_a_cry_from_the_first_minute_of_2000(zone: str) -> None:
    user, client = person(zone)
    cry = make_cry(user, ended_at=local(zone, "2000-01-01T00:00"))
    make_cry(user, ended_at=NOW - timedelta(days=1))
    for url in [
        reverse("cry-home"),
        reverse("cry-list"),
        cry.get_absolute_url(),
        reverse("insights-dashboard") + "?range=all",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    # Midnight in the person's own zone: the first minute of 2000 there.
    assert "Sat 1 Jan, 12:00\u00a0AM" in client.get(reverse("cry-list")).content.decode()


def admin_cry_change(client: Client, cry: Cry, day: str, time: str) -> str:
    response = client.post(
        reverse("admin:cries_cry_change", args=[cry.pk]),
        {
            "user": str(cry.user_id),
            "ended_at_0": day,
            "ended_at_1": time,
            "intensity": "",
            "duration": "",
            "company": "",
            "company_known": "",
            "support": "unknown",
            "held_back": "unknown",
            "shame": "",
            "triggers": "[]",
            "resolved": "",
            "new_understanding": "unknown",
            "note": "",
            "ratings-TOTAL_FORMS": "0",
            "ratings-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code in (200, 302)
    return response.content.decode() if response.status_code == 200 else ""


@pytest.mark.parametrize("zone", ZONES)
def test_staff_cannot_set_an_end_before_2000_or_in_the_future(zone: str) -> None:
    _staff, client = person(zone, staff=True)
    cry = make_cry(make_user(), ended_at=NOW - timedelta(days=1))
    assert TOO_EARLY in admin_cry_change(client, cry, "0001-01-01", "00:00:00")
    assert TOO_EARLY in admin_cry_change(client, cry, "1999-12-31", "23:59:59")
    in_future = (NOW.astimezone(ZoneInfo(zone)) + timedelta(minutes=5, seconds=1)).strftime(
        "%H:%M:%S"
    )
    assert IN_FUTURE in admin_cry_change(
        client, cry, NOW.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d"), in_future
    )
    cry.refresh_from_db()
    assert cry.ended_at == NOW - timedelta(days=1)
    assert admin_cry_change(client, cry, "2000-01-01", "00:00:00") == ""
    cry.refresh_from_db()
    assert cry.ended_at == local(zone, "2000-01-01T00:00")


@pytest.mark.parametrize("zone", ZONES)
def test_staff_anywhere_see_the_admin_lists_with_the_earliest_cry(zone: str) -> None:
    _, client = person(zone, staff=True)
    cry = make_cry(make_user(), ended_at=datetime(1999, 12, 31, 10, tzinfo=UTC))  # 2000 at UTC+14
    MoodRating.objects.filter(cry=cry).update(given_at=cry.ended_at)
    for name in ["admin:cries_cry_changelist", "admin:cries_moodrating_changelist"]:
        assert client.get(reverse(name)).status_code == 200
    assert (
        client.get(reverse("admin:cries_cry_changelist") + "?ended_at__year=1999").status_code
        == 200
    )


def test_the_database_refuses_a_time_from_long_before_2000() -> None:
    user = make_user()
    with pytest.raises(IntegrityError), transaction.atomic():
        Cry.objects.create(user=user, ended_at=datetime(1, 1, 1, tzinfo=UTC))
    with pytest.raises(IntegrityError), transaction.atomic():
        Cry.objects.create(user=user, ended_at=datetime(1999, 12, 30, 23, 59, tzinfo=UTC))
    cry = make_cry(user, ended_at=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        MoodRating.objects.create(
            cry=cry, moment=Moment.AFTER_90, valence=5, given_at=datetime(1, 1, 1, tzinfo=UTC)
        )


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", *ZONES])
def test_the_rule_never_overflows_at_the_ends_of_the_calendar(zone: str) -> None:
    earliest = datetime(1, 1, 1, tzinfo=ZoneInfo(zone))
    latest = datetime(9999, 12, 31, 23, 59, tzinfo=ZoneInfo(zone))
    assert time_problem(earliest, now=NOW, zone=ZoneInfo(zone)) == "is before 2000"
    assert time_problem(latest, now=NOW, zone=ZoneInfo(zone)) == "is in the future"
    assert time_problem(local(zone, "2000-01-01T00:00"), now=NOW, zone=ZoneInfo(zone)) is None


@pytest.mark.parametrize("zone", ZONES)
def test_staff_cannot_set_a_rating_given_before_2000(zone: str) -> None:
    _, client = person(zone, staff=True)
    cry = make_cry(make_user(), ended_at=NOW - timedelta(days=1))
    rating = cry.ratings.get()
    url = reverse("admin:cries_moodrating_change", args=[rating.pk])

    def change(day: str, time: str) -> int:
        data = {
            "cry": str(cry.pk),
            "moment": "right_after",
            "valence": "40",
            "arousal": "",
            "relief": "",
            "given_at_0": day,
            "given_at_1": time,
            "minutes_since_end": "",
            "minutes_since_reminder": "",
        }
        response = client.post(url, data)
        if response.status_code == 200:
            assert TOO_EARLY in response.content.decode()
        return response.status_code

    assert change("1999-12-31", "23:59:59") == 200
    rating.refresh_from_db()
    assert rating.given_at == NOW
    assert change("2000-01-01", "00:00:00") == 302
    rating.refresh_from_db()
    assert rating.given_at == local(zone, "2000-01-01T00:00")
