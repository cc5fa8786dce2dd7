"""A person's own triggers and the feelings in "What went with a bigger change": groups like
every other, with the same floor, the same widening and the same honesty."""

import pytest

from crylog.accounts.models import User
from crylog.cries.models import OwnTrigger
from crylog.insights import figures
from crylog.insights.queries import cry_rows
from crylog.insights.stats import MIN_GROUP, CryRow, groups_of, when_it_helped
from crylog.insights.words import when_it_helped as helped_words
from tests.conftest import make_cry
from tests.insights.test_stats import NOON, cry


def rows_with(count: int, **fields: object) -> list[CryRow]:
    return [cry(before=50, after_90=50 + 10 * n, **fields) for n in range(count)]


@pytest.mark.parametrize(("count", "shown"), [(MIN_GROUP - 1, False), (MIN_GROUP, True)])
def test_an_own_trigger_is_shown_from_the_same_group_size_as_the_rest(
    count: int, shown: bool
) -> None:
    result = when_it_helped(rows_with(count, own_triggers=("Work",)))
    assert [(str(g.factor), g.label) for g in result.shown] == ([("trigger", "Work")] * shown)
    assert [(str(h.factor), h.label, h.n) for h in result.hidden] == (
        [] if shown else [("trigger", "Work", MIN_GROUP - 1)]
    )


@pytest.mark.parametrize(("count", "shown"), [(MIN_GROUP - 1, False), (MIN_GROUP, True)])
def test_a_feeling_is_shown_from_the_same_group_size_as_the_rest(count: int, shown: bool) -> None:
    result = when_it_helped(rows_with(count, feelings=("moved",)))
    assert [(str(g.factor), str(g.label)) for g in result.shown] == ([("feeling", "moved")] * shown)
    assert len(result.hidden) == (not shown)


def test_an_own_trigger_named_like_a_built_in_one_is_a_group_of_its_own() -> None:
    rows = rows_with(MIN_GROUP, triggers=("loss",)) + rows_with(MIN_GROUP, own_triggers=("loss",))
    result = when_it_helped(rows)
    assert [(str(g.factor), str(g.label), g.interval.n) for g in result.shown] == [
        ("trigger", "loss", MIN_GROUP),
        ("trigger", "loss", MIN_GROUP),
    ]
    # Two groups side by side: each interval is widened for both.
    assert result.compared == 2
    assert result.level == pytest.approx(0.975)


def test_own_triggers_come_after_the_built_in_ones_by_name_and_before_the_feelings() -> None:
    rows = rows_with(
        MIN_GROUP,
        triggers=("overload",),
        own_triggers=("work", "Family"),
        feelings=("sad",),
        company="alone",
    )
    labels = [str(g.label) for g in when_it_helped(rows).shown]
    assert labels == ["alone", "overload", "Family", "work", "sad"]


def test_a_cry_named_twice_counts_once_in_each_of_its_groups() -> None:
    row = cry(before=50, after_90=60, own_triggers=("Work", "Work"), feelings=("sad", "sad"))
    assert [(str(f), str(label)) for f, label in groups_of(row)] == [
        ("trigger", "Work"),
        ("feeling", "sad"),
    ]


def test_the_words_and_the_figure_name_an_own_trigger_as_it_was_typed() -> None:
    result = when_it_helped(rows_with(MIN_GROUP, own_triggers=("<b>Boss & co</b>",)))
    sentence = " ".join(helped_words(result))
    assert "“<b>Boss & co</b>”" in sentence  # escaped by the template, like any word
    assert "tended to" in sentence
    figure = figures.when_it_helped(result).to_plotly_json()
    [label] = [a["text"] for a in figure["layout"]["annotations"] if "n=" in a["text"]]
    assert label.startswith("trigger: &lt;b&gt;Boss &amp; co&lt;/b&gt;")


@pytest.mark.django_db
def test_rows_carry_a_cry_s_own_triggers_and_feelings_and_nobody_elses(
    user: User, stranger: User
) -> None:
    work = OwnTrigger.objects.create(user=user, name="work")
    family = OwnTrigger.objects.create(user=user, name="Family")
    theirs = OwnTrigger.objects.create(user=stranger, name="Theirs")
    named = make_cry(user, ended_at=NOON, feelings=["sad", "moved"])
    named.own_triggers.add(work, family)
    make_cry(user)
    make_cry(stranger).own_triggers.add(theirs)

    newest, oldest = cry_rows(user, since=None)
    assert (newest.own_triggers, newest.feelings) == ((), ())
    assert (oldest.own_triggers, oldest.feelings) == (("Family", "work"), ("sad", "moved"))
