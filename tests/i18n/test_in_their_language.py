"""What the worker sends later is in the person's language, not the worker's: the reminder
e-mail through a real SMTP server and the push message through a real push service (which
decrypts it), for a person who chose German or Spanish and for one whose phone asks for it,
with the whole catalogues as they ship.
"""

from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.utils import translation
from time_machine import TimeMachineFixture

from crylog.cries import services as cry_services
from tests.conftest import make_user
from tests.followups.conftest import run_worker, subscribe
from tests.followups.push_service import PushService
from tests.i18n.english import english_in
from tests.servers import MailServer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "chosen"),
    [("de", True), ("es", True), ("de", False), ("es", False)],
    ids=["de-chosen", "es-chosen", "de-browser", "es-browser"],
)
def test_the_worker_writes_the_reminder_in_the_persons_language(
    language: str,
    chosen: bool,
    clock: TimeMachineFixture,
    mail_server: MailServer,
    push_service: PushService,
) -> None:
    """Chosen in Settings, or, with nothing chosen, the one their browser last asked for."""
    person = make_user(f"{language}@example.com", followup_email=True)
    if chosen:
        person.language = language
    else:
        person.browser_language = language
    person.save()
    subscribe(person, push_service.device("phone"))
    cry_services.cry_create(user=person, valence=40)
    clock.shift(timedelta(minutes=90))

    with translation.override("en"):  # whatever the worker's own language, it is not theirs
        run_worker()

    [message] = mail_server.messages
    assert isinstance(message, EmailMessage)  # the server reads mail with email.policy.default
    [push] = push_service.delivered("phone")
    payload = push.payload
    with translation.override(language):
        title = translation.gettext("Time for your check-in")
    assert title != "Time for your check-in"
    assert str(message["Subject"]) == title
    assert payload["title"] == title
    words = [str(message["Subject"]), message.get_content(), payload["title"], payload["body"]]
    words += [action["title"] for action in payload["actions"]]
    assert len(payload["actions"]) == 2
    english = {text: found for text in words if (found := english_in(text, language))}
    assert english == {}
