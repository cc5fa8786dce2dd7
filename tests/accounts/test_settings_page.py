import pytest
from django.test import Client
from django.urls import reverse

from crylog.accounts.models import User
from tests.conftest import CryFactory, make_user

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_it_saves_timezone_and_follow_up_preferences(owner_client: Client, user: User) -> None:
    response = owner_client.post(
        reverse("account-settings"),
        {"timezone": "America/Chicago", "followup_delay_minutes": "120", "followup_after_20": "on"},
        follow=True,
    )
    user.refresh_from_db()
    assert (user.timezone, user.followup_delay_minutes, user.followup_after_20) == (
        "America/Chicago",
        120,
        True,
    )
    assert "Settings saved." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"timezone": "Mars/Olympus", "followup_delay_minutes": "90"}, "Select a valid choice"),
        (
            {"timezone": "Europe/Berlin", "followup_delay_minutes": "5"},
            "greater than or equal to 30",
        ),
        ({"timezone": "Europe/Berlin", "followup_delay_minutes": "soon"}, "Enter a whole number"),
    ],
)
def test_bad_settings_are_refused_with_a_message_and_nothing_changes(
    owner_client: Client, user: User, data: dict[str, str], message: str
) -> None:
    response = owner_client.post(reverse("account-settings"), data)
    assert message in response.content.decode()
    user.refresh_from_db()
    assert (user.timezone, user.followup_delay_minutes) == ("Europe/Berlin", 90)


def test_the_browser_fills_in_the_timezone_on_a_first_visit(client: Client) -> None:
    person = make_user(timezone="")
    client.force_login(person)
    assert "data-timezone-url" in client.get(reverse("cry-home")).content.decode()
    client.post(reverse("account-timezone"), {"timezone": "Asia/Tokyo"}, headers=HTMX)
    person.refresh_from_db()
    assert person.timezone == "Asia/Tokyo"
    assert "data-timezone-url" not in client.get(reverse("cry-home")).content.decode()


def test_the_browser_never_overrides_a_chosen_timezone(owner_client: Client, user: User) -> None:
    owner_client.post(reverse("account-timezone"), {"timezone": "Asia/Tokyo"}, headers=HTMX)
    user.refresh_from_db()
    assert user.timezone == "Europe/Berlin"


def test_an_unknown_browser_timezone_is_ignored(client: Client) -> None:
    person = make_user(timezone="")
    client.force_login(person)
    response = client.post(reverse("account-timezone"), {"timezone": "Nowhere/Land"}, headers=HTMX)
    person.refresh_from_db()
    assert response.status_code == 400
    assert person.timezone == ""


def test_times_are_shown_in_the_persons_timezone(
    owner_client: Client, user: User, cry_factory: CryFactory
) -> None:
    from datetime import UTC, datetime

    cry = cry_factory(user, ended_at=datetime(2026, 7, 1, 20, 30, tzinfo=UTC))
    page = owner_client.get(cry.get_absolute_url()).content.decode()
    assert "10:30\u00a0PM" in page  # Berlin in summer is UTC+2
