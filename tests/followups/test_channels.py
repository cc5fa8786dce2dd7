"""What a reminder says on each channel: Web Push, e-mail, calendar. Discreet everywhere."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pytest_django import Settings
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.models import Cry
from crylog.followups.models import DeliveryAttempt, FollowUp
from tests.followups.conftest import run_worker, subscribe
from tests.followups.push_service import PushService

pytestmark = pytest.mark.django_db

NOTE = "Watched the last scene of Hachi again"
# What a lock screen must never show: the subject, a mood (the cry's was 23), a note.
TELLING = re.compile(r"\b(cry|cried|crying|cries|tears|sad|mood)\b|\b23\b|Hachi", re.IGNORECASE)


def tells(text: str) -> bool:
    """Whether a text gives anything away (links and tags carry only a number or a token)."""
    links = r"\S*/followups/\d+/|followup-\d+|\S*/reminders/email/off/\S*"
    return bool(TELLING.search(re.sub(links, "", text)))


@pytest.fixture
def cry(clock: TimeMachineFixture, user: User) -> Cry:
    cry = cry_services.cry_create(user=user, valence=23)
    return cry_services.cry_update(cry=cry, changes={"note": NOTE})


def test_the_push_message_is_discreet_and_opens_the_check_in(
    clock: TimeMachineFixture, push_service: PushService, user: User, cry: Cry
) -> None:
    subscribe(user, push_service.device("phone"))
    clock.shift(timedelta(minutes=90))
    run_worker()
    [message] = push_service.delivered("phone")
    followup = cry.followups.get()
    snooze = message.payload.pop("snooze")  # its signed token: tests/followups/test_snooze.py
    actions = message.payload.pop("actions")
    assert message.payload == {
        "title": "Time for your check-in",
        "body": "How do you feel now? One touch is enough.",
        "url": f"/followups/{followup.pk}/",
        "tag": f"followup-{followup.pk}",
        "icon": "/static/img/icon-192.png",
        "badge": "/static/img/badge-96.png",
    }
    assert not tells(" ".join(message.payload.values()))
    assert [action["title"] for action in actions] == ["Answer now", "In 15 minutes"]
    assert snooze["url"] == f"/followups/{followup.pk}/snooze/notification/"
    assert message.headers["urgency"] == "high"
    # Kept at the push service for an hour at most: by then it is not worth showing.
    assert message.headers["ttl"] == "3600"


def test_the_push_message_lives_no_longer_than_the_answer_window(
    clock: TimeMachineFixture, push_service: PushService, user: User, cry: Cry
) -> None:
    subscribe(user, push_service.device("phone"))
    clock.shift(timedelta(minutes=130))  # the workers were behind: 20 minutes of window left
    run_worker()
    [message] = push_service.delivered("phone")
    assert message.headers["ttl"] == str(20 * 60)


def test_a_person_who_opted_in_gets_a_discreet_e_mail_with_the_link(
    clock: TimeMachineFixture, user: User, cry: Cry, settings: Settings
) -> None:
    settings.SITE_URL = "https://crylog.example"
    user.followup_email = True
    user.save()
    clock.shift(timedelta(minutes=90))
    run_worker()

    [email] = mail.outbox
    followup = cry.followups.get()
    assert email.to == [user.email]
    assert email.subject == "Time for your check-in"
    assert f"https://crylog.example/followups/{followup.pk}/" in email.body
    assert "https://crylog.example/reminders/" in email.body
    assert not tells(email.subject + email.body)
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.SENT
    assert followup.delivery_attempts.get().channel == DeliveryAttempt.Channel.EMAIL


def test_no_e_mail_for_a_person_who_did_not_ask_for_it(
    clock: TimeMachineFixture, user: User, cry: Cry
) -> None:
    clock.shift(timedelta(minutes=90))
    run_worker()
    assert mail.outbox == []


def test_the_calendar_event_has_an_alarm_at_the_due_time_and_a_discreet_title(
    owner_client: Client, cry: Cry, settings: Settings
) -> None:
    settings.SITE_URL = "https://crylog.example"
    followup = cry.followups.get()
    response = owner_client.get(reverse("followup-calendar", args=[followup.pk]))
    assert response["Content-Type"] == "text/calendar"
    assert response["Content-Disposition"] == 'attachment; filename="check-in.ics"'

    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    [alarm] = event.walk("VALARM")
    start = event.decoded("dtstart")
    assert start == followup.due_at == timezone.now() + timedelta(minutes=90)
    assert start + alarm.decoded("trigger") == followup.due_at
    assert alarm["action"] == "DISPLAY"
    assert str(event["summary"]) == "Check-in"
    assert str(event["url"]) == f"https://crylog.example/followups/{followup.pk}/"
    text = " ".join(str(event[key]) for key in ("summary", "description")) + str(
        alarm["description"]
    )
    assert not tells(text)


def test_a_stranger_cannot_download_someone_elses_calendar_event(
    stranger_client: Client, owner_client: Client, cry: Cry
) -> None:
    url = reverse("followup-calendar", args=[cry.followups.get().pk])
    assert owner_client.get(url).status_code == 200
    assert stranger_client.get(url).status_code == 404


def test_the_cry_page_offers_the_calendar_while_the_check_in_is_ahead_then_the_check_in(
    owner_client: Client, clock: TimeMachineFixture, cry: Cry
) -> None:
    followup = cry.followups.get()
    calendar = reverse("followup-calendar", args=[followup.pk])
    page = owner_client.get(cry.get_absolute_url()).content.decode()
    assert calendar in page
    assert "Add a reminder to my calendar" in page
    # Once it is due, the page offers the check-in itself instead.
    clock.shift(timedelta(minutes=91))
    page = owner_client.get(cry.get_absolute_url()).content.decode()
    assert calendar not in page
    assert reverse("followup-answer", args=[followup.pk]) in page
