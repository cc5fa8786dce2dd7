"""A check-in kept on a phone while offline carries the phone's id for it: sent again, it is
the same cry."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from crylog.accounts.models import User
from crylog.cries.models import Cry
from crylog.followups.models import FollowUp
from crylog.followups.scheduling import followups_schedule

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)


def queued(client_id: uuid.UUID, ended_at: datetime, owner: User) -> dict[str, str]:
    """What static/pwa/queue.js sends for one check-in it kept."""
    return {
        "valence": "30",
        "client_id": str(client_id),
        "ended_at": ended_at.isoformat(),
        "owner": str(owner.pk),
    }


def test_the_same_check_in_sent_twice_makes_one_cry_and_the_same_answer(
    owner_client: Client, user: User
) -> None:
    data = queued(uuid.uuid4(), datetime.now(UTC) - timedelta(minutes=3), user)
    first = owner_client.post(reverse("cry-create"), data)
    second = owner_client.post(reverse("cry-create"), data)
    cry = Cry.objects.get(user=user)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == cry.get_absolute_url()
    assert cry.ratings.count() == 1
    assert cry.followups.count() == 1


def test_two_different_ids_make_two_cries(owner_client: Client, user: User) -> None:
    when = datetime.now(UTC) - timedelta(minutes=3)
    owner_client.post(reverse("cry-create"), queued(uuid.uuid4(), when, user))
    owner_client.post(reverse("cry-create"), queued(uuid.uuid4(), when, user))
    assert Cry.objects.filter(user=user).count() == 2


def test_the_same_id_from_two_people_makes_a_cry_each(
    owner_client: Client, stranger_client: Client, user: User, stranger: User
) -> None:
    client_id, when = uuid.uuid4(), datetime.now(UTC) - timedelta(minutes=3)
    owner_client.post(reverse("cry-create"), queued(client_id, when, user))
    stranger_client.post(reverse("cry-create"), queued(client_id, when, stranger))
    assert Cry.objects.filter(user=user).count() == 1
    assert Cry.objects.filter(user=stranger).count() == 1


def test_it_ends_at_the_tap_to_the_second(owner_client: Client, user: User) -> None:
    tapped = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=41, seconds=17)
    owner_client.post(reverse("cry-create"), queued(uuid.uuid4(), tapped, user))
    cry = Cry.objects.get(user=user)
    assert cry.ended_at == tapped
    assert cry.ratings.get().given_at == tapped
    # The follow-up counts from the tap, not from the moment the phone found a signal.
    followup = cry.followups.get()
    assert followup.due_at == tapped + timedelta(minutes=user.followup_delay_minutes)


def test_a_check_in_arriving_after_its_follow_up_window_asks_nothing(
    owner_client: Client, user: User
) -> None:
    """Kept offline through a long journey: past its window, no reminder, no question."""
    tapped = datetime.now(UTC) - timedelta(hours=6)
    owner_client.post(reverse("cry-create"), queued(uuid.uuid4(), tapped, user))
    followup = Cry.objects.get(user=user).followups.get()
    assert followup.state == FollowUp.State.EXPIRED
    assert not DBTaskResult.objects.exists()
    assert "Time for your check-in" not in owner_client.get(reverse("cry-home")).content.decode()


def test_a_check_in_arriving_just_inside_its_window_is_still_followed_up(
    owner_client: Client, user: User
) -> None:
    delay = timedelta(minutes=user.followup_delay_minutes)
    ended = datetime.now(UTC)
    probe = Cry.objects.create(user=user, ended_at=ended)
    window = followups_schedule(cry=probe, is_new=True)[0].expires_at - ended - delay
    probe.delete()
    DBTaskResult.objects.all().delete()
    tapped = datetime.now(UTC) - delay - window + timedelta(minutes=2)
    owner_client.post(reverse("cry-create"), queued(uuid.uuid4(), tapped, user))
    followup = Cry.objects.get(user=user).followups.get()
    assert followup.state == FollowUp.State.SCHEDULED
    assert "Time for your check-in" in owner_client.get(reverse("cry-home")).content.decode()


def test_someone_elses_queued_check_in_is_refused(owner_client: Client, user: User) -> None:
    data = {**queued(uuid.uuid4(), datetime.now(UTC), user), "owner": str(user.pk + 1000)}
    response = owner_client.post(reverse("cry-create"), data)
    assert response.status_code == 409
    assert not Cry.objects.exists()


def test_ones_own_queued_check_in_is_taken(owner_client: Client, user: User) -> None:
    data = queued(uuid.uuid4(), datetime.now(UTC), user)
    assert owner_client.post(reverse("cry-create"), data).status_code == 302
    assert Cry.objects.filter(user=user).count() == 1
