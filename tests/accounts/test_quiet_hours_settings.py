"""Setting quiet hours on the Settings page."""

from datetime import time

import pytest
from django.test import Client
from django.urls import reverse

from crylog.accounts.models import User

pytestmark = pytest.mark.django_db

URL = reverse("account-settings")
KEEP = {"timezone": "Europe/Berlin", "followup_delay_minutes": "90"}


def quiet_hours(user: User) -> tuple[time | None, time | None]:
    user.refresh_from_db()
    return user.quiet_start, user.quiet_end


def test_the_settings_page_shows_the_quiet_hours_as_time_inputs(client: Client) -> None:
    person = User.objects.create_user("new@example.com", "a long passphrase")
    client.force_login(person)
    html = client.get(URL).content.decode()
    assert 'type="time" name="quiet_start" value="23:00"' in html
    assert 'type="time" name="quiet_end" value="07:00"' in html
    assert "Quiet hours from" in html
    assert "Quiet hours until" in html


@pytest.mark.parametrize(
    ("start", "end", "saved"),
    [
        ("22:30", "06:45", (time(22, 30), time(6, 45))),
        ("13:00", "15:00", (time(13, 0), time(15, 0))),
        ("", "", (None, None)),
    ],
)
def test_a_person_sets_or_clears_their_quiet_hours(
    owner_client: Client, user: User, start: str, end: str, saved: tuple[time | None, time | None]
) -> None:
    response = owner_client.post(URL, {**KEEP, "quiet_start": start, "quiet_end": end}, follow=True)
    assert "Settings saved." in response.content.decode()
    assert quiet_hours(user) == saved


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("23:00", "", "Quiet hours need both a start and an end, or neither."),
        ("", "07:00", "Quiet hours need both a start and an end, or neither."),
        ("07:00", "07:00", "Quiet hours need an end different from their start."),
        ("25:00", "07:00", "Enter a valid time."),
    ],
)
def test_half_or_empty_quiet_hours_are_refused_and_nothing_changes(
    owner_client: Client, user: User, start: str, end: str, message: str
) -> None:
    user.quiet_start, user.quiet_end = time(23, 0), time(7, 0)
    user.save()
    response = owner_client.post(URL, {**KEEP, "quiet_start": start, "quiet_end": end})
    assert message in response.content.decode()
    assert quiet_hours(user) == (time(23, 0), time(7, 0))
