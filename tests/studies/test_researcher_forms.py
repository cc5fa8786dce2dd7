"""The study form at the edges of each rule: the days' order, the follow-up delay, the number
of participants and the consent text."""

from __future__ import annotations

from typing import Any

import pytest

from crylog.studies.study_forms import StudyForm

# The model's check constraints are checked too, with a query each.
pytestmark = pytest.mark.django_db


def data(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Crying and recovery",
        "run_by": "Mood Lab",
        "contact": "lab@example.org",
        "consent_text": "You agree.",
        "followup_delay_minutes": 90,
        "collects_details": "on",
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-30",
        "max_participants": 30,
    }
    fields.update(changes)
    return fields


def errors(**changes: Any) -> dict[str, list[str]]:
    form = StudyForm(data(**changes))
    form.is_valid()
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def test_the_form_has_the_contract_s_field_names() -> None:
    assert list(StudyForm().fields) == [
        "title",
        "run_by",
        "contact",
        "consent_text",
        "followup_delay_minutes",
        "after_20",
        "collects_details",
        "collects_notes",
        "starts_on",
        "ends_on",
        "max_participants",
        "form_id",
    ]


def test_a_study_of_one_day_is_fine_and_a_last_day_before_the_first_is_not() -> None:
    assert errors(ends_on="2026-03-02") == {}
    assert errors(ends_on="2026-03-01") == {
        "ends_on": ["The last day cannot be before the first day."]
    }


@pytest.mark.parametrize(("minutes", "fine"), [(29, False), (30, True), (240, True), (241, False)])
def test_the_follow_up_comes_30_to_240_minutes_after_a_cry(minutes: int, fine: bool) -> None:
    assert ("followup_delay_minutes" not in errors(followup_delay_minutes=minutes)) is fine


@pytest.mark.parametrize(("most", "fine"), [(0, False), (1, True)])
def test_a_study_takes_at_least_one_participant(most: int, fine: bool) -> None:
    assert ("max_participants" not in errors(max_participants=most)) is fine


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_the_consent_text_is_required(text: str) -> None:
    assert errors(consent_text=text) == {
        "consent_text": ["Write the consent text participants agree to."]
    }


def test_the_consent_text_is_kept_without_the_space_around_it() -> None:
    form = StudyForm(data(consent_text="  You agree.\n"))
    assert form.is_valid()
    assert form.cleaned_data["consent_text"] == "You agree."


@pytest.mark.parametrize("name", ["title", "run_by", "contact", "starts_on", "ends_on"])
def test_each_of_the_study_s_words_and_days_is_required(name: str) -> None:
    assert name in errors(**{name: ""})


def test_unticked_boxes_collect_nothing_more() -> None:
    form = StudyForm(data(collects_details=""))
    assert form.is_valid()
    changes = form.changes()
    assert (changes["collects_details"], changes["collects_notes"], changes["after_20"]) == (
        False,
        False,
        False,
    )
    assert "consent_text" not in changes
    assert "form_id" not in changes


def test_a_new_form_carries_an_id_of_its_own_each_time_it_is_shown() -> None:
    first, second = StudyForm()["form_id"].value(), StudyForm()["form_id"].value()
    assert first
    assert second
    assert first != second
