"""The group's dip and recovery on the researcher's study page: its numbers for a known set,
no middle half under MIN_GROUP cries, the empty state, and its words all translatable."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import timezone, translation

from crylog.cries.models import Cry, Moment, MoodRating
from crylog.insights import figures
from crylog.insights.dashboard import Chart
from crylog.insights.stats import LATER_MOMENTS, MIN_GROUP, CryRow, MomentSpread, Spread
from crylog.studies import group, services
from crylog.studies.models import Participant, Study
from tests.conftest import make_user
from tests.i18n.pseudo import offer_pseudo_language
from tests.i18n.test_pseudo_locale import page_problems
from tests.studies.factories import join, make_study

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
START = NOW - timedelta(days=2)


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def a_cry(participant: Participant, hours: int, **valences: int) -> Cry:
    """A cry ``hours`` after START, rated at the given moments (before recalled)."""
    ended = START + timedelta(hours=hours)
    cry = Cry.objects.create(user=participant.user, ended_at=ended)
    for moment, valence in valences.items():
        MoodRating.objects.create(
            cry=cry,
            moment=moment,
            valence=valence,
            given_at=ended,
            is_recalled=moment == Moment.BEFORE,
        )
    return cry


def chart_of(context: dict[str, object]) -> Chart:
    chart = context["chart"]
    assert isinstance(chart, Chart)
    return chart


def figure_of(context: dict[str, object]) -> dict[str, Any]:
    figure = chart_of(context).figure
    assert figure is not None
    return figure


def a_study() -> Study:
    return make_study(starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 31))


def known_group() -> tuple[Study, Participant, Participant]:
    """Five cries from two participants: right after −20, −15, −10, −5, 0 from before; at 90
    minutes −5, 0, +5, +10, +20; at 20 minutes two of them, −8 and −2."""
    study = a_study()
    one = join(study, make_user(), at=START - timedelta(hours=1))
    two = join(study, make_user(), at=START - timedelta(hours=1))
    a_cry(one, 1, before=60, right_after=40, after_20=52, after_90=55)
    a_cry(one, 2, before=60, right_after=45, after_20=58, after_90=60)
    a_cry(one, 3, before=50, right_after=40, after_90=55)
    a_cry(two, 4, before=50, right_after=45, after_90=60)
    a_cry(two, 5, before=50, right_after=50, after_90=70)
    return study, one, two


def test_the_group_shows_median_middle_half_and_n_at_each_moment() -> None:
    study, _one, _two = known_group()
    context = group.group_context(study)
    assert (context["count"], context["participants"]) == (5, 2)
    chart = chart_of(context)
    spreads = {s.moment: s.spread for s in chart.table}
    assert spreads[Moment.RIGHT_AFTER] == Spread(5, -10, -15, -5)
    assert spreads[Moment.AFTER_20] == Spread(2, -5, -6.5, -3.5)
    assert spreads[Moment.AFTER_90] == Spread(5, 5, 0, 10)
    assert chart.summary == [
        "5 cries received from 2 participants. Each cry counts once, so whoever cried more "
        "often weighs more in these numbers.",
        "Right after crying, mood was a median −10 points from how they felt before (5 cries "
        "with both ratings; the middle half between −15 and −5).",
        "At 20 minutes: a median −5 points from before (2 cries; the middle half shows from 5 "
        "cries, 3 more).",
        "At 90 minutes: a median +5 points from before (5 cries; the middle half between 0 and "
        "+10).",
        "5 of the 5 “before” ratings were recalled after the cry rather than given before it, "
        "and a remembered mood may differ from the real one; the export's recalled column "
        "tells them apart.",
    ]


def test_the_figure_speaks_of_the_group_draws_no_band_under_min_group_and_no_lines() -> None:
    study, _one, _two = known_group()
    figure = figure_of(group.group_context(study))
    traces = {trace["meta"]["role"]: trace for trace in figure["data"] if trace["x"]}
    band = [trace for trace in figure["data"] if trace["meta"]["role"] == "band"]
    # The band at before, right after and 90 minutes; 20 minutes has 2 cries, under 5.
    assert [list(trace["x"]) for trace in band] == [[0, 1, 3], [0, 1, 3]]
    assert band[1]["name"] == "middle half of the cries"
    assert list(traces["ink"]["x"]) == [0, 1, 2, 3]
    assert [row[1] for row in traces["ink"]["customdata"]] == ["", "n=5", "n=2", "n=5"]
    assert "faint" not in traces  # no line per cry: its trace is empty
    assert figure["layout"]["annotations"][0]["text"] == "how they felt before"


def test_the_persons_own_figure_keeps_its_words() -> None:
    spreads = [MomentSpread(m, Spread(5, -10, -15, -5)) for m in LATER_MOMENTS]
    figure = figures.dip_and_recovery(spreads, [])
    assert figure.layout.annotations[0].text == "how you felt before"
    assert figure.data[2].name == "middle half of your cries"


def test_under_min_group_cries_there_is_no_band_and_the_words_say_how_many_more() -> None:
    study = a_study()
    one = join(study, make_user(), at=START)
    for hours in range(1, MIN_GROUP):  # one cry fewer than MIN_GROUP
        a_cry(one, hours, before=60, right_after=50, after_90=65)
    context = group.group_context(study)
    figure = figure_of(context)
    assert not [trace for trace in figure["data"] if trace["meta"]["role"] == "band"]
    assert (
        "4 cries with both ratings; the middle half shows from 5 cries, 1 more"
        in (chart_of(context).summary[1])
    )
    html = render_to_string("studies/group.html", {"group": context})
    assert "shows from 5 cries" in html
    a_cry(one, MIN_GROUP, before=60, right_after=50, after_90=65)
    figure = figure_of(group.group_context(study))
    assert [trace for trace in figure["data"] if trace["meta"]["role"] == "band"]


def test_only_the_received_cries_of_participants_whose_data_is_used_count() -> None:
    study, one, two = known_group()
    services.participant_withdraw(participant=two, keep=False, now=timezone.now())
    kept_out = Cry.objects.filter(user=one.user).order_by("ended_at").first()
    assert kept_out is not None
    services.cry_keep_out(participant=one, cry=kept_out, excluded=True)
    context = group.group_context(study)
    assert (context["count"], context["participants"]) == (2, 1)


def test_the_page_part_draws_the_figure_with_the_dashboards_script_and_says_it_in_words() -> None:
    study, _one, _two = known_group()
    html = render_to_string("studies/group.html", {"group": group.group_context(study)})
    assert '<script type="module" src="/static/insights/charts.js"></script>' in html
    assert 'data-plotly-src="/static/vendor/plotly/plotly-basic.min.js"' in html
    assert 'data-figure="chart-dip-figure" aria-hidden="true"' in html
    found = re.search(r'<script id="chart-dip-figure" type="application/json">(.*?)</script>', html)
    assert found is not None
    assert json.loads(found[1])["config"] == {"locale": "en"}
    assert '<script id="group-plotly-locale" type="application/json">' in html
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert "median −10 points from how they felt before (5 cries" in html
    assert re.search(r"right after</th><td>5</td>\s*<td>−10</td><td>−15 to −5</td>", html)


def test_with_no_ratings_received_the_page_says_so_and_draws_nothing() -> None:
    study = a_study()
    join(study, make_user(), at=START)
    context = group.group_context(study)
    assert context["count"] == 0
    html = render_to_string("studies/group.html", {"group": context})
    assert "No ratings received yet" in html
    assert "data-figure" not in html
    assert "<script" not in html


def test_cries_without_a_before_rating_say_there_is_no_dip_and_draw_none() -> None:
    rows = [CryRow(NOW, right_after=40, after_90=50)]
    context = group.build(rows, participants=1)
    assert chart_of(context).figure is None
    assert "no dip to show" in chart_of(context).summary[1]
    html = render_to_string("studies/group.html", {"group": context})
    assert "data-figure" not in html
    assert "no ratings yet" in html


def test_every_word_of_the_group_is_translatable(settings: object, tmp_path: Path) -> None:
    pseudo = offer_pseudo_language(settings, tmp_path / "locale")
    study, _one, _two = known_group()
    empty = a_study()
    with translation.override(pseudo):
        pages: dict[str, str] = {
            "group": render_to_string("studies/group.html", {"group": group.group_context(study)}),
            "empty": render_to_string("studies/group.html", {"group": group.group_context(empty)}),
        }
    assert "⟦The group's dip and recovery⟧" in pages["group"]
    assert page_problems(pages) == []


def test_german_and_spanish_have_the_groups_words() -> None:
    study, _one, _two = known_group()
    for language in ("de", "es"):
        with translation.override(language):
            html = render_to_string("studies/group.html", {"group": group.group_context(study)})
        assert "The group's dip and recovery" not in html, language
        assert "how they felt before" not in html, language
