"""The words a reminder uses wherever it appears: lock screen, e-mail, calendar.

They are discreet on purpose: a notification can be read by anyone who glances at a phone,
so no reminder ever names what happened, a mood, or a note.

A person may give their reminders a name of their own (``User.reminder_name``, on the
reminders page), such as "Notes": it then stands where crylog would name itself (the e-mail's
sender, the calendar's quiet-hours line) and at the start of each title, so that nothing in a
reminder says "crylog". Without one, the titles stay as they are: they never named crylog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

if TYPE_CHECKING:
    from crylog.accounts.models import User

# The English words, marked for the catalogues; each is translated where it is used (the
# functions below), in the language active then: the person's own, in_language_of.
APP_NAME = "crylog"
TITLE = gettext_noop("Time for your check-in")
BODY = gettext_noop("How do you feel now? One touch is enough.")
EMAIL_SUBJECT = TITLE
CALENDAR_SUMMARY = gettext_noop("Check-in")
TEST_TITLE = gettext_noop("Notifications work")
TEST_BODY = gettext_noop("This is how your check-in reminders will arrive.")
# The actions a notification offers where the browser shows them (Chrome on Android).
ACTION_ANSWER = gettext_noop("Answer now")
ACTION_SNOOZE = gettext_noop("In 15 minutes")


def in_language_of(user: User) -> translation.override:
    """Write in the person's language where no browser asks (the worker's reminders): the
    one they chose in Settings, else LANGUAGE_CODE."""
    return translation.override(user.speaks)


def body() -> str:
    return gettext(BODY)


def test_body() -> str:
    return gettext(TEST_BODY)


def action_answer() -> str:
    return gettext(ACTION_ANSWER)


def action_snooze() -> str:
    return gettext(ACTION_SNOOZE)


def sender(user: User) -> str:
    """The name the person's reminders go by: their own choice, else crylog."""
    return user.reminder_name or APP_NAME


def title(user: User) -> str:
    """A reminder's title: the notification's, the e-mail's subject, the calendar alarm's."""
    if not user.reminder_name:
        return gettext(TITLE)
    return gettext("%(name)s: time for your check-in") % {"name": user.reminder_name}


def test_title(user: User) -> str:
    if not user.reminder_name:
        return gettext(TEST_TITLE)
    return gettext("%(name)s: notifications work") % {"name": user.reminder_name}


def calendar_summary(user: User) -> str:
    if not user.reminder_name:
        return gettext(CALENDAR_SUMMARY)
    return gettext("%(name)s: check-in") % {"name": user.reminder_name}


def calendar_quiet(user: User) -> str:
    return gettext("In your quiet hours, so no alarm: the check-in waits in %(name)s.") % {
        "name": sender(user)
    }
