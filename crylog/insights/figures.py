"""Plotly figures for the trends dashboard, built from the results in ``stats``.

The figures are sized for a 360 px wide phone: no mode bar, no zooming (a finger on a chart
should still scroll the page), short labels. Every trace names its colour *role* in
``meta.role``; static/insights/charts.js paints each role with the CSS custom property
``--chart-<role>``, so the charts follow the light and dark themes of app.css. The colours
written here are the light theme's, for anyone looking at the JSON alone.
"""

import html
import re
from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go
from django.utils import dateformat
from django.utils.formats import date_format, get_format
from django.utils.translation import get_language, gettext, ngettext, pgettext

from crylog.cries.models import Moment
from crylog.insights.stats import (
    DIARY_STUDY,
    DIARY_STUDY_CRIES,
    FEELING_FACTOR,
    MIN_GROUP,
    TRIGGER_FACTOR,
    GroupEffect,
    MomentSpread,
    Outcome,
    OutcomeSplit,
    WeekCount,
    WhenItHelped,
)
from crylog.insights.words import percent, signed, whole_number
from crylog.lib import formats

LIGHT = {
    "faint": "rgba(91, 63, 168, 0.18)",
    "ink": "#5b3fa8",
    "band": "rgba(91, 63, 168, 0.22)",
    "better": "#1f6b45",
    "same": "#8f88a3",
    "worse": "#a4262c",
    "dot": "#5b3fa8",
    "bar": "#5b3fa8",
}
MOMENT_X = {Moment.BEFORE: 0, Moment.RIGHT_AFTER: 1, Moment.AFTER_20: 2, Moment.AFTER_90: 3}


# The words each figure shows are made when it is built, in the language of the page. Plotly's
# own placeholders (%{customdata}) go into a translated sentence through a named one, so that a
# translator sees only words and %(name)s.
def moment_ticks() -> list[str]:
    """The moments under the dip chart, each in a quarter of a phone's width: words of their
    own (context "chart tick"), which a translation may break over two lines with <br>, so
    that plotly.js never tilts them ("direkt<br>danach")."""
    return [
        pgettext("chart tick", "before"),
        pgettext("chart tick", "right<br>after"),
        pgettext("chart tick", "20 min"),
        pgettext("chart tick", "90 min"),
    ]


def outcome_word(kind: Outcome) -> str:
    return {
        Outcome.BETTER: gettext("better"),
        Outcome.SAME: gettext("about the same"),
        Outcome.WORSE: gettext("worse"),
    }[kind]


# Enough faint lines to see the spread; more would only cost bytes and drawing time.
MAX_LINES = 150
# The margins each chart's usual labels take on a phone (tick labels, axis titles, the legend
# in two rows), as plotly fitted them on 294 to 346 px wide charts. Starting from them, plotly
# lays a chart out once; starting from 8 px, it laid each out a second time after measuring
# its labels, a third of the time a chart takes to draw. Longer words (a translation, a wider
# font, more digits) still get room: automargin widens a margin when labels need it, at the
# cost of that second pass.
MARGINS = {
    "dip": {"l": 55, "r": 18, "b": 29},
    "ninety": {"l": 85, "b": 105},
    "helped": {"t": 24, "b": 45},
    "weekly": {"l": 28, "t": 11, "b": 29},
}


def _base_layout(*, height: int, **extra: object) -> dict[str, object]:
    axis = {"fixedrange": True, "automargin": True, "zeroline": False}
    layout: dict[str, object] = {
        # The numbers plotly writes itself (the ticks) take the page's decimal mark and
        # thousands separator: ".," in English, ",." in German.
        "separators": separators(),
        # No plotly.py template: it would add 7 KB per figure that the theme repaints anyway.
        "template": "none",
        "height": height,
        "autosize": True,
        "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
        "font": {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "dragmode": False,
        "hovermode": "closest",
        "showlegend": False,
        "xaxis": dict(axis),
        "yaxis": dict(axis),
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}  # type: ignore[dict-item]
        else:
            layout[key] = value
    return layout


def _zero_line(*, axis: str, label: str) -> tuple[dict[str, object], dict[str, object]]:
    """A dotted line at 0 on ``axis`` ("x" or "y") and its meaning written at one end."""
    other = "y" if axis == "x" else "x"
    refs = {f"{axis}ref": axis, f"{other}ref": "paper"}
    shape: dict[str, object] = {
        "type": "line",
        **refs,
        f"{axis}0": 0,
        f"{axis}1": 0,
        f"{other}0": 0,
        f"{other}1": 1,
        "line": {"width": 1.5, "dash": "dot"},
        "layer": "below",
    }
    annotation: dict[str, object] = {
        "text": label,
        "showarrow": False,
        **refs,
        axis: 0,
        other: 1 if axis == "x" else 0,
        "xanchor": "left",
        "yanchor": "bottom",
        "font": {"size": 11},
    }
    return shape, annotation


def _band_edge(x: list[int], y: list[float | None], *, name: str, fill: bool = False) -> go.Scatter:
    """One edge of the shaded middle half; the lower edge fills up to the upper one."""
    return go.Scatter(
        x=x,
        y=y,
        mode="lines",
        line={"width": 0, "color": LIGHT["band"]},
        hoverinfo="skip",
        meta={"role": "band"},
        name=name,
        **({"fill": "tonexty", "fillcolor": LIGHT["band"]} if fill else {}),
    )


def dip_and_recovery(
    spreads: Sequence[MomentSpread],
    paths: Sequence[Sequence[tuple[str, int]]],
    *,
    zero_label: str | None = None,
    band_label: str | None = None,
) -> go.Figure:
    """Change from before at each moment: a faint line per cry, the median, the middle half.

    ``paths`` come newest first; only the newest MAX_LINES are drawn as lines.
    ``zero_label`` and ``band_label`` name the zero line and the band for someone other than
    the person whose cries they are (a study's group); by default they speak to that person.
    """
    xs: list[int | None] = []
    ys: list[int | None] = []
    for path in paths[:MAX_LINES]:
        if len(path) < 2:
            continue
        xs.extend([MOMENT_X[m] for m, _ in path] + [None])  # type: ignore[index]
        ys.extend([c for _, c in path] + [None])
    known = [s for s in spreads if s.spread.n]
    mx = [0] + [MOMENT_X[s.moment] for s in known]
    median = [0.0] + [s.spread.median for s in known]
    # The hover shows the summary's own strings, so chart and text round alike.
    hover = [["0", ""]] + [
        [signed(s.spread.median), gettext("n=%(n)s") % {"n": whole_number(s.spread.n)}]
        for s in known
    ]
    # Quartiles of fewer than MIN_GROUP changes are no spread: the band leaves those out.
    banded = [s for s in known if s.spread.n >= MIN_GROUP]
    bx = [0] + [MOMENT_X[s.moment] for s in banded]
    q1 = [0.0] + [s.spread.q1 for s in banded]
    q3 = [0.0] + [s.spread.q3 for s in banded]
    band = (
        [
            _band_edge(bx, q3, name=gettext("upper quartile")),
            _band_edge(bx, q1, name=band_label or gettext("middle half of your cries"), fill=True),
        ]
        if banded
        else []
    )
    traces = [
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": LIGHT["faint"], "width": 1},
            hoverinfo="skip",
            meta={"role": "faint"},
            name=gettext("each cry"),
        ),
        *band,
        go.Scatter(
            x=mx,
            y=median,
            mode="lines+markers",
            line={"color": LIGHT["ink"], "width": 4},
            marker={"size": 9, "color": LIGHT["ink"]},
            customdata=hover,
            hovertemplate=gettext("median %(median)s") % {"median": "%{customdata[0]}"}
            + "<br>%{customdata[1]}<extra></extra>",
            meta={"role": "ink"},
            name=gettext("median"),
        ),
    ]
    zero, zero_words = _zero_line(axis="y", label=zero_label or gettext("how you felt before"))
    return go.Figure(
        traces,
        _base_layout(
            height=300,
            margin=MARGINS["dip"],
            xaxis={
                "tickmode": "array",
                "tickvals": list(MOMENT_X.values()),
                "ticktext": moment_ticks(),
                "tickangle": 0,
                "range": [-0.2, 3.2],
                "showgrid": False,
            },
            yaxis={"title": {"text": gettext("points from before")}},
            shapes=[zero],
            annotations=[zero_words],
        ),
    )


def ninety_minutes_later(split: OutcomeSplit) -> go.Figure:
    """Better / same / worse as one stacked bar, above the diary study's split."""
    you = ngettext("you<br>%(count)s cry", "you<br>%(count)s cries", split.n) % {
        "count": whole_number(split.n)
    }
    study = gettext("diary study<br>%(count)s cries") % {"count": whole_number(DIARY_STUDY_CRIES)}
    traces = [
        go.Bar(
            name=outcome_word(kind),
            orientation="h",
            y=[study, you],
            x=[DIARY_STUDY[kind.value], split.percent(kind)],
            text=[formats.percent(DIARY_STUDY[kind.value]), whole_number(split.count(kind))],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            marker={"color": LIGHT[kind.value]},
            customdata=[
                formats.percent(DIARY_STUDY[kind.value]),
                percent(split.count(kind), split.n),
            ],
            hovertemplate=gettext("%(outcome)s: %(share)s")
            % {"outcome": outcome_word(kind), "share": "%{customdata}"}
            + "<extra></extra>",
            meta={"role": kind.value},
        )
        for kind in Outcome
    ]
    return go.Figure(
        traces,
        _base_layout(
            height=220,
            margin=MARGINS["ninety"],
            barmode="stack",
            showlegend=True,
            legend={
                "orientation": "h",
                "x": 0,
                "y": -0.25,
                "yanchor": "top",
                "traceorder": "normal",
            },
            xaxis={
                "range": [0, 100],
                "tickprefix": formats.percent_affixes()[0],
                "ticksuffix": formats.percent_affixes()[1],
                "showgrid": False,
            },
            yaxis={"showgrid": False},
        ),
    )


def _group_label(effect: GroupEffect) -> str:
    # plotly.js reads a label as a little HTML: a name the person gave ("<b>", "&") is escaped
    # so that it shows as typed.
    group = html.escape(str(effect.label), quote=False)
    # Most labels say what they are ("received comfort"); a trigger's or feeling's name alone
    # may not.
    if effect.factor in (TRIGGER_FACTOR, FEELING_FACTOR):
        return gettext("%(factor)s: %(group)s · n=%(n)s") % {
            "factor": effect.factor,
            "group": group,
            "n": whole_number(effect.interval.n),
        }
    return gettext("%(group)s · n=%(n)s") % {
        "group": group,
        "n": whole_number(effect.interval.n),
    }


def when_it_helped(result: WhenItHelped) -> go.Figure:
    """Mean change at 90 minutes for each group with its interval; n in each label.

    A phone has no room for long labels beside the axis, so each label sits above its dot
    and the dots get the whole width.
    """
    shown = list(reversed(result.shown))  # the first group at the top
    rows = list(range(len(shown)))
    lows = [g.interval.low for g in shown]
    highs = [g.interval.high for g in shown]
    left, right = min([0.0, *lows]), max([0.0, *highs])
    pad = max(2.0, (right - left) * 0.08)
    zero, zero_label = _zero_line(axis="x", label=gettext("no change"))
    labels = [
        {
            "text": _group_label(g),
            "showarrow": False,
            "xref": "paper",
            "yref": "y",
            "x": 0,
            "y": row + 0.18,
            "xanchor": "left",
            "yanchor": "bottom",
            "font": {"size": 12},
        }
        for row, g in zip(rows, shown, strict=True)
    ]
    trace = go.Scatter(
        x=[g.interval.mean for g in shown],
        y=rows,
        mode="markers",
        marker={"size": 10, "color": LIGHT["dot"]},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": [h - g.interval.mean for h, g in zip(highs, shown, strict=True)],
            "arrayminus": [g.interval.mean - low for low, g in zip(lows, shown, strict=True)],
            "visible": True,
            "thickness": 2,
            "width": 4,
        },
        customdata=[
            [
                _group_label(g),
                signed(g.interval.mean),
                signed(g.interval.low),
                signed(g.interval.high),
            ]
            for g in shown
        ],
        hovertemplate="%{customdata[0]}<br>"
        + gettext("mean %(mean)s (interval %(low)s to %(high)s)")
        % {"mean": "%{customdata[1]}", "low": "%{customdata[2]}", "high": "%{customdata[3]}"}
        + "<extra></extra>",
        meta={"role": "dot"},
    )
    return go.Figure(
        [trace],
        _base_layout(
            height=90 + 46 * len(shown),
            margin=MARGINS["helped"],
            xaxis={
                "title": {"text": gettext("points from before, 90 minutes later")},
                "range": [left - pad, right + pad],
            },
            yaxis={"range": [-0.6, len(shown) - 0.1], "showticklabels": False, "showgrid": False},
            shapes=[zero],
            annotations=[zero_label, *labels],
        ),
    )


def whole_tick_step(largest: int) -> int:
    """A step of 1, 2, 5, 10, 20, 50… that puts at most five ticks above zero."""
    decade = 1
    while True:
        for step in (decade, 2 * decade, 5 * decade):
            if largest <= 5 * step:
                return step
        decade *= 10


def cries_per_week(weeks: Sequence[WeekCount]) -> go.Figure:
    """A bar per week, at the week's first day: the language's (Sunday or Monday)."""
    trace = go.Bar(
        x=[w.start.isoformat() for w in weeks],
        y=[w.count for w in weeks],
        marker={"color": LIGHT["bar"], "line": {"width": 0}},
        # The hover names the week as the table and the summary do: "7 Dec 2025", "7. Dez. 2025".
        customdata=[
            [date_format(w.start, "SHORT_DATE_FORMAT"), whole_number(w.count)] for w in weeks
        ],
        hovertemplate=gettext("week of %(week)s: %(count)s")
        % {"week": "%{customdata[0]}", "count": "%{customdata[1]}"}
        + "<extra></extra>",
        meta={"role": "bar"},
    )
    return go.Figure(
        [trace],
        _base_layout(
            height=220,
            margin=MARGINS["weekly"],
            bargap=0.15,
            # "7 Dec", "7. Dez.", "7 dic": the month's name from the page's locale (locale()).
            xaxis={
                "type": "date",
                "showgrid": False,
                "tickformat": d3_date_format(str(get_format("SHORT_MONTH_DAY_FORMAT"))),
            },
            # Cries come whole: ticks at whole numbers only (plotly would put one at 0.5).
            yaxis={
                "rangemode": "tozero",
                "tickformat": "d",
                "tick0": 0,
                "dtick": whole_tick_step(max((w.count for w in weeks), default=0)),
            },
        ),
    )


# The page's language for plotly ----------------------------------------------------------
#
# plotly.js writes the ticks of a date axis itself, in its own English unless it is given a
# locale. crylog gives it one made from Django's names of months and days in the active
# language (Django's own catalogues, the ones the page's dates come from), so a chart and
# the sentence above it name a month alike. No plotly locale file is fetched: the page
# carries the names (``locale()``, rendered once per page) and each figure its ``config()``.

# Django's date format characters, each as d3-time-format (plotly's) writes it.
D3_DATE = {
    "j": "%-d",
    "d": "%d",
    "n": "%-m",
    "m": "%m",
    "b": "%b",
    "M": "%b",
    "N": "%b",
    "F": "%B",
    "E": "%B",
    "D": "%a",
    "l": "%A",
    "y": "%y",
    "Y": "%Y",
}
MONTH_ABBREVIATIONS = "bMN"
DJANGO_DATE_PIECE = re.compile(r"\\(.)|([a-zA-Z])|(.)", re.DOTALL)


def d3_date_format(django_format: str) -> str:
    """A Django date format (days, months, years, weekdays) as plotly writes one:
    "j. N" → "%-d. %b". The month's short name is the one ``locale()`` gives plotly."""
    pieces = []
    for escaped, letter, other in DJANGO_DATE_PIECE.findall(django_format):
        if letter and letter not in D3_DATE:
            raise ValueError(f"plotly cannot write {letter!r} of {django_format!r}")
        literal = escaped or other
        pieces.append(D3_DATE[letter] if letter else literal.replace("%", "%%"))
    return "".join(pieces)


def _short_month_letter() -> str:
    """Which of Django's short month names the language's short dates use (M, N or b)."""
    short = str(get_format("SHORT_MONTH_DAY_FORMAT"))
    plain = re.sub(r"\\.", "", short)
    return next((letter for letter in plain if letter in MONTH_ABBREVIATIONS), "M")


def locale() -> dict[str, object]:
    """plotly's locale for the active language: its months and days as Django names them,
    and its decimal mark and thousands separator. d3 counts weekdays from Sunday."""
    months = [date(2001, month, 1) for month in range(1, 13)]
    sunday_first = [date(2001, 1, 7 + day) for day in range(7)]  # 7 January 2001: a Sunday
    letter = _short_month_letter()
    return {
        "moduleType": "locale",
        "name": get_language(),
        "format": {
            "months": [dateformat.format(day, "F") for day in months],
            "shortMonths": [dateformat.format(day, letter) for day in months],
            "days": [dateformat.format(day, "l") for day in sunday_first],
            "shortDays": [dateformat.format(day, "D") for day in sunday_first],
            "decimal": str(get_format("DECIMAL_SEPARATOR")),
            "thousands": str(get_format("THOUSAND_SEPARATOR")),
        },
    }


def separators() -> str:
    """plotly's ``layout.separators``: the decimal mark, then the thousands separator."""
    return str(get_format("DECIMAL_SEPARATOR")) + str(get_format("THOUSAND_SEPARATOR"))


def config() -> dict[str, object]:
    """What each figure's JSON carries for plotly.js's config: the locale it is drawn in,
    whose names static/insights/charts.js takes from the page (``locale()``)."""
    return {"locale": get_language()}
