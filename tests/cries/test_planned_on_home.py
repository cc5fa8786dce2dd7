"""The home page lists a few running planned cries, however many there are."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crylog.accounts.models import User
from crylog.cries.models import Cry, Moment, MoodRating

pytestmark = pytest.mark.django_db


def plan(user: User, count: int) -> list[Cry]:
    cries = []
    for n in range(count):
        cry = Cry.objects.create(user=user, planned=True)
        Cry.objects.filter(pk=cry.pk).update(created_at=timezone.now() - timedelta(minutes=n))
        MoodRating.objects.create(
            cry=cry, moment=Moment.BEFORE, valence=50, given_at=timezone.now()
        )
        cries.append(cry)
    return cries


def end_forms(page: str) -> list[str]:
    return [line for line in page.splitlines() if 'id="end-' in line]


def test_three_running_planned_cries_are_all_listed(owner_client: Client, user: User) -> None:
    plan(user, 3)
    page = owner_client.get(reverse("cry-home")).content.decode()
    assert len(end_forms(page)) == 3
    assert "more in your history" not in page


def test_a_fourth_is_left_to_the_history_with_a_link(owner_client: Client, user: User) -> None:
    newest, *_, oldest = plan(user, 4)
    page = owner_client.get(reverse("cry-home")).content.decode()
    assert len(end_forms(page)) == 3
    assert f'id="end-{newest.pk}"' in page
    assert f'id="end-{oldest.pk}"' not in page
    assert "and 1 more in your history" in page


def test_a_thousand_planned_cries_show_three_and_the_count(
    owner_client: Client, user: User
) -> None:
    Cry.objects.bulk_create([Cry(user=user, planned=True) for _ in range(1000)])
    page = owner_client.get(reverse("cry-home")).content.decode()
    assert len(end_forms(page)) == 3
    assert "and 997 more in your history" in page
