"""The edges of the rules about time: a claim's lease, and when an answer counts as "≈ 90".

Each rule is pinned from both sides, one step inside and one step outside it, with the
clock moved between steps rather than held at one instant.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.cries.models import Moment
from crylog.followups.deliver import claim, deliver, sweep
from crylog.followups.models import FollowUp
from tests.followups.conftest import subscribe
from tests.followups.push_service import PushService

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)


def test_a_stalled_deliverys_claim_holds_until_its_lease_runs_out_and_not_a_second_longer(
    clock: TimeMachineFixture, push_service: PushService, user: User
) -> None:
    subscribe(user, push_service.device("phone"))
    followup = cry_services.cry_create(user=user, valence=40).followups.get()
    clock.shift(timedelta(minutes=90))
    # A delivery claims it and then stalls (a slow push service, a paused machine).
    assert claim(followup_id=followup.pk, now=timezone.now()) is not None
    lease = timedelta(seconds=settings.FOLLOWUP_CLAIM_LEASE_SECONDS)
    assert lease == timedelta(minutes=5)

    clock.shift(lease - SECOND)
    assert deliver(followup_id=followup.pk) == "nothing to do"
    assert sweep().enqueued == 0
    assert push_service.messages == []

    clock.shift(2 * SECOND)
    assert deliver(followup_id=followup.pk) == "sent"
    assert len(push_service.delivered("phone")) == 1
    followup.refresh_from_db()
    assert (followup.state, followup.attempts) == (FollowUp.State.SENT, 2)


def test_a_claim_moments_old_is_not_taken_over(
    clock: TimeMachineFixture, push_service: PushService, user: User
) -> None:
    followup = cry_services.cry_create(user=user, valence=40).followups.get()
    clock.shift(timedelta(minutes=90))
    assert claim(followup_id=followup.pk, now=timezone.now()) is not None
    clock.shift(SECOND)  # a second worker a moment later, not at the same instant
    assert claim(followup_id=followup.pk, now=timezone.now()) is None


# When an answer counts as the moment's check-in: from WINDOW_BEFORE_DUE before the due
# time to the end of the answer window (at the default 90-minute delay: 60 to 150 minutes
# after the cry for "≈ 90", 10 to 40 for the 20-minute check-in). Later answers are kept
# and marked late; earlier ones are kept and simply not labelled.
EDGES = [
    # moment, minutes after the cry's end, on time, late
    (Moment.AFTER_90, timedelta(minutes=60) - SECOND, False, False),
    (Moment.AFTER_90, timedelta(minutes=59), False, False),
    (Moment.AFTER_90, timedelta(minutes=60), True, False),
    (Moment.AFTER_90, timedelta(minutes=150), True, False),
    (Moment.AFTER_90, timedelta(minutes=150) + SECOND, False, True),
    (Moment.AFTER_90, timedelta(minutes=151), False, True),
    (Moment.AFTER_20, timedelta(minutes=10) - SECOND, False, False),
    (Moment.AFTER_20, timedelta(minutes=10), True, False),
    (Moment.AFTER_20, timedelta(minutes=40), True, False),
    (Moment.AFTER_20, timedelta(minutes=40) + SECOND, False, True),
]
SAVED = {
    (True, False): "Saved as your {name} check-in. Thank you.",
    (False, False): "Saved. Thank you.",
    (False, True): "Saved, and kept as a later answer than usual. Thank you.",
}
SAVED_HTMX = {
    (True, False): "Saved: 64 of 100, as your {name} check-in. Thank you.",
    (False, False): "Saved: 64 of 100. Thank you.",
    (False, True): "Saved: 64 of 100, kept as a later answer than usual. Thank you.",
}


@pytest.mark.parametrize(("moment", "after", "on_time", "late"), EDGES)
@pytest.mark.parametrize("htmx", [False, True])
def test_an_answer_counts_as_the_check_in_exactly_inside_its_window(
    clock: TimeMachineFixture,
    owner_client: Client,
    user: User,
    moment: Moment,
    after: timedelta,
    on_time: bool,
    late: bool,
    htmx: bool,
) -> None:
    user.followup_after_20 = True
    user.save()
    cry = cry_services.cry_create(user=user, valence=40)
    followup = cry.followups.get(moment=moment)
    clock.shift(after)

    url = reverse("followup-answer", args=[followup.pk])
    if htmx:
        response = owner_client.post(url, {"valence": "64"}, headers={"HX-Request": "true"})
        said = SAVED_HTMX[on_time, late]
    else:
        response = owner_client.post(url, {"valence": "64"}, follow=True)
        said = SAVED[on_time, late]
    assert said.format(name=followup.check_in_name) in response.content.decode()
    rating = cry.ratings.get(moment=moment)
    assert rating.is_late is late
    assert rating.minutes_since_end == round(after.total_seconds() / 60, 2)
