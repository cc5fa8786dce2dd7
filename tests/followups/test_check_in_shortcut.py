"""The installed app's "Check in" shortcut (/check-in/): the follow-up waiting longest, or home.

Each rule of "waiting" is pinned from both sides, one second inside and one second outside,
with the clock moved between steps.
"""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.followups import services
from crylog.followups.models import SHOWN_FOR, FollowUp
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)
CHECK_IN = "/check-in/"


def a_followup(user: User) -> FollowUp:
    """A cry logged now, and its 90-minute follow-up."""
    return cry_services.cry_create(user=user, valence=40).followups.get()


def lands_on(client: Client) -> str:
    response = client.get(CHECK_IN)
    assert response.status_code == 302
    return response["Location"]


def test_the_shortcuts_address_is_check_in() -> None:
    assert reverse("followup-due") == CHECK_IN


def test_a_follow_up_opens_the_moment_it_comes_due_and_not_a_second_sooner(
    clock: TimeMachineFixture, user: User, owner_client: Client
) -> None:
    followup = a_followup(user)
    clock.move_to(followup.due_at - SECOND, tick=False)
    assert lands_on(owner_client) == reverse("cry-home")
    clock.shift(SECOND)
    assert lands_on(owner_client) == reverse("followup-answer", args=[followup.pk])


def test_a_follow_up_due_longer_than_a_day_ago_is_no_longer_opened(
    clock: TimeMachineFixture, user: User, owner_client: Client
) -> None:
    followup = a_followup(user)
    assert timedelta(hours=24) == SHOWN_FOR
    clock.move_to(followup.due_at + SHOWN_FOR - SECOND, tick=False)
    assert lands_on(owner_client) == followup.get_absolute_url()
    clock.shift(SECOND)
    assert lands_on(owner_client) == reverse("cry-home")
    clock.shift(timedelta(days=3))
    assert lands_on(owner_client) == reverse("cry-home")


def answer(followup: FollowUp) -> None:
    services.followup_answer(followup=followup, valence=60)


def skip(followup: FollowUp) -> None:
    assert services.followup_skip(followup=followup)


@pytest.mark.parametrize("done", [answer, skip], ids=["answered", "skipped"])
def test_a_follow_up_answered_or_skipped_is_not_opened_again(
    clock: TimeMachineFixture, user: User, owner_client: Client, done: Callable[[FollowUp], None]
) -> None:
    followup = a_followup(user)
    clock.move_to(followup.due_at + SECOND, tick=False)
    assert lands_on(owner_client) == followup.get_absolute_url()
    done(followup)
    assert lands_on(owner_client) == reverse("cry-home")


def test_the_follow_up_that_has_waited_longest_comes_first(
    clock: TimeMachineFixture, user: User, owner_client: Client
) -> None:
    older = a_followup(user)
    clock.shift(timedelta(minutes=30))
    newer = a_followup(user)
    clock.move_to(newer.due_at, tick=False)
    assert lands_on(owner_client) == older.get_absolute_url()
    services.followup_answer(followup=older, valence=60)
    assert lands_on(owner_client) == newer.get_absolute_url()


def test_another_persons_follow_up_is_never_chosen(
    clock: TimeMachineFixture, user: User, stranger: User, owner_client: Client
) -> None:
    theirs = a_followup(stranger)  # older, and due first
    clock.move_to(theirs.due_at + timedelta(minutes=30), tick=False)
    assert lands_on(owner_client) == reverse("cry-home")
    mine = a_followup(user)
    clock.move_to(mine.due_at, tick=False)
    assert lands_on(owner_client) == mine.get_absolute_url()


def test_signed_out_the_login_page_comes_first_and_returns_to_the_check_in(
    clock: TimeMachineFixture, user: User, client: Client
) -> None:
    followup = a_followup(user)
    clock.move_to(followup.due_at, tick=False)
    assert lands_on(client) == f"{reverse('account_login')}?next={CHECK_IN}"
    response = client.post(
        lands_on(client), {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == followup.get_absolute_url()
    assert response.status_code == 200


def test_the_shortcut_only_reads(user: User, owner_client: Client) -> None:
    assert owner_client.post(CHECK_IN).status_code == 405
