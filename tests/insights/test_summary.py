"""The summary of chosen dates: the person's page, and what it never shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries.models import Moment
from crylog.insights import summary
from crylog.sharing.services import share_link_create
from tests.conftest import NOON, make_cry, make_user

RATINGS: dict[str, int] = {Moment.BEFORE: 50, Moment.RIGHT_AFTER: 35, Moment.AFTER_90: 70}
pytestmark = pytest.mark.django_db


def page(client: Client, query: str) -> str:
    response = client.get(reverse("insights-summary") + query)
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


def test_it_counts_the_cries_of_the_chosen_days_in_the_persons_zone(
    owner_client: Client, user: User, clock: TimeMachineFixture
) -> None:
    # Berlin (UTC+2 in summer): 1 May begins at 30 April 22:00 UTC, 31 May ends at 22:00 UTC.
    inside = [datetime(2026, 4, 30, 22, 0, tzinfo=UTC), datetime(2026, 5, 31, 21, 59, tzinfo=UTC)]
    outside = [datetime(2026, 4, 30, 21, 59, tzinfo=UTC), datetime(2026, 5, 31, 22, 0, tzinfo=UTC)]
    for ended_at in inside + outside:
        make_cry(user, ended_at=ended_at, ratings=RATINGS)
    html = page(owner_client, "?from=2026-05-01&to=2026-05-31")
    assert "2 cries in these dates." in html
    assert "Summary of cries from 1 May 2026 to 31 May 2026" in html


def test_it_shows_dip_ninety_minutes_groups_and_weeks_with_their_n(
    owner_client: Client, user: User, clock: TimeMachineFixture
) -> None:
    for day in range(6):
        make_cry(user, ended_at=NOON - timedelta(days=day + 1), ratings=RATINGS, support=True)
    html = page(owner_client, "?from=2026-05-01&to=2026-06-01")
    assert "Your dip and recovery" in html
    assert "(6 cries with both ratings;" in html
    assert "In 6 of your 6 cries with a 90-minute check-in you felt better" in html
    assert "What went with a bigger change" in html
    assert "received comfort" in html.lower()
    assert "Only this group has enough cries to show." in html
    assert "Cries per week" in html
    assert 'data-figure="chart-dip-figure"' in html
    assert "insights/summary.css" in html
    assert "as logged on" in html


def test_with_no_dates_it_shows_the_last_90_days(
    owner_client: Client, user: User, clock: TimeMachineFixture
) -> None:
    make_cry(user, ended_at=NOON - timedelta(days=89), ratings=RATINGS)
    make_cry(user, ended_at=NOON - timedelta(days=91), ratings=RATINGS)
    html = page(owner_client, "")
    assert "from 4 March 2026 to 1 June 2026" in html
    assert "One cry" in html


def test_notes_appear_only_when_ticked(
    owner_client: Client, user: User, clock: TimeMachineFixture
) -> None:
    make_cry(user, ended_at=NOON - timedelta(days=1), note="talked to my sister")
    assert "talked to my sister" not in page(owner_client, "?from=2026-05-01&to=2026-06-01")
    assert "talked to my sister" in page(owner_client, "?from=2026-05-01&to=2026-06-01&notes=on")


@pytest.mark.parametrize(
    "query",
    ["?from=2026-06-02&to=2026-06-01", "?from=2026-05-01&to=2026-06-02", "?from=x&to=2026-06-01"],
)
def test_wrong_dates_are_said_and_kept(
    owner_client: Client, clock: TimeMachineFixture, query: str
) -> None:
    response = owner_client.get(reverse("insights-summary") + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Summary of cries from" not in html
    assert 'class="error"' in html


def test_today_is_the_last_day_that_can_be_chosen(
    owner_client: Client, clock: TimeMachineFixture
) -> None:
    assert "Summary of cries from" in page(owner_client, "?from=2026-05-01&to=2026-06-01")


def test_the_summary_needs_someone_signed_in(client: Client) -> None:
    response = client.get(reverse("insights-summary"))
    assert response.status_code == 302


def test_the_page_is_not_indexed_nor_kept(owner_client: Client) -> None:
    response = owner_client.get(reverse("insights-summary"))
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]


def test_the_dashboard_links_to_the_summary(owner_client: Client) -> None:
    html = owner_client.get(reverse("insights-dashboard")).content.decode()
    assert f'href="{reverse("insights-summary")}"' in html


emails = st.emails().filter(lambda e: len(e) < 200)
# Prefixed, so that a name that happens to be a word of the page ("Trends") does not count.
names = st.text(alphabet=st.characters(categories=["L", "N"]), max_size=30).map(lambda n: f"Qzx{n}")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(email=emails, name=names)
def test_neither_the_email_address_nor_the_reminder_name_ever_appears(
    email: str, name: str
) -> None:
    """On the person's own summary page and on a link's, with notes or without."""
    person = make_user(email, reminder_name=name)
    try:
        now = datetime.now(UTC)
        for day in range(3):
            make_cry(
                person,
                ended_at=now - timedelta(days=day),
                ratings=RATINGS,
                note="a note",
            )
        client = Client()
        client.force_login(person)
        own = client.get(reverse("insights-summary"))
        today = summary.default_dates(now.astimezone(person.zone).date())
        query = f"?from={today[0]}&to={today[1]}&notes=on"
        own_with_notes = client.get(reverse("insights-summary") + query)
        _, token = share_link_create(
            user=person, first=today[0], last=today[1], with_notes=True, days=1, now=now
        )
        shared = Client().get(reverse("share-open", kwargs={"token": token}))
        for response in (own, own_with_notes, shared):
            assert response.status_code == 200
            html = response.content.decode().lower()
            assert email.lower() not in html
            assert name.lower() not in html
    finally:
        person.delete()
