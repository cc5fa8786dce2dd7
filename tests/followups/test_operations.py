"""What operators run: the sweep command, key generation, the system checks."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from pytest_django import Settings
from time_machine import TimeMachineFixture

from crylog.accounts.models import User
from crylog.cries import services as cry_services
from crylog.followups.checks import check_push_settings
from crylog.followups.models import FollowUp
from crylog.followups.vapid import new_key_pair, public_key_for

pytestmark = pytest.mark.django_db


def test_the_sweep_command_expires_what_went_stale(clock: TimeMachineFixture, user: User) -> None:
    cry = cry_services.cry_create(user=user, valence=30)
    clock.shift(timedelta(hours=3))
    out = StringIO()
    call_command("followups_sweep", "--once", stdout=out)
    assert out.getvalue().startswith("expired 1, enqueued again 0")
    assert cry.followups.get().state == FollowUp.State.EXPIRED


def test_vapid_keys_prints_a_matching_pair() -> None:
    out = StringIO()
    call_command("vapid_keys", stdout=out)
    keys = dict(line.split("=", 1) for line in out.getvalue().split())
    assert public_key_for(keys["VAPID_PRIVATE_KEY"]) == keys["VAPID_PUBLIC_KEY"]


def test_the_checks_catch_keys_that_are_not_one_pair(settings: Settings) -> None:
    public, private = new_key_pair()
    other_public, _ = new_key_pair()
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = public, private
    assert check_push_settings() == []
    settings.VAPID_PUBLIC_KEY = other_public
    assert [problem.id for problem in check_push_settings()] == ["followups.E001"]


def test_the_checks_warn_when_push_is_off_in_production(settings: Settings) -> None:
    settings.DEBUG = False
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    assert [problem.id for problem in check_push_settings()] == ["followups.W001"]


# The slowest delivery: 10 devices and the e-mail, 10 s each. Sends start for half the lease.
@pytest.mark.parametrize(("lease", "warned"), [(60, True), (200, True), (240, False)])
def test_the_checks_warn_when_the_lease_is_shorter_than_twice_a_slow_delivery(
    settings: Settings, lease: int, warned: bool
) -> None:
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_key_pair()
    settings.PUSH_TIMEOUT_SECONDS = 10
    settings.FOLLOWUP_CLAIM_LEASE_SECONDS = lease
    problems = [problem.id for problem in check_push_settings()]
    assert problems == (["followups.W002"] if warned else [])
