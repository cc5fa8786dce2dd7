"""The numbers behind the trends dashboard, as pure functions over plain rows.

Nothing here touches the database: ``queries.cry_rows`` turns cries into ``CryRow``s and
everything below works on those, so each function can be checked with numbers worked out
by hand. Moods are valence points (0–100); a *change* is a later rating minus ``before``.
"""

from __future__ import annotations

import enum
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crylog.cries.models import Company, Feeling, Moment, Trigger

Label = str | Promise  # words shown on the page, translated when they are read

# Within this many points of "before" counts as the same mood (the diary studies' "no change").
SAME_BAND = 10
# A group with fewer cries than this is not shown: its mean says too little. The same floor
# holds for quartiles (a "middle half" of one or two values is no spread at all) and for the
# dip drawn from real baselines alone.
MIN_GROUP = 5
# The confidence the "what went with a bigger change" intervals hold together, for all groups.
FAMILY_LEVEL = 0.95
# Bylsma, Croon, Vingerhoets & Rottenberg 2011: 1,004 cries in daily diaries.
DIARY_STUDY = {"better": 30, "same": 61, "worse": 9}
DIARY_STUDY_CRIES = 1004

LATER_MOMENTS = (Moment.RIGHT_AFTER, Moment.AFTER_20, Moment.AFTER_90)


@dataclass(frozen=True, slots=True)
class CryRow:
    """One cry with its mood ratings (valence, or None when not given) and details."""

    ended_at: datetime
    before: int | None = None
    right_after: int | None = None
    after_20: int | None = None
    after_90: int | None = None
    after_90_late: bool = False
    company: str = ""
    support: bool | None = None
    held_back: bool | None = None
    shame: int | None = None
    intensity: int | None = None
    triggers: tuple[str, ...] = ()
    is_demo: bool = False
    before_recalled: bool = False  # remembered afterwards rather than given before the cry
    own_triggers: tuple[str, ...] = ()  # the names of the person's own triggers it has
    feelings: tuple[str, ...] = ()

    def valence(self, moment: str) -> int | None:
        value: int | None = getattr(self, str(moment))
        return value


# Per cry ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CryChange:
    """How one cry's mood moved. Each number is None when a rating it needs is missing."""

    dip: int | None  # right_after − before
    recovery_20: int | None  # after_20 − before
    recovery_90: int | None  # after_90 − before
    rise: int | None  # after_90 − right_after: needs no before


def _minus(later: int | None, earlier: int | None) -> int | None:
    return None if later is None or earlier is None else later - earlier


def cry_change(row: CryRow) -> CryChange:
    return CryChange(
        dip=_minus(row.right_after, row.before),
        recovery_20=_minus(row.after_20, row.before),
        recovery_90=recovery_90(row),
        rise=_minus(row.after_90, row.right_after),
    )


def change_from_before(row: CryRow, moment: str) -> int | None:
    return _minus(row.valence(moment), row.before)


def recovery_90(row: CryRow) -> int | None:
    """After 90 minus before: the number "better / same / worse" and "when it helped" use."""
    return _minus(row.after_90, row.before)


# Per moment ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Spread:
    """Median and interquartile range of some changes, and how many cries they come from."""

    n: int
    median: float | None
    q1: float | None
    q3: float | None


def spread(values: Sequence[float]) -> Spread:
    """Quartiles by linear interpolation between order statistics (numpy's default)."""
    if not values:
        return Spread(0, None, None, None)
    if len(values) == 1:
        only = float(values[0])
        return Spread(1, only, only, only)
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Spread(len(values), median, q1, q3)


@dataclass(frozen=True, slots=True)
class MomentSpread:
    moment: Moment
    spread: Spread


def moment_spreads(rows: Iterable[CryRow]) -> list[MomentSpread]:
    """Change from before at right after, 20 and 90 minutes, over the cries that have both."""
    with_before = [row for row in rows if row.before is not None]
    result = []
    for moment in LATER_MOMENTS:
        name = str(moment)
        changes = [
            value - row.before for row in with_before if (value := getattr(row, name)) is not None
        ]
        result.append(MomentSpread(moment, spread(changes)))
    return result


def change_path(row: CryRow) -> list[tuple[Moment, int]]:
    """One cry's change from before at each moment it has, starting at 0 for before itself."""
    if row.before is None:
        return []
    return [(Moment.BEFORE, 0)] + [
        (moment, c)
        for moment in LATER_MOMENTS
        if (c := change_from_before(row, moment)) is not None
    ]


def rise_without_before(rows: Iterable[CryRow]) -> int:
    """How many of the cries in ``rise_spread`` have no before rating."""
    return sum(
        row.after_90 is not None and row.right_after is not None and row.before is None
        for row in rows
    )


@dataclass(frozen=True, slots=True)
class Baselines:
    """Before ratings: how many there are, and how many were remembered afterwards."""

    given: int
    recalled: int

    @property
    def real(self) -> int:
        """Given before the cry (a planned cry), like the diary study's baseline."""
        return self.given - self.recalled


def baselines(rows: Iterable[CryRow]) -> Baselines:
    with_before = [row for row in rows if row.before is not None]
    return Baselines(len(with_before), sum(row.before_recalled for row in with_before))


def with_real_baseline(rows: Iterable[CryRow]) -> list[CryRow]:
    return [row for row in rows if row.before is not None and not row.before_recalled]


def rise_spread(rows: Iterable[CryRow]) -> Spread:
    """After 90 minus right after: the climb out of the dip, which needs no before rating."""
    return spread(
        [
            row.after_90 - row.right_after
            for row in rows
            if row.after_90 is not None and row.right_after is not None
        ]
    )


# 90 minutes later ------------------------------------------------------------------------


class Outcome(enum.StrEnum):
    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


def outcome(change: int) -> Outcome:
    if change > SAME_BAND:
        return Outcome.BETTER
    if change < -SAME_BAND:
        return Outcome.WORSE
    return Outcome.SAME


@dataclass(frozen=True, slots=True)
class OutcomeSplit:
    better: int
    same: int
    worse: int
    median_change: float | None

    @property
    def n(self) -> int:
        return self.better + self.same + self.worse

    def count(self, kind: Outcome) -> int:
        return int(getattr(self, kind.value))

    def percent(self, kind: Outcome) -> float:
        return 100 * self.count(kind) / self.n if self.n else 0.0


def outcome_split(rows: Iterable[CryRow]) -> OutcomeSplit:
    """Better / same / worse at 90 minutes than before, with a ±SAME_BAND band for "same"."""
    changes = [change for row in rows if (change := recovery_90(row)) is not None]
    counts = Counter(outcome(c) for c in changes)
    return OutcomeSplit(
        better=counts[Outcome.BETTER],
        same=counts[Outcome.SAME],
        worse=counts[Outcome.WORSE],
        median_change=statistics.median(changes) if changes else None,
    )


# What went with a bigger change ----------------------------------------------------------


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny, eps = 1e-300, 1e-16
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 1000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1) < eps:
            break
    return result


def regularized_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), the regularized incomplete beta function, for 0 ≤ x ≤ 1."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
        + a * math.log(x) + b * math.log1p(-x)
    )  # fmt: skip
    front = math.exp(log_front)
    # The fraction converges quickly only on this side of the mean; use symmetry otherwise.
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1 - front * _beta_fraction(b, a, 1 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with ``df`` degrees of freedom."""
    tail = regularized_beta(df / (df + t * t), df / 2, 0.5) / 2
    return 1 - tail if t > 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The t with P(T ≤ t) = p, found by bisection on ``t_cdf`` to the last bits of a float.

    Exact where a table of three decimals is not: a bound printed to whole points flips at a
    .5 edge with an error of 0.0004 in the quantile.
    """
    if not 0 < p < 1:
        raise ValueError("p must lie strictly between 0 and 1")
    if df <= 0:
        raise ValueError("a t interval needs at least 2 values")
    if p < 0.5:
        return -t_quantile(1 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2
    for _step in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2


@dataclass(frozen=True, slots=True)
class MeanInterval:
    n: int
    mean: float
    low: float
    high: float


def mean_interval(values: Sequence[float], *, level: float = 0.95) -> MeanInterval:
    """Mean with a t interval at confidence ``level``; needs at least 2 values."""
    n = len(values)
    mean = statistics.fmean(values)
    half = t_quantile(1 - (1 - level) / 2, n - 1) * statistics.stdev(values) / math.sqrt(n)
    return MeanInterval(n, mean, mean - half, mean + half)


_COMPANY = dict(Company.choices)
_TRIGGER = dict(Trigger.choices)
_FEELING = dict(Feeling.choices)
# The words are lazy: they are read (and compared, as keys) in the language of the page.
COMFORT = {True: _("received comfort"), False: _("no comfort")}
HOLDING_BACK = {True: _("held tears back"), False: _("let them come")}
SHAME_BANDS = (_("little or no shame (0–1)"), _("some or more shame (2–4)"))
INTENSITY_BANDS = (
    _("urge or moist eyes (0–1)"),
    _("some tears (2)"),
    _("crying or sobbing (3–4)"),
)
COMPANY_FACTOR = pgettext_lazy("factor", "company")
COMFORT_FACTOR = pgettext_lazy("factor", "comfort")
HOLDING_BACK_FACTOR = pgettext_lazy("factor", "holding back")
SHAME_FACTOR = pgettext_lazy("factor", "shame")
INTENSITY_FACTOR = pgettext_lazy("factor", "intensity")
TRIGGER_FACTOR = pgettext_lazy("factor", "trigger")
FEELING_FACTOR = pgettext_lazy("factor", "feeling")
# Every (factor, group) of crylog's own in the order the dashboard lists them; a person's own
# triggers come after the built-in ones, by name, before the feelings.
GROUPS: list[tuple[Label, Label]] = [
    *((COMPANY_FACTOR, label) for label in _COMPANY.values()),
    *((COMFORT_FACTOR, label) for label in COMFORT.values()),
    *((HOLDING_BACK_FACTOR, label) for label in HOLDING_BACK.values()),
    *((SHAME_FACTOR, label) for label in SHAME_BANDS),
    *((INTENSITY_FACTOR, label) for label in INTENSITY_BANDS),
    *((TRIGGER_FACTOR, label) for label in _TRIGGER.values()),
    *((FEELING_FACTOR, label) for label in _FEELING.values()),
]
# What tells groups apart, whatever the language: an own trigger called "loss" is not the
# built-in "loss". (kind, value): ("group", its index in GROUPS), or ("own", its name).
_GroupKey = tuple[str, int | str]
_OWN_AT = len(GROUPS) - len(_FEELING)  # where own triggers go among GROUPS


def _keyed_groups(row: CryRow) -> list[tuple[_GroupKey, Label, Label]]:
    """The groups a cry belongs to, each with its key; a detail left empty puts it in none."""
    found: list[int] = []
    if row.company in _COMPANY:
        found.append(list(_COMPANY).index(row.company))
    at = len(_COMPANY)
    if row.support is not None:
        found.append(at + (not row.support))
    at += len(COMFORT)
    if row.held_back is not None:
        found.append(at + (not row.held_back))
    at += len(HOLDING_BACK)
    if row.shame is not None:
        found.append(at + (row.shame >= 2))
    at += len(SHAME_BANDS)
    if row.intensity is not None:
        found.append(at + (row.intensity >= 2) + (row.intensity >= 3))
    at += len(INTENSITY_BANDS)
    found.extend(at + list(_TRIGGER).index(t) for t in dict.fromkeys(row.triggers) if t in _TRIGGER)
    at += len(_TRIGGER)
    keyed: list[tuple[_GroupKey, Label, Label]] = [
        (("group", index), *GROUPS[index]) for index in found
    ]
    keyed.extend((("own", name), TRIGGER_FACTOR, name) for name in dict.fromkeys(row.own_triggers))
    keyed.extend(
        (("group", at + list(_FEELING).index(f)), FEELING_FACTOR, _FEELING[f])
        for f in dict.fromkeys(row.feelings)
        if f in _FEELING
    )
    return keyed


def groups_of(row: CryRow) -> list[tuple[Label, Label]]:
    """The (factor, group) pairs a cry belongs to; a detail left empty puts it in none."""
    return [(factor, label) for _key, factor, label in _keyed_groups(row)]


@dataclass(frozen=True, slots=True)
class GroupEffect:
    factor: Label
    label: Label
    interval: MeanInterval


@dataclass(frozen=True, slots=True)
class HiddenGroup:
    factor: Label
    label: Label
    n: int


@dataclass(frozen=True, slots=True)
class WhenItHelped:
    shown: list[GroupEffect]
    hidden: list[HiddenGroup]  # groups with 1 to MIN_GROUP − 1 cries
    n: int  # cries with both before and after_90, the ones every group draws from
    level: float = FAMILY_LEVEL  # each shown interval's own confidence level

    @property
    def compared(self) -> int:
        return len(self.shown)


def when_it_helped(rows: Iterable[CryRow], *, min_group: int = MIN_GROUP) -> WhenItHelped:
    """Mean change at 90 minutes with its interval, for each group of cries.

    With many groups side by side, some differ by chance alone; the intervals are widened
    for the number of groups shown (Bonferroni), so that together they hold FAMILY_LEVEL.
    """
    changes: dict[_GroupKey, list[int]] = defaultdict(list)
    own: set[str] = set()
    n = 0
    for row in rows:
        if (change := recovery_90(row)) is None:
            continue
        n += 1
        for key, _factor, _label in _keyed_groups(row):
            changes[key].append(change)
        own.update(row.own_triggers)
    # A person's own triggers, by name, between the built-in triggers and the feelings: the
    # same floor and the same widening as every other group.
    order: list[tuple[_GroupKey, Label, Label]] = [
        (("group", index), *group) for index, group in enumerate(GROUPS)
    ]
    order[_OWN_AT:_OWN_AT] = [
        (("own", name), TRIGGER_FACTOR, name) for name in sorted(own, key=str.casefold)
    ]
    big_enough, hidden = [], []
    for key, factor, label in order:
        values = changes.get(key, [])
        if len(values) >= max(min_group, 2):
            big_enough.append((factor, label, values))
        elif values:
            hidden.append(HiddenGroup(factor, label, len(values)))
    level = 1 - (1 - FAMILY_LEVEL) / max(len(big_enough), 1)
    shown = [
        GroupEffect(factor, label, mean_interval(values, level=level))
        for factor, label, values in big_enough
    ]
    return WhenItHelped(shown, hidden, n, level)


# Over time -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeekCount:
    start: date  # the week's first day
    count: int


def week_start(day: date, first_weekday: int) -> date:
    """The first day of the week ``day`` is in, for weeks that start on ``first_weekday``
    (as ``date.weekday()`` counts: ``calendar.MONDAY`` is 0, ``calendar.SUNDAY`` 6)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def cries_per_week(
    rows: Iterable[CryRow], *, zone: tzinfo, first: date, last: date, first_weekday: int
) -> list[WeekCount]:
    """Cries in each week in the person's time zone, empty weeks included. Weeks start on
    ``first_weekday``, the language's first day of the week (Sunday in English, Monday in
    German and Spanish; ``crylog.lib.formats.first_weekday``)."""
    counts = Counter(
        week_start(row.ended_at.astimezone(zone).date(), first_weekday) for row in rows
    )
    start, end = week_start(first, first_weekday), week_start(last, first_weekday)
    weeks = []
    while start <= end:
        weeks.append(WeekCount(start, counts[start]))
        start += timedelta(weeks=1)
    return weeks


# Follow-ups ------------------------------------------------------------------------------


# A follow-up answered up to this long after it was due still counts as on time (60–150 min
# after the cry for the default 90-minute reminder); later answers are kept and flagged late.
FOLLOWUP_GRACE = timedelta(minutes=60)


def followup_window(delay_minutes: int) -> timedelta:
    """How long after a cry ends its follow-up can still be answered on time."""
    return timedelta(minutes=delay_minutes) + FOLLOWUP_GRACE


class FollowupState(enum.StrEnum):
    ANSWERED = "answered"
    MISSED = "missed"
    WAITING = "waiting"  # still inside its window: neither answered nor missed yet


def followup_state(row: CryRow, *, now: datetime, window: timedelta) -> FollowupState:
    """Whether a cry's 90-minute check-in was answered, missed, or may still come.

    The one place that decides it: it reads the after_90 rating today and can read the
    follow-up's own record once there is one.
    """
    if row.after_90 is not None:
        return FollowupState.ANSWERED
    if now - row.ended_at > window:
        return FollowupState.MISSED
    return FollowupState.WAITING


@dataclass(frozen=True, slots=True)
class Completion:
    answered: int
    missed: int
    waiting: int
    late: int  # answered, but after the window closed

    @property
    def due(self) -> int:
        return self.answered + self.missed

    @property
    def rate(self) -> float | None:
        return self.answered / self.due if self.due else None

    @property
    def late_share(self) -> float | None:
        return self.late / self.answered if self.answered else None


def completion(rows: Iterable[CryRow], *, now: datetime, window: timedelta) -> Completion:
    counts: Counter[FollowupState] = Counter()
    late = 0
    for row in rows:
        state = followup_state(row, now=now, window=window)
        counts[state] += 1
        late += state is FollowupState.ANSWERED and row.after_90_late
    return Completion(
        answered=counts[FollowupState.ANSWERED],
        missed=counts[FollowupState.MISSED],
        waiting=counts[FollowupState.WAITING],
        late=late,
    )
