"""A name of the person's own on their reminders, in place of "crylog".

Set on the reminders page, and read where a reminder arrives: the e-mail a real SMTP server on
127.0.0.1 received, the push message a push service on 127.0.0.1 decrypted, and the calendar
file as downloaded. With a name set and an operator whose own address and domain do not say
crylog, nothing in any of them says "crylog".
"""

import json
from datetime import time, timedelta
from email.message import Message
from email.utils import parseaddr

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from pytest_django import Settings
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.followups.models import FollowUp
from tests.conftest import make_user
from tests.followups.conftest import run_worker, subscribe
from tests.followups.push_service import PushService
from tests.servers import MailServer

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
SITE = "https://notes.example"
SENDER = "reminders@notes.example"


@pytest.fixture
def operator(settings: Settings) -> None:
    """A copy of crylog whose own address and domain do not say crylog."""
    settings.SITE_URL = SITE
    settings.DEFAULT_FROM_EMAIL = f"crylog <{SENDER}>"


def person(name: str = "", **fields: object) -> User:
    return make_user("named@example.com", reminder_name=name, followup_email=True, **fields)


def reminder_due(user: User, clock: TimeMachineFixture) -> FollowUp:
    cry = cry_services.cry_create(user=user, valence=40)
    clock.shift(timedelta(minutes=90))
    return cry.followups.get()


def save_name(client: Client, name: str, headers: dict[str, str] | None = None) -> str:
    response = client.post(
        reverse("reminder-name"), {"reminder_name": name}, follow=True, headers=headers
    )
    assert response.status_code == 200
    return response.content.decode()


# The setting -------------------------------------------------------------------------------


def test_the_reminders_page_says_where_the_name_shows(owner_client: Client) -> None:
    page = owner_client.get(reverse("reminder-settings")).content.decode()
    assert "The name on your reminders" in page
    assert "as the sender of reminder e-mails, and at the start of their subject;" in page
    assert "at the start of a notification's title;" in page
    assert "the calendar event's title, and in its text" in page
    assert 'name="reminder_name"' in page
    assert 'maxlength="40"' in page


def test_a_name_is_saved_in_place_and_shown_and_empty_brings_crylog_back(
    owner_client: Client, user: User
) -> None:
    answer = save_name(owner_client, "  Notes  ", headers=HTMX)
    assert "Saved: your reminders now go by “Notes”." in answer
    assert answer.lstrip().startswith('<section id="reminder-name"')
    user.refresh_from_db()
    assert user.reminder_name == "Notes"
    page = owner_client.get(reverse("reminder-settings")).content.decode()
    assert 'value="Notes"' in page
    assert "A reminder only ever says “Notes: time for your check-in”" in page

    assert "Saved: your reminders go by “crylog” again." in save_name(
        owner_client, " ", headers=HTMX
    )
    user.refresh_from_db()
    assert user.reminder_name == ""


def test_without_javascript_the_name_is_saved_with_a_message(
    owner_client: Client, user: User
) -> None:
    response = owner_client.post(reverse("reminder-name"), {"reminder_name": "Notes"}, follow=True)
    assert "Saved: your reminders now go by “Notes”." in response.content.decode()
    user.refresh_from_db()
    assert user.reminder_name == "Notes"


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_forty_characters_are_kept_and_forty_one_are_refused_with_nothing_lost(
    owner_client: Client, user: User, headers: dict[str, str]
) -> None:
    assert "Saved:" in save_name(owner_client, "x" * 40, headers=headers)
    user.refresh_from_db()
    assert user.reminder_name == "x" * 40

    answer = save_name(owner_client, "y" * 41, headers=headers)
    assert "Up to 40 characters, please: this has 41. Nothing was changed." in answer
    assert f'value="{"y" * 41}"' in answer  # what was typed stays in the field
    assert "Saved:" not in answer
    if not headers:  # the whole page: it still tells the saved name's title
        assert f"A reminder only ever says “{'x' * 40}: time for your check-in”" in answer
    user.refresh_from_db()
    assert user.reminder_name == "x" * 40


@pytest.mark.parametrize(
    "name",
    [
        "Notes\r\nBcc: someone@example.com",  # a header of its own in the e-mail
        "Notes\nBcc: someone@example.com",
        "No\rtes",
        "No\ttes",
        "No\x7ftes",
        "No\x85tes",  # NEL, a C1 line break
        "Notes\u2028more",  # line separator
        "No\u2029tes",  # paragraph separator
        "\u202esetoN",  # right-to-left override: shows as something it is not
    ],
)
def test_a_name_that_is_not_one_line_of_text_is_refused_and_nothing_changes(
    owner_client: Client, user: User, name: str
) -> None:
    save_name(owner_client, "Notes")
    answer = save_name(owner_client, name, headers=HTMX)
    assert "Write the name on one line" in answer
    assert "Nothing was changed." in answer
    assert 'aria-invalid="true"' in answer
    assert "Saved:" not in answer
    user.refresh_from_db()
    assert user.reminder_name == "Notes"


def test_without_javascript_a_refused_name_comes_back_on_the_page_that_tells_the_saved_one(
    owner_client: Client, user: User
) -> None:
    save_name(owner_client, "Notes")
    page = save_name(owner_client, "Notes\nBcc: someone@example.com")
    assert "Write the name on one line" in page
    assert 'value="Notes Bcc: someone@example.com"' in page  # as sent, on one line
    assert "A reminder only ever says “Notes: time for your check-in”" in page


def test_a_nul_character_is_refused_too(owner_client: Client, user: User) -> None:
    answer = save_name(owner_client, "No\x00tes", headers=HTMX)
    assert "Null characters are not allowed." in answer
    assert "Saved:" not in answer
    user.refresh_from_db()
    assert user.reminder_name == ""


def test_a_line_break_at_either_end_is_trimmed_like_spaces(
    owner_client: Client, user: User
) -> None:
    assert "Saved:" in save_name(owner_client, "\r\nNotes\u2029\x85\r")
    user.refresh_from_db()
    assert user.reminder_name == "Notes"


@pytest.mark.parametrize("name", ["Zoë’s notes", "日記", "👩‍👧 notes", 'Notes, "daily" <x@y>'])
def test_letters_of_any_script_emoji_and_punctuation_are_kept(
    owner_client: Client, user: User, name: str
) -> None:
    assert "Saved:" in save_name(owner_client, name)
    user.refresh_from_db()
    assert user.reminder_name == name


def test_logged_out_nobody_changes_a_name(client: Client, user: User) -> None:
    response = client.post(reverse("reminder-name"), {"reminder_name": "Notes"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    user.refresh_from_db()
    assert user.reminder_name == ""


# The e-mail ---------------------------------------------------------------------------------


def whole_text(message: Message) -> str:
    """Every header as a mail program shows it (encoded words read) and the body."""
    headers = "\n".join(f"{name}: {value}" for name, value in message.items())
    return f"{headers}\n\n{message.get_content()}"  # type: ignore[attr-defined]


def test_the_e_mail_comes_from_the_name_and_says_crylog_nowhere(
    clock: TimeMachineFixture, mail_server: MailServer, operator: None
) -> None:
    reminder_due(person("Notes"), clock)
    run_worker()

    [message] = mail_server.messages
    assert parseaddr(str(message["From"])) == ("Notes", SENDER)
    assert str(message["Subject"]) == "Notes: time for your check-in"
    assert "crylog" not in whole_text(message).lower()
    assert "crylog" not in message.as_string().lower()


def test_without_a_name_the_e_mail_comes_from_crylog_as_before(
    clock: TimeMachineFixture, mail_server: MailServer, operator: None
) -> None:
    reminder_due(person(), clock)
    run_worker()

    [message] = mail_server.messages
    assert parseaddr(str(message["From"])) == ("crylog", SENDER)
    assert str(message["Subject"]) == "Time for your check-in"


@pytest.mark.parametrize("name", ["Zoë’s notes", 'Notes, "daily" <x@y>', "日記"])
def test_a_name_with_quotes_commas_or_other_scripts_arrives_whole_and_the_address_stays(
    clock: TimeMachineFixture, mail_server: MailServer, operator: None, name: str
) -> None:
    reminder_due(person(name), clock)
    run_worker()

    [message] = mail_server.messages
    [sender] = message["From"].addresses  # type: ignore[union-attr]
    assert (sender.display_name, sender.addr_spec) == (name, SENDER)
    assert str(message["Subject"]) == f"{name}: time for your check-in"


# The push message ---------------------------------------------------------------------------


def test_the_notification_s_title_starts_with_the_name_and_the_message_says_crylog_nowhere(
    clock: TimeMachineFixture, push_service: PushService, operator: None
) -> None:
    named = person("Notes")
    subscribe(named, push_service.device("phone"))
    reminder_due(named, clock)
    run_worker()

    [message] = push_service.delivered("phone")
    assert message.payload["title"] == "Notes: time for your check-in"
    assert message.payload["body"] == "How do you feel now? One touch is enough."
    assert "crylog" not in json.dumps(message.payload, ensure_ascii=False).lower()


def test_the_test_notification_carries_the_name_too(
    push_service: PushService, operator: None
) -> None:
    named = person("Notes")
    subscribe(named, push_service.device("phone"))
    client = Client()
    client.force_login(named)
    client.post(reverse("push-test"), headers=HTMX)

    [message] = push_service.delivered("phone")
    assert message.payload["title"] == "Notes: notifications work"


# The calendar file --------------------------------------------------------------------------


def calendar_file(user: User, followup: FollowUp) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("followup-calendar", args=[followup.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_calendar_event_goes_by_the_name_and_says_crylog_nowhere(
    clock: TimeMachineFixture, operator: None
) -> None:
    named = person("Notes")
    followup = cry_services.cry_create(user=named, valence=40).followups.get()
    text = calendar_file(named, followup)
    [event] = Calendar.from_ical(text).walk("VEVENT")
    assert str(event["summary"]) == "Notes: check-in"
    [alarm] = event.walk("VALARM")
    assert str(alarm["description"]) == "Notes: time for your check-in"
    assert "crylog" not in text.lower()


def test_in_quiet_hours_the_calendar_says_the_check_in_waits_in_the_name(
    clock: TimeMachineFixture, operator: None
) -> None:
    # Due at 13:30 UTC, 15:30 in Berlin: inside quiet hours of 15:00–16:00.
    quiet = {"quiet_start": time(15, 0), "quiet_end": time(16, 0)}
    named = person("Notes", **quiet)
    text = calendar_file(named, cry_services.cry_create(user=named, valence=40).followups.get())
    [event] = Calendar.from_ical(text).walk("VEVENT")
    assert "the check-in waits in Notes." in str(event["description"])
    assert event.walk("VALARM") == []
    assert "crylog" not in text.lower()

    unnamed = make_user("unnamed@example.com", **quiet)
    text = calendar_file(unnamed, cry_services.cry_create(user=unnamed, valence=40).followups.get())
    [event] = Calendar.from_ical(text).walk("VEVENT")
    assert str(event["summary"]) == "Check-in"
    assert "the check-in waits in crylog." in str(event["description"])
