"""A calendar event with an alarm at a follow-up's due time: the reminder for people without push.

Offered only while the due time is ahead (``FollowUp.is_calendar_ready``): later, the alarm
would be in the past.

A follow-up due in the person's quiet hours gets its event without the alarm, and the
event's description says so: the calendar keeps the check-in without waking anyone.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from crylog.followups import wording
from crylog.followups.models import FollowUp

EVENT_LENGTH = timedelta(minutes=5)


def followup_ics(followup: FollowUp) -> bytes:
    url = settings.SITE_URL + followup.get_absolute_url()
    host = urlsplit(settings.SITE_URL).hostname or "crylog"
    due = followup.due_at.astimezone(UTC)

    calendar = Calendar()
    user = followup.cry.user
    calendar.add("prodid", f"-//{wording.sender(user)}//follow-up reminder//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")

    event = Event()
    event.add("uid", f"{followup.topic}@{host}")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    # Moving the cry's end time moves the event: a calendar that imported the first file
    # replaces it only when SEQUENCE is higher (RFC 5546).
    event.add("sequence", followup.revision)
    event.add("last-modified", followup.last_modified.astimezone(UTC))
    event.add("dtstart", due)
    event.add("dtend", due + EVENT_LENGTH)
    event.add("summary", wording.calendar_summary(user))
    quiet = user.in_quiet_hours(due)
    body = f"{wording.body()}\n{wording.calendar_quiet(user)}" if quiet else wording.body()
    event.add("description", f"{body}\n{url}")
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy slot

    if not quiet:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", wording.title(user))
        alarm.add("trigger", timedelta(0))  # at the event's start: the due time
        event.add_component(alarm)

    calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
