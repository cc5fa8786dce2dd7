from datetime import timedelta

import pytest
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment, MoodRating
from crylog.insights.queries import cry_rows
from tests.conftest import make_cry

pytestmark = pytest.mark.django_db


def test_rows_hold_each_cry_with_its_ratings_side_by_side_newest_first(
    user: User, stranger: User
) -> None:
    now = timezone.now()
    old = make_cry(
        user,
        ended_at=now - timedelta(days=3),
        ratings={Moment.BEFORE: 60, Moment.RIGHT_AFTER: 45, Moment.AFTER_90: 70},
        company="alone",
        triggers=["loss", "conflict"],
        shame=2,
    )
    MoodRating.objects.filter(cry=old, moment=Moment.AFTER_90).update(is_late=True)
    make_cry(user, ended_at=now - timedelta(days=1), ratings={Moment.RIGHT_AFTER: 30})
    make_cry(stranger, ratings={Moment.RIGHT_AFTER: 99})
    Cry.objects.create(user=user, planned=True)  # not over yet: no place in the trends

    newest, oldest = cry_rows(user, since=None)
    assert (newest.before, newest.right_after, newest.after_90) == (None, 30, None)
    assert (oldest.before, oldest.right_after, oldest.after_20, oldest.after_90) == (
        60,
        45,
        None,
        70,
    )
    assert oldest.after_90_late and not newest.after_90_late
    assert (oldest.company, oldest.shame, oldest.triggers) == ("alone", 2, ("loss", "conflict"))

    assert len(cry_rows(user, since=now - timedelta(days=2))) == 1
