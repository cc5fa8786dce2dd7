from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings
from time_machine import TimeMachineFixture

from crylog.accounts.models import Session, User
from crylog.cries.models import Cry, MoodRating
from crylog.cries.services import cry_create
from crylog.followups.models import FollowUp
from crylog.followups.tasks import deliver_followup
from crylog.yourdata.models import PendingImport
from tests.conftest import PASSWORD, make_cry
from tests.followups.conftest import run_worker, subscribe
from tests.followups.push_service import PushService
from tests.yourdata.data import full_history

pytestmark = pytest.mark.django_db


def test_the_page_asks_for_the_password_and_offers_an_export_first(owner_client: Client) -> None:
    page = owner_client.get(reverse("account-delete")).content.decode()
    assert 'type="password"' in page
    assert reverse("account-export-csv") in page
    assert reverse("account-export-json") in page


def test_the_settings_page_leads_to_export_import_and_delete(owner_client: Client) -> None:
    page = owner_client.get(reverse("account-settings")).content.decode()
    for name in ["account-export-csv", "account-export-json", "account-import", "account-delete"]:
        assert reverse(name) in page


def test_deleting_removes_the_person_and_everything_theirs(
    owner_client: Client, user: User, stranger: User
) -> None:
    full_history(user)
    assert EmailAddress.objects.filter(user=user).exists()
    PendingImport.objects.create(user=user, file_name="a.csv", content="cry_id")
    theirs = make_cry(stranger)

    response = owner_client.post(reverse("account-delete"), {"password": PASSWORD}, follow=True)

    assert "Your account and everything in it are deleted." in response.content.decode()
    assert not response.context["user"].is_authenticated
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Cry.objects.filter(user_id=user.pk).exists()
    assert list(MoodRating.objects.values_list("cry", flat=True)) == [theirs.pk]
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert not PendingImport.objects.exists()
    # The other person keeps everything.
    assert list(Cry.objects.values_list("user", flat=True)) == [stranger.pk]


def test_logging_in_afterwards_fails(client: Client, user: User) -> None:
    email = user.email
    client.force_login(user)
    client.post(reverse("account-delete"), {"password": PASSWORD})

    assert not client.login(email=email, password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert "not correct" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_the_session_is_gone_so_an_old_cookie_opens_nothing(client: Client, user: User) -> None:
    client.force_login(user)
    session_key = client.session.session_key
    client.post(reverse("account-delete"), {"password": PASSWORD})
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("cry-list")).status_code == 302


@pytest.mark.parametrize("password", ["wrong", ""])
def test_a_wrong_password_deletes_nothing(owner_client: Client, user: User, password: str) -> None:
    make_cry(user)
    response = owner_client.post(reverse("account-delete"), {"password": password})
    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()
    assert Cry.objects.filter(user=user).count() == 1


def test_the_form_only_ever_deletes_whoever_is_logged_in(
    stranger_client: Client, user: User, stranger: User
) -> None:
    make_cry(user)
    make_cry(stranger)
    stranger_client.post(reverse("account-delete"), {"password": PASSWORD, "user": user.pk})
    assert list(User.objects.values_list("pk", flat=True)) == [user.pk]
    assert list(Cry.objects.values_list("user", flat=True)) == [user.pk]


def test_deleting_needs_a_login(client: Client) -> None:
    response = client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_too_many_wrong_passwords_are_slowed_down(
    owner_client: Client, user: User, settings: Settings
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {"reauthenticate": "3/m/user"}
    for _ in range(3):
        assert owner_client.post(reverse("account-delete"), {"password": "x"}).status_code == 200
    response = owner_client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_a_follow_up_already_enqueued_for_a_deleted_person_is_never_sent(
    owner_client: Client,
    user: User,
    stranger: User,
    push_service: PushService,
    clock: TimeMachineFixture,
) -> None:
    subscribe(user, push_service.device("leaving"))
    subscribe(stranger, push_service.device("staying"))
    cry_create(user=user, valence=30)
    cry_create(user=stranger, valence=30)
    followup_id = FollowUp.objects.get(cry__user=user).pk
    assert DBTaskResult.objects.filter(args_kwargs__args__0=followup_id).exists()

    owner_client.post(reverse("account-delete"), {"password": PASSWORD})
    clock.shift(timedelta(hours=2))
    run_worker()
    deliver_followup.call(followup_id)  # even a delivery that was already under way

    # The worker did run: the person who stayed got their reminder, the one who left nothing.
    assert [m.device for m in push_service.messages] == ["staying"]
    assert not DBTaskResult.objects.filter(args_kwargs__args__0=followup_id).exists()
