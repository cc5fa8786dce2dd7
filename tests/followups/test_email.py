"""The reminder e-mail through a real SMTP server on 127.0.0.1, and its one-click way out."""

from datetime import timedelta
from email.message import EmailMessage, Message
from email.utils import parseaddr

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.followups.mail import EMAIL_OFF_SALT, email_off_token
from crylog.followups.models import DeliveryAttempt, FollowUp
from tests.conftest import make_user
from tests.followups.conftest import run_worker
from tests.servers import MailServer

pytestmark = pytest.mark.django_db

SITE = "https://crylog.example"


@pytest.fixture
def person(clock: TimeMachineFixture, settings: Settings) -> User:
    settings.SITE_URL = SITE
    settings.DEFAULT_FROM_EMAIL = "crylog <reminders@crylog.example>"
    return make_user("mailed@example.com", followup_email=True)


def reminder_due(person: User, clock: TimeMachineFixture) -> FollowUp:
    cry = cry_services.cry_create(user=person, valence=40)
    clock.shift(timedelta(minutes=90))
    return cry.followups.get()


def off_path(message: Message) -> str:
    # As the mail server received it: a mail provider reads the link itself, never
    # RFC 2047 encoded-words.
    [link] = [value for name, value in message.raw_items() if name == "List-Unsubscribe"]
    assert link.startswith(f"<{SITE}/")
    assert link.endswith(">")
    return link[len(SITE) + 1 : -1]


def test_the_reminder_arrives_through_a_real_mail_server_with_one_click_unsubscribe(
    clock: TimeMachineFixture, mail_server: MailServer, person: User
) -> None:
    followup = reminder_due(person, clock)
    run_worker()

    [message] = mail_server.messages
    assert isinstance(message, EmailMessage)  # the server reads mail with email.policy.default
    assert parseaddr(str(message["To"]))[1] == "mailed@example.com"
    assert parseaddr(str(message["From"]))[1] == "reminders@crylog.example"
    assert str(message["Subject"]) == "Time for your check-in"
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    assert off_path(message).startswith("/reminders/email/off/")
    # The site's own domain, wherever the worker runs.
    assert str(message["Message-ID"]).endswith("@crylog.example>")
    body = message.get_content()
    assert f"{SITE}/followups/{followup.pk}/" in body
    assert f"{SITE}{off_path(message)}" in body
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.SENT


def test_one_post_without_login_or_csrf_token_turns_that_persons_e_mail_off(
    clock: TimeMachineFixture, mail_server: MailServer, person: User
) -> None:
    other = make_user("other@example.com", followup_email=True)
    reminder_due(person, clock)
    run_worker()
    [message] = mail_server.messages

    # What a mail provider sends when the person presses its "Unsubscribe" (RFC 8058).
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(off_path(message), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "E-mail reminders are off" in response.content.decode()
    person.refresh_from_db()
    other.refresh_from_db()
    assert (person.followup_email, other.followup_email) == (False, True)

    # And no more reminder e-mails come.
    reminder_due(person, clock)
    run_worker()
    assert len(mail_server.messages) == 1


def test_opening_the_link_asks_first_and_changes_nothing(client: Client, person: User) -> None:
    url = reverse("reminder-email-off", args=[email_off_token(person)])
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Turn off reminder e-mails?" in page
    assert f'<form method="post" action="{url}">' in page
    person.refresh_from_db()
    assert person.followup_email is True


@pytest.mark.parametrize(
    "forge",
    [
        lambda token, pk: token[:-1] + ("A" if token[-1] != "A" else "B"),  # tampered signature
        lambda token, pk: signing.dumps(pk),  # signed, but for another purpose
        lambda token, pk: signing.dumps(pk + 1, salt=EMAIL_OFF_SALT)[:-2] + token[-2:],
        lambda token, pk: signing.dumps(str(pk), salt=EMAIL_OFF_SALT),  # not an id
    ],
)
def test_a_forged_or_foreign_token_turns_nothing_off(person: User, forge) -> None:  # type: ignore[no-untyped-def]
    url = reverse("reminder-email-off", args=[forge(email_off_token(person), person.pk)])
    assert Client().post(url).status_code == 404
    person.refresh_from_db()
    assert person.followup_email is True


def test_the_token_names_only_the_person(person: User) -> None:
    assert signing.loads(email_off_token(person), salt=EMAIL_OFF_SALT) == person.pk


def retry_scheduled(followup: FollowUp, error: str) -> None:
    """The follow-up waits for its next try, and the worker finished its task normally."""
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.SCHEDULED
    assert followup.attempts == 1
    assert followup.next_attempt_at == timezone.now() + timedelta(minutes=1)
    [attempt] = followup.delivery_attempts.all()
    assert (attempt.channel, attempt.outcome) == ("email", DeliveryAttempt.Outcome.RETRY)
    assert error in attempt.error
    [task] = DBTaskResult.objects.filter(return_value="retry")
    assert task.status == "SUCCESSFUL"


@pytest.mark.parametrize(
    ("misbehave", "error"),
    [
        ({"replies": {"MAIL": "421 4.3.2 Service shutting down"}}, "SMTPSenderRefused"),
        ({"replies": {"RCPT": "450 4.2.1 Mailbox busy, try later"}}, "deferred the address"),
        ({"replies": {"DATA": "451 4.3.0 Local error"}}, "SMTPDataError"),
        ({"hang_up_at": "MAIL"}, "SMTPServerDisconnected"),
        ({"hang_up_at": "RCPT"}, "SMTPServerDisconnected"),
        ({"hang_up_at": "DATA"}, "SMTPServerDisconnected"),
    ],
)
def test_a_mail_server_that_refuses_or_goes_away_leaves_the_reminder_to_be_tried_again(
    clock: TimeMachineFixture,
    mail_server: MailServer,
    person: User,
    misbehave: dict[str, object],
    error: str,
) -> None:
    followup = reminder_due(person, clock)
    for name, value in misbehave.items():
        setattr(mail_server, name, value)
    run_worker()
    assert mail_server.messages == []
    retry_scheduled(followup, error)

    mail_server.replies, mail_server.hang_up_at = {}, None
    clock.shift(timedelta(minutes=1))
    run_worker()
    assert len(mail_server.messages) == 1
    followup.refresh_from_db()
    assert (followup.state, followup.attempts) == (FollowUp.State.SENT, 2)


def test_no_mail_server_at_all_leaves_the_reminder_to_be_tried_again(
    clock: TimeMachineFixture, mail_server: MailServer, person: User
) -> None:
    followup = reminder_due(person, clock)
    mail_server.stop()
    run_worker()
    retry_scheduled(followup, "ConnectionRefusedError")


def test_an_address_the_server_refuses_for_good_is_not_tried_again(
    clock: TimeMachineFixture, mail_server: MailServer, person: User
) -> None:
    followup = reminder_due(person, clock)
    mail_server.replies = {"RCPT": "550 5.1.1 No such user"}
    run_worker()
    followup.refresh_from_db()
    assert followup.state == FollowUp.State.FAILED
    assert "refused the address" in followup.last_error
