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

from django.utils.translation import gettext

if TYPE_CHECKING:
    from crylog.accounts.models import User

APP_NAME = "crylog"
TITLE = "Time for your check-in"
BODY = "How do you feel now? One touch is enough."
EMAIL_SUBJECT = TITLE
CALENDAR_SUMMARY = "Check-in"
TEST_TITLE = "Notifications work"
TEST_BODY = "This is how your check-in reminders will arrive."
# The actions a notification offers where the browser shows them (Chrome on Android).
ACTION_ANSWER = "Answer now"
ACTION_SNOOZE = "In 15 minutes"


def sender(user: User) -> str:
    """The name the person's reminders go by: their own choice, else crylog."""
    return user.reminder_name or APP_NAME


def title(user: User) -> str:
    """A reminder's title: the notification's, the e-mail's subject, the calendar alarm's."""
    if not user.reminder_name:
        return TITLE
    return gettext("%(name)s: time for your check-in") % {"name": user.reminder_name}


def test_title(user: User) -> str:
    if not user.reminder_name:
        return TEST_TITLE
    return gettext("%(name)s: notifications work") % {"name": user.reminder_name}


def calendar_summary(user: User) -> str:
    if not user.reminder_name:
        return CALENDAR_SUMMARY
    return gettext("%(name)s: check-in") % {"name": user.reminder_name}


def calendar_quiet(user: User) -> str:
    return gettext("In your quiet hours, so no alarm: the check-in waits in %(name)s.") % {
        "name": sender(user)
    }
