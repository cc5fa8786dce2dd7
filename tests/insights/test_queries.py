from datetime import timedelta

import pytest
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment, MoodRating
from crylog.insights.queries import cry_rows, first_ended_at
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
    assert oldest.after_90_late
    assert not newest.after_90_late
    assert (oldest.company, oldest.shame, oldest.triggers) == ("alone", 2, ("loss", "conflict"))

    assert len(cry_rows(user, since=now - timedelta(days=2))) == 1


def test_rows_say_whether_before_was_recalled_and_the_first_cry_is_found(
    user: User, stranger: User
) -> None:
    now = timezone.now()
    recalled = make_cry(user, ended_at=now - timedelta(days=5), ratings={Moment.BEFORE: 60})
    planned = make_cry(user, ended_at=now - timedelta(days=1), ratings={Moment.BEFORE: 70})
    planned.ratings.update(is_recalled=False)
    make_cry(user, ended_at=now, ratings={Moment.RIGHT_AFTER: 30})
    make_cry(stranger, ended_at=now - timedelta(days=9))

    newest, real, remembered = cry_rows(user, since=None)
    assert (newest.before_recalled, real.before_recalled, remembered.before_recalled) == (
        False,
        False,
        True,
    )
    assert first_ended_at(user) == recalled.ended_at
    assert first_ended_at(User.objects.create_user(email="new@example.com")) is None
