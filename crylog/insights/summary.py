"""A summary of chosen dates for another reader (a therapist): the trends of those dates, put
together by ``dashboard.build`` as on the trends page, and the notes if the person chose them.

The owner's page (``insights-summary``) and a share link (``crylog.sharing``) both call
``for_user``; it reads, never writes, and is computed whenever it is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, ClassVar

from django.utils.translation import gettext_lazy as _

from crylog.insights import dashboard, queries
from crylog.insights.stats import MIN_GROUP, followup_window
from crylog.lib.formats import first_weekday

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from crylog.accounts.models import User

# What the owner's page shows when no dates are given: the trends page's default, 90 days.
DEFAULT_DAYS = 90


@dataclass(frozen=True)
class Dates(dashboard.Period):
    """A period from one calendar day to another, both included, in the person's time zone."""

    start: datetime  # midnight starting the first day
    end: datetime  # midnight ending the last day (exclusive)

    def since(self, now: datetime) -> datetime | None:
        return self.start


def dates(first: date, last: date, *, zone: ZoneInfo) -> Dates:
    return Dates(
        key="dates",
        label=_("dates"),
        phrase=_("on these dates"),
        days=(last - first).days + 1,
        start=datetime.combine(first, time(), tzinfo=zone),
        end=datetime.combine(last + timedelta(days=1), time(), tzinfo=zone),
    )


def default_dates(today: date) -> tuple[date, date]:
    return today - timedelta(days=DEFAULT_DAYS - 1), today


@dataclass
class Summary:
    first: date
    last: date
    as_of: datetime  # when it was computed: the data is as of then
    zone: str  # the person's time zone, which its dates and times are in
    page: dashboard.Dashboard
    notes: list[tuple[datetime, str]] | None  # None: the person left the notes out
    # Groups under this many cries are named, not drawn (the tables say so).
    min_group: ClassVar[int] = MIN_GROUP


def for_user(user: User, *, first: date, last: date, with_notes: bool, now: datetime) -> Summary:
    """The summary of ``user``'s cries that ended from ``first`` to ``last`` (their days)."""
    zone = user.zone
    span = dates(first, last, zone=zone)
    rows = queries.cry_rows(user, since=span.start, until=span.end)
    page = dashboard.build(
        rows,
        period=span,
        # The weeks run to the last day, or to today if that is earlier.
        now=min(now, span.end - timedelta(microseconds=1)),
        zone=zone,
        followup_window=followup_window(user.followup_delay_minutes),
        first_weekday=first_weekday(),
        first_cry=queries.first_ended_at(user),
    )
    notes = queries.notes(user, since=span.start, until=span.end) if with_notes else None
    return Summary(first=first, last=last, as_of=now, zone=zone.key, page=page, notes=notes)
