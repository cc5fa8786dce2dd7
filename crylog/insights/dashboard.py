"""Everything the trends page shows for one period, assembled from plain rows.

``build`` runs the statistics, turns them into figures and words, and decides which
charts have enough to draw; it never touches the database, so the whole page can be
checked from rows made in a test.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo
from itertools import islice
from typing import TYPE_CHECKING, Any

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from crylog.insights import figures, stats, words

if TYPE_CHECKING:
    from crylog.insights.stats import Label


@dataclass(frozen=True)
class Period:
    key: str  # the ?range= value
    label: Label  # on the range filter
    phrase: Label  # in a sentence: "No cries in the last 30 days."
    days: int | None  # None: everything

    def since(self, now: datetime) -> datetime | None:
        return None if self.days is None else now - timedelta(days=self.days)


PERIODS = {
    p.key: p
    for p in (
        Period("30d", _("30 days"), _("in the last 30 days"), 30),
        Period("90d", _("90 days"), _("in the last 90 days"), 90),
        Period("1y", _("a year"), _("in the last year"), 365),
        Period("all", pgettext_lazy("period", "all"), _("in all your history"), None),
    )
}
DEFAULT_PERIOD = PERIODS["90d"]
# The weekly chart shows at most this many weeks (two years), so that its work and size grow
# with the number of cries and never with the span of dates: one cry from 2000 would otherwise
# add some 1,400 weeks to "all".
MAX_WEEKS = 104


def period_from(key: str | None) -> Period:
    return PERIODS.get(key or "", DEFAULT_PERIOD)


@dataclass
class Chart:
    """One chart: its words (always), its figure (when there is enough to draw) and table."""

    key: str
    title: str
    summary: list[str]
    figure: dict[str, Any] | None = None
    table: Any = None

    @property
    def element_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def data_id(self) -> str:
        """The id of the json_script element that holds the figure."""
        return f"chart-{self.key}-figure"


@dataclass
class Dashboard:
    period: Period
    count: int
    real_baselines: bool = False  # the dip drawn from before ratings given before the cry
    can_show_real_baselines: bool = False
    charts: list[Chart] = field(default_factory=list)
    check_ins: list[str] = field(default_factory=list)
    single: stats.CryRow | None = None  # the only cry, when there is just one
    has_demo: bool = False
    first_weekday: int = 0  # as date.weekday() counts: 0 is Monday
    # The names of months and days plotly.js draws the charts with (figures.locale()).
    plotly_locale: dict[str, object] = field(default_factory=dict)

    @property
    def week_starts_on(self) -> str:
        """The name of the day weeks start on, in the page's language: "Sunday", "Montag"."""
        return str(WEEKDAYS[self.first_weekday])


def _json(figure: Any) -> dict[str, Any]:
    """A figure as its json_script holds it: plotly's data and layout, and its config."""
    return {**figure.to_plotly_json(), "config": figures.config()}


def _quiet_hours(held: int) -> list[str]:
    if not held:
        return []
    return [
        ngettext(
            "%(count)s check-in came due in your quiet hours, so no reminder went out; it is not "
            "counted as missed.",
            "%(count)s check-ins came due in your quiet hours, so no reminder went out; they are "
            "not counted as missed.",
            held,
        )
        % {"count": words.whole_number(held)}
    ]


def build(
    rows: Sequence[stats.CryRow],
    *,
    period: Period,
    now: datetime,
    zone: tzinfo,
    followup_window: timedelta,
    first_weekday: int,
    first_cry: datetime | None = None,
    real_baselines: bool = False,
    quiet: Collection[datetime] = frozenset(),
) -> Dashboard:
    """The page for ``rows`` (newest first), ``now`` in time zone ``zone``.

    ``first_weekday``: the day weeks start on, as ``date.weekday()`` counts (the language's:
    ``crylog.lib.formats.first_weekday``).

    ``first_cry``: when the person's first cry ever ended (the oldest row if not given).
    ``real_baselines``: draw the dip from before ratings given before the cry alone.
    ``quiet`` holds the end times of cries whose 90-minute check-in came due in the person's
    quiet hours: unanswered, those are counted as such, not as missed.
    """
    dashboard = Dashboard(
        period=period,
        count=len(rows),
        has_demo=any(row.is_demo for row in rows),
        first_weekday=first_weekday,
    )
    if not rows:
        return dashboard
    held = sum(1 for row in rows if row.after_90 is None and row.ended_at in quiet)
    counted = [row for row in rows if row.after_90 is not None or row.ended_at not in quiet]
    dashboard.check_ins = words.check_ins(
        stats.completion(counted, now=now, window=followup_window)
    ) + _quiet_hours(held)
    if len(rows) == 1:
        dashboard.single = rows[0]
        return dashboard

    baselines = stats.baselines(rows)
    dashboard.can_show_real_baselines = baselines.real >= stats.MIN_GROUP
    dashboard.real_baselines = real_baselines and dashboard.can_show_real_baselines
    dip_rows = stats.with_real_baseline(rows) if dashboard.real_baselines else rows
    spreads = stats.moment_spreads(dip_rows)
    # Only the newest cries get a faint line (figures.MAX_LINES); no need to trace the rest.
    paths = list(
        islice(
            (path for row in dip_rows if len(path := stats.change_path(row)) > 1),
            figures.MAX_LINES,
        )
    )
    dip = Chart(
        "dip",
        gettext("Your dip and recovery"),
        words.dip_and_recovery(
            spreads,
            stats.rise_spread(dip_rows),
            rise_without_before=stats.rise_without_before(dip_rows),
        )
        + words.baselines(baselines, real_only=dashboard.real_baselines),
        table=spreads,
    )
    if paths:
        dip.figure = _json(figures.dip_and_recovery(spreads, paths))

    split = stats.outcome_split(rows)
    ninety = Chart(
        "ninety",
        gettext("90 minutes later"),
        words.ninety_minutes_later(split),
        table=split,
    )
    if split.n:
        ninety.figure = _json(figures.ninety_minutes_later(split))

    helped = stats.when_it_helped(rows)
    helped_chart = Chart(
        "helped",
        gettext("What went with a bigger change"),
        words.when_it_helped(helped),
        table=helped,
    )
    if helped.shown:
        helped_chart.figure = _json(figures.when_it_helped(helped))

    start = _start(
        rows, period=period, now=now, zone=zone, first_cry=first_cry, first_weekday=first_weekday
    )
    weeks = stats.cries_per_week(
        rows,
        zone=zone,
        first=start.astimezone(zone).date(),
        last=now.astimezone(zone).date(),
        first_weekday=first_weekday,
    )
    weekly = Chart(
        "weekly",
        gettext("Cries per week"),
        words.cries_per_week(weeks, span=now - start),
        figure=_json(figures.cries_per_week(weeks)),
        table=weeks,
    )
    dashboard.charts = [dip, ninety, helped_chart, weekly]
    dashboard.plotly_locale = figures.locale()
    return dashboard


def _start(
    rows: Sequence[stats.CryRow],
    *,
    period: Period,
    now: datetime,
    zone: tzinfo,
    first_cry: datetime | None,
    first_weekday: int,
) -> datetime:
    """Where the weeks begin: the period's start, or the first cry if that came later.

    A person who began a day ago has one day of cries, not 90 days with 89 empty.
    """
    first = min(rows[-1].ended_at, first_cry) if first_cry else rows[-1].ended_at
    since = period.since(now)
    start = first if since is None else max(since, first)
    # At most MAX_WEEKS whole weeks, this one included, however long ago the first cry was.
    this_week = stats.week_start(now.astimezone(zone).date(), first_weekday)
    earliest = datetime.combine(this_week - timedelta(weeks=MAX_WEEKS - 1), time(), tzinfo=zone)
    return max(start, earliest)
