"""Quiet hours: the part of a person's day when no reminder should reach them."""

from __future__ import annotations

from datetime import datetime, time, tzinfo


def in_quiet_hours(instant: datetime, zone: tzinfo, start: time | None, end: time | None) -> bool:
    """Whether ``instant`` falls in the quiet hours ``start``–``end``, read on the clocks of ``zone``.

    The start is inside and the end is not: with 23:00–07:00, 23:00 and 06:59 are quiet, 22:59
    and 07:00 are not. An end earlier than the start runs across midnight. No start or no end,
    or the same time for both, means no quiet hours.

    The wall clock decides, so the hours follow the person's daylight-saving changes: 07:00 is
    05:00 UTC in a Berlin summer and 06:00 UTC in its winter. On the night the clocks go
    forward a time that does not exist is never reached (an end at 02:30 in Berlin ends the
    quiet hours at 03:00); on the night they go back an hour that happens twice is quiet both
    times, or neither.
    """
    if start is None or end is None or start == end:
        return False
    local = instant.astimezone(zone).time().replace(tzinfo=None)
    if start < end:
        return start <= local < end
    return local >= start or local < end
