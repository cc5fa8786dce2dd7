"""The calendar file (.ics): one event per follow-up that calendars update when it moves.

Parsed with the icalendar library, as a calendar app would read it.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.models import Cry, Moment
from crylog.followups import services
from crylog.followups.models import FollowUp

pytestmark = pytest.mark.django_db


@pytest.fixture
def cry(clock: TimeMachineFixture, user: User) -> Cry:
    return cry_services.cry_create(user=user, valence=30)


def after_90(cry: Cry) -> FollowUp:
    return cry.followups.get(moment=Moment.AFTER_90)


def event_of(client: Client, followup: FollowUp) -> Event:
    response = client.get(reverse("followup-calendar", args=[followup.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert isinstance(event, Event)
    return event


def test_moving_the_end_time_moves_the_event_under_its_uid_with_a_higher_sequence(
    clock: TimeMachineFixture, owner_client: Client, cry: Cry
) -> None:
    followup = after_90(cry)
    first = event_of(owner_client, followup)
    assert cry.ended_at is not None
    assert first.decoded("dtstart") == cry.ended_at + timedelta(minutes=90)
    assert first.decoded("sequence") == 0
    assert first.decoded("last-modified") == followup.created_at

    clock.shift(timedelta(minutes=3))
    moved_at = timezone.now()
    cry_services.cry_update(cry=cry, changes={"ended_at": cry.ended_at + timedelta(minutes=10)})
    second = event_of(owner_client, followup)
    assert str(second["uid"]) == str(first["uid"])
    assert second.decoded("dtstart") == first.decoded("dtstart") + timedelta(minutes=10)
    assert second.decoded("sequence") == 1
    assert second.decoded("last-modified") == moved_at

    clock.shift(timedelta(minutes=1))
    cry_services.cry_update(cry=cry, changes={"ended_at": cry.ended_at - timedelta(minutes=5)})
    third = event_of(owner_client, followup)
    assert third.decoded("dtstart") == first.decoded("dtstart") + timedelta(minutes=5)
    assert third.decoded("sequence") == 2


def test_a_change_that_does_not_move_the_event_keeps_its_sequence(
    clock: TimeMachineFixture, owner_client: Client, cry: Cry
) -> None:
    followup = after_90(cry)
    clock.shift(timedelta(minutes=3))
    cry_services.cry_update(cry=cry, changes={"note": "a note", "ended_at": cry.ended_at})
    event = event_of(owner_client, followup)
    assert event.decoded("sequence") == 0
    assert event.decoded("last-modified") == followup.created_at


def gone_page(client: Client, followup: FollowUp) -> str:
    response = client.get(reverse("followup-calendar", args=[followup.pk]))
    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    page = response.content.decode()
    assert "No calendar reminder needed" in page
    return page


def test_one_second_before_the_due_time_the_file_still_comes(
    clock: TimeMachineFixture, owner_client: Client, cry: Cry
) -> None:
    followup = after_90(cry)
    clock.shift(timedelta(minutes=90) - timedelta(seconds=1))
    [alarm] = event_of(owner_client, followup).walk("VALARM")
    assert alarm["action"] == "DISPLAY"


def test_once_the_check_in_is_open_the_page_offers_it_instead_of_an_alarm_in_the_past(
    clock: TimeMachineFixture, owner_client: Client, cry: Cry
) -> None:
    followup = after_90(cry)
    clock.shift(timedelta(minutes=90))
    page = gone_page(owner_client, followup)
    assert "This check-in is open now" in page
    assert followup.get_absolute_url() in page


def test_an_answered_check_in_has_no_calendar_file(
    clock: TimeMachineFixture, owner_client: Client, cry: Cry
) -> None:
    followup = after_90(cry)
    clock.shift(timedelta(minutes=30))  # answered early, before the alarm would ring
    services.followup_answer(followup=followup, valence=60)
    assert "You have already answered this check-in" in gone_page(owner_client, followup)


def test_a_skipped_check_in_has_no_calendar_file(owner_client: Client, cry: Cry) -> None:
    followup = after_90(cry)
    services.followup_skip(followup=followup)
    assert "This check-in is no longer asked for" in gone_page(owner_client, followup)


@pytest.mark.parametrize("state", [FollowUp.State.SCHEDULED, FollowUp.State.EXPIRED])
def test_a_check_in_whose_time_has_passed_has_no_calendar_file(
    clock: TimeMachineFixture, owner_client: Client, cry: Cry, state: str
) -> None:
    followup = after_90(cry)
    clock.shift(timedelta(minutes=150))  # the answer window has closed
    FollowUp.objects.filter(pk=followup.pk).update(state=state)
    page = gone_page(owner_client, followup)
    assert "The time for this check-in has passed" in page
    assert followup.get_absolute_url() not in page


def test_a_stranger_gets_404_not_the_page(
    stranger_client: Client, clock: TimeMachineFixture, cry: Cry
) -> None:
    clock.shift(timedelta(minutes=150))
    url = reverse("followup-calendar", args=[after_90(cry).pk])
    assert stranger_client.get(url).status_code == 404
