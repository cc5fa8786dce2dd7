"""seed_demo: realistic, clearly marked demo cries, fast enough for 10,000."""

import statistics
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries.demo import seed_demo
from crylog.cries.models import Cry, Moment, MoodRating, OwnTrigger
from tests.conftest import make_cry

pytestmark = pytest.mark.django_db


def test_it_makes_the_account_and_marks_every_cry_as_demo() -> None:
    out = StringIO()
    call_command("seed_demo", email="demo@example.com", cries=30, weeks=4, stdout=out)
    user = User.objects.get(email="demo@example.com")
    assert user.check_password("crylog demo only")
    cries = Cry.objects.for_user(user)
    assert cries.count() == 30
    assert not cries.filter(is_demo=False).exists()
    assert "illustrative, not study data" in out.getvalue()


def test_seeding_again_replaces_the_demo_cries_and_keeps_real_ones(user: User) -> None:
    real = make_cry(user)
    seed_demo(user=user, cries=20, weeks=4, now=timezone.now(), seed=1)
    seed_demo(user=user, cries=15, weeks=4, now=timezone.now(), seed=2)
    assert Cry.objects.for_user(user).filter(is_demo=True).count() == 15
    assert Cry.objects.filter(pk=real.pk).exists()


def test_the_demo_has_the_shape_of_the_research(user: User) -> None:
    now = timezone.now()
    seed_demo(user=user, cries=1500, weeks=52, now=now, seed=2015)
    ratings = MoodRating.objects.filter(cry__user=user)
    by_moment = {
        moment: list(ratings.filter(moment=moment).values_list("valence", flat=True))
        for moment in Moment.values
    }
    assert 55 <= statistics.mean(by_moment[Moment.BEFORE]) <= 65
    assert 40 <= statistics.mean(by_moment[Moment.RIGHT_AFTER]) <= 50
    assert 53 <= statistics.mean(by_moment[Moment.AFTER_20]) <= 63
    assert 60 <= statistics.mean(by_moment[Moment.AFTER_90]) <= 70
    assert 11 <= statistics.stdev(by_moment[Moment.BEFORE]) <= 17

    pairs = ratings.filter(moment=Moment.AFTER_90, cry__ratings__moment=Moment.BEFORE)
    changes = [
        after - before for after, before in pairs.values_list("valence", "cry__ratings__valence")
    ]
    better = sum(c > 10 for c in changes) / len(changes)
    worse = sum(c < -10 for c in changes) / len(changes)
    assert 0.25 <= better <= 0.36
    assert 0.05 <= worse <= 0.13
    assert all(c.ended_at is not None and c.ended_at <= now for c in Cry.objects.for_user(user))


def test_it_refuses_a_negative_number_of_cries() -> None:
    with pytest.raises(Exception, match="--cries"):
        call_command("seed_demo", email="demo@example.com", cries=-1)


def test_the_demo_says_how_cries_felt_and_names_two_own_triggers_once(user: User) -> None:
    for seed in (1, 2):  # seeding again reuses the own triggers
        seed_demo(user=user, cries=200, weeks=20, now=timezone.now(), seed=seed)
    own = OwnTrigger.objects.for_user(user)
    assert sorted(own.values_list("name", flat=True)) == ["family video call", "work deadline"]
    cries = Cry.objects.for_user(user)
    assert 0.5 < cries.exclude(feelings=[]).count() / 200 < 0.95
    for trigger in own:
        assert 5 <= trigger.cries.count() <= 60
