"""The trends page counts a check-in held in quiet hours as such, not as missed."""

from calendar import MONDAY
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from crylog.cries import services as cry_services
from crylog.followups.models import FollowUp
from crylog.insights import dashboard
from crylog.insights.stats import CryRow, followup_window
from tests.conftest import make_user
from tests.followups.conftest import run_worker

BERLIN = ZoneInfo("Europe/Berlin")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 1, 15, hour, minute, tzinfo=BERLIN)


@pytest.mark.django_db
def test_a_check_in_held_in_quiet_hours_is_counted_apart_not_as_missed(
    clock: TimeMachineFixture,
) -> None:
    person = make_user(timezone="Europe/Berlin", quiet_start=time(23), quiet_end=time(7))
    client = Client()
    client.force_login(person)

    def cry(ended: datetime) -> FollowUp:
        clock.move_to(ended, tick=False)
        return cry_services.cry_create(user=person, valence=40).followups.get()

    def deliver(when: datetime) -> None:
        clock.move_to(when, tick=False)
        run_worker()

    def answer(followup: FollowUp, when: datetime) -> None:
        clock.move_to(when, tick=False)
        client.post(reverse("followup-answer", args=[followup.pk]), {"valence": "60"})

    missed = cry(at(12))  # due 13:30, reminded, never answered
    deliver(at(13, 30))
    answered = cry(at(14))  # due 15:30, reminded, answered
    deliver(at(15, 30))
    answer(answered, at(15, 40))
    held = cry(at(21, 30))  # due 23:00: quiet hours, never answered
    held_then_answered = cry(at(22))  # due 23:30: quiet hours, answered from the home page
    deliver(at(23))
    deliver(at(23, 30))
    answer(held_then_answered, at(23, 45))
    states = [f.state for f in FollowUp.objects.filter(pk__in=[missed.pk, held.pk, answered.pk])]
    assert sorted(states) == ["answered", "quiet", "sent"]

    clock.move_to(at(12) + timedelta(days=2), tick=False)
    text = client.get(reverse("insights-dashboard")).content.decode()
    assert "for 2 of 2 cries whose check-in was due (100%)" not in text
    assert "You answered the 90-minute check-in for 2 of 3 cries whose check-in was due" in text
    assert (
        "1 check-in came due in your quiet hours, so no reminder went out; "
        "it is not counted as missed."
    ) in text


def row(ended_at: datetime, after_90: int | None) -> CryRow:
    return CryRow(ended_at, before=60, right_after=45, after_90=after_90)


def test_the_dashboard_counts_quiet_hours_from_plain_rows() -> None:
    ended = [at(12) - timedelta(days=n) for n in range(4)]
    rows = [row(ended[0], 70), row(ended[1], None), row(ended[2], None), row(ended[3], None)]
    page = dashboard.build(
        rows,
        period=dashboard.DEFAULT_PERIOD,
        now=at(12) + timedelta(days=1),
        zone=BERLIN,
        followup_window=followup_window(90),
        first_weekday=MONDAY,
        quiet=frozenset({ended[1], ended[2]}),
    )
    text = " ".join(page.check_ins)
    assert "for 1 of 2 cries whose check-in was due" in text
    assert "2 check-ins came due in your quiet hours" in text
    assert "they are not counted as missed" in text
