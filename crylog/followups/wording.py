"""The words a reminder uses wherever it appears: lock screen, e-mail, calendar.

They are discreet on purpose: a notification can be read by anyone who glances at a phone,
so no reminder ever names what happened, a mood, or a note.
"""

TITLE = "Time for your check-in"
BODY = "How do you feel now? One touch is enough."
EMAIL_SUBJECT = TITLE
CALENDAR_SUMMARY = "Check-in"
CALENDAR_QUIET = "In your quiet hours, so no alarm: the check-in waits in crylog."
TEST_TITLE = "Notifications work"
TEST_BODY = "This is how your check-in reminders will arrive."
# The actions a notification offers where the browser shows them (Chrome on Android).
ACTION_ANSWER = "Answer now"
ACTION_SNOOZE = "In 15 minutes"
