"""How long ago, and how long until, in words a sentence can take whole: "2 days", "3 hours".

Django's ``timesince`` and ``timeuntil`` write "2 days" with the same words either way, but a
language may not: German says "vor 2 Tagen" and "in 2 Tagen" (dative), never "vor 2 Tage". Each
direction has its own msgids here (contexts "time ago" and "time from now"), so a translator
gives each the form its sentence needs ("You cried %(time)s ago.", "In %(time)s: …").
"""

from datetime import datetime
from typing import cast

from django.utils.timesince import timesince, timeuntil
from django.utils.translation import npgettext_lazy

AGO = {
    "year": npgettext_lazy("time ago", "%(num)d year", "%(num)d years", "num"),
    "month": npgettext_lazy("time ago", "%(num)d month", "%(num)d months", "num"),
    "week": npgettext_lazy("time ago", "%(num)d week", "%(num)d weeks", "num"),
    "day": npgettext_lazy("time ago", "%(num)d day", "%(num)d days", "num"),
    "hour": npgettext_lazy("time ago", "%(num)d hour", "%(num)d hours", "num"),
    "minute": npgettext_lazy("time ago", "%(num)d minute", "%(num)d minutes", "num"),
}
FROM_NOW = {
    "year": npgettext_lazy("time from now", "%(num)d year", "%(num)d years", "num"),
    "month": npgettext_lazy("time from now", "%(num)d month", "%(num)d months", "num"),
    "week": npgettext_lazy("time from now", "%(num)d week", "%(num)d weeks", "num"),
    "day": npgettext_lazy("time from now", "%(num)d day", "%(num)d days", "num"),
    "hour": npgettext_lazy("time from now", "%(num)d hour", "%(num)d hours", "num"),
    "minute": npgettext_lazy("time from now", "%(num)d minute", "%(num)d minutes", "num"),
}
# Django reads these lazily translated, in the language active when it writes the words; its
# stubs ask for plain strings.


def time_ago(value: datetime, now: datetime | None = None) -> str:
    """How long before ``now`` (by default, now) ``value`` was, for "… ago"."""
    return timesince(value, now, time_strings=cast(dict[str, str], AGO))


def time_from_now(value: datetime, now: datetime | None = None) -> str:
    """How long after ``now`` (by default, now) ``value`` is, for "in …"."""
    return timeuntil(value, now, time_strings=cast(dict[str, str], FROM_NOW))
