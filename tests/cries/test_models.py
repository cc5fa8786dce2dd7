"""The database itself refuses what the forms would refuse."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries.models import NOTE_MAX_LENGTH, Cry, Moment, MoodRating

pytestmark = pytest.mark.django_db


def rating(cry: Cry, **fields: object) -> MoodRating:
    values = {"moment": Moment.RIGHT_AFTER, "valence": 50, "given_at": timezone.now(), **fields}
    return MoodRating(cry=cry, **values)


def refused(obj: Cry | MoodRating) -> bool:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        return True
    return False


@pytest.fixture
def cry(user: User) -> Cry:
    return Cry.objects.create(user=user, ended_at=timezone.now())


@pytest.mark.parametrize("valence", [-1, 101, 1000])
def test_valence_outside_0_to_100_is_refused(cry: Cry, valence: int) -> None:
    assert refused(rating(cry, valence=valence))


@pytest.mark.parametrize("valence", [0, 50, 100])
def test_valence_at_the_ends_is_kept(cry: Cry, valence: int) -> None:
    assert not refused(rating(cry, valence=valence))


def test_arousal_above_100_is_refused(cry: Cry) -> None:
    assert refused(rating(cry, arousal=101))


def test_relief_is_kept_at_90_minutes_only(cry: Cry) -> None:
    assert refused(rating(cry, moment=Moment.RIGHT_AFTER, relief=2))
    assert refused(rating(cry, moment=Moment.AFTER_90, relief=5))
    assert not refused(rating(cry, moment=Moment.AFTER_90, relief=4))


def test_one_rating_per_moment_per_cry(cry: Cry) -> None:
    assert not refused(rating(cry, moment=Moment.BEFORE))
    assert refused(rating(cry, moment=Moment.BEFORE))


def test_an_unknown_moment_is_refused(cry: Cry) -> None:
    assert refused(rating(cry, moment="after_45"))


def test_only_a_before_rating_can_be_recalled(cry: Cry) -> None:
    assert refused(rating(cry, moment=Moment.RIGHT_AFTER, is_recalled=True))
    assert not refused(rating(cry, moment=Moment.BEFORE, is_recalled=True))


@pytest.mark.parametrize(
    ("field", "value"), [("intensity", 5), ("shame", 5), ("duration", "1h"), ("company", "crowd")]
)
def test_cry_fields_outside_their_range_are_refused(user: User, field: str, value: object) -> None:
    assert refused(Cry(user=user, ended_at=timezone.now(), **{field: value}))


def test_an_overlong_note_is_refused(user: User) -> None:
    assert refused(Cry(user=user, ended_at=timezone.now(), note="x" * (NOTE_MAX_LENGTH + 1)))
    assert not refused(Cry(user=user, ended_at=timezone.now(), note="x" * NOTE_MAX_LENGTH))


def test_only_a_planned_cry_may_lack_an_end(user: User) -> None:
    assert refused(Cry(user=user, ended_at=None, planned=False))
    assert not refused(Cry(user=user, ended_at=None, planned=True))


def test_for_user_returns_only_that_persons_cries(user: User, stranger: User) -> None:
    mine = Cry.objects.create(user=user, ended_at=timezone.now())
    Cry.objects.create(user=stranger, ended_at=timezone.now())
    assert list(Cry.objects.for_user(user)) == [mine]


def test_deleting_a_cry_deletes_its_ratings(cry: Cry) -> None:
    rating(cry).save()
    cry.delete()
    assert not MoodRating.objects.exists()
