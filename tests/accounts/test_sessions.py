"""Where a person is signed in: sessions in the database, ended everywhere at once."""

from __future__ import annotations

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings as project_settings
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache.backends.db import DatabaseCache
from django.core.checks import Error
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from crylog.accounts import checks
from crylog.accounts.models import Session, User
from crylog.accounts.sessions import SessionStore
from crylog.cries.models import Cry
from crylog.followups.models import DeliveryAttempt, PushSubscription
from tests.conftest import PASSWORD, make_cry

pytestmark = pytest.mark.django_db

PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Version/17.4 Mobile/15E148 Safari/604.1"
)
LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36"


def signed_in(user: User, user_agent: str) -> Client:
    """A browser that logged in through the log-in page, as people do."""
    browser = Client(headers={"User-Agent": user_agent})
    response = browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def is_signed_in(browser: Client) -> bool:
    return browser.get(reverse("cry-list")).status_code == 200


def test_a_session_row_names_its_person_and_a_logged_out_one_is_gone(user: User) -> None:
    phone = signed_in(user, PHONE)
    key = phone.session.session_key
    assert Session.objects.get(session_key=key).user == user
    phone.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert not Session.objects.filter(user=user).exists()


def test_the_sessions_page_lists_each_device_and_marks_this_one(user: User) -> None:
    signed_in(user, PHONE)
    laptop = signed_in(user, LAPTOP)
    page = laptop.get(reverse("account-sessions")).content.decode()
    assert "Safari on iPhone" in page
    assert "Chrome on Windows" in page
    assert page.count(">This device<") == 1
    assert page.count('value="others"') == 1
    assert page.count(">Sign out</button>") == 1  # the phone; this laptop leaves by Log out


def test_settings_lead_to_the_sessions_page(owner_client: Client) -> None:
    page = owner_client.get(reverse("account-settings")).content.decode()
    assert reverse("account-sessions") in page


def test_allauths_own_sessions_address_leads_to_crylogs_page(owner_client: Client) -> None:
    response = owner_client.get(reverse("usersessions_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account-sessions")


def test_signing_out_everywhere_else_keeps_only_this_device(user: User, stranger: User) -> None:
    phone, tablet, laptop = (signed_in(user, agent) for agent in [PHONE, PHONE, LAPTOP])
    theirs = signed_in(stranger, PHONE)
    response = laptop.post(reverse("account-sessions"), {"end": "others"}, follow=True)
    assert "You are signed out everywhere else." in response.content.decode()
    assert not is_signed_in(phone)
    assert not is_signed_in(tablet)
    assert is_signed_in(laptop)
    assert is_signed_in(theirs)
    assert Session.objects.filter(user=user).count() == 1
    assert UserSession.objects.filter(user=user).count() == 1


def test_a_session_from_before_the_list_is_signed_out_too(user: User) -> None:
    old = Client()
    old.force_login(user)  # no sign-in record, like a session older than the list
    laptop = signed_in(user, LAPTOP)
    laptop.post(reverse("account-sessions"), {"end": "others"})
    assert not is_signed_in(old)
    assert is_signed_in(laptop)


def test_signing_out_one_device_leaves_the_others(user: User) -> None:
    phone, laptop = signed_in(user, PHONE), signed_in(user, LAPTOP)
    other = signed_in(user, LAPTOP)
    the_phone = UserSession.objects.get(session_key=phone.session.session_key)
    response = laptop.post(reverse("account-sessions"), {"end": the_phone.pk}, follow=True)
    assert "Safari on iPhone is signed out." in response.content.decode()
    assert not is_signed_in(phone)
    assert is_signed_in(laptop)
    assert is_signed_in(other)


def test_nobody_can_sign_out_another_persons_device(user: User, stranger: User) -> None:
    theirs = signed_in(stranger, PHONE)
    record = UserSession.objects.get(session_key=theirs.session.session_key)
    mine = signed_in(user, LAPTOP)
    mine.post(reverse("account-sessions"), {"end": record.pk})
    mine.post(reverse("account-sessions"), {"end": "others"})
    assert is_signed_in(theirs)


def test_deleting_the_account_ends_its_other_sessions(user: User, stranger: User) -> None:
    phone, laptop = signed_in(user, PHONE), signed_in(user, LAPTOP)
    signed_in(stranger, PHONE)
    laptop.post(reverse("account-delete"), {"password": PASSWORD})
    assert not is_signed_in(phone)
    assert not Session.objects.filter(user_id=user.pk).exists()
    assert not UserSession.objects.filter(user_id=user.pk).exists()
    assert Session.objects.filter(user=stranger).count() == 1


def test_deleting_the_account_removes_the_admins_history_of_it(
    owner_client: Client, user: User, stranger: User
) -> None:
    staff = User.objects.create_user("staff@example.com", "staff passphrase", is_staff=True)
    cry = make_cry(user)
    theirs = make_cry(stranger)
    for obj, flag in [(user, CHANGE), (cry, CHANGE), (stranger, CHANGE), (theirs, ADDITION)]:
        LogEntry.objects.log_actions(staff.pk, [obj], flag)
    # An id that only looks like the person's, on another model, stays.
    device = PushSubscription.objects.create(
        user=stranger, endpoint="https://fcm.googleapis.com/x", p256dh="k", auth="a"
    )
    LogEntry.objects.log_actions(staff.pk, [device], CHANGE)

    owner_client.post(reverse("account-delete"), {"password": PASSWORD})

    left = {
        (ContentType.objects.get_for_id(type_id).model_class(), object_id)
        for type_id, object_id in LogEntry.objects.values_list("content_type", "object_id")
    }
    assert left == {
        (User, str(stranger.pk)),
        (Cry, str(theirs.pk)),
        (PushSubscription, str(device.pk)),
    }
    assert not LogEntry.objects.filter(object_repr__contains="owner@example.com").exists()
    assert ContentType.objects.get_for_model(User)  # the content types themselves stay


def test_deleting_the_account_removes_its_test_notifications(
    owner_client: Client, user: User, stranger: User
) -> None:
    mine = PushSubscription.objects.create(
        user=user, endpoint="https://fcm.googleapis.com/mine", p256dh="k", auth="a"
    )
    theirs = PushSubscription.objects.create(
        user=stranger, endpoint="https://fcm.googleapis.com/theirs", p256dh="k", auth="a"
    )
    for device in [mine, theirs]:
        DeliveryAttempt.objects.create(
            subscription=device, channel="push", outcome="sent", attempted_at=timezone.now()
        )
    owner_client.post(reverse("account-delete"), {"password": PASSWORD})
    assert list(DeliveryAttempt.objects.values_list("subscription", flat=True)) == [theirs.pk]


# The checks that refuse a cache each process keeps for itself.

LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.parametrize(
    "engine",
    ["django.contrib.sessions.backends.cached_db", "django.contrib.sessions.backends.cache"],
)
def test_sessions_in_a_per_process_cache_are_refused(settings: Settings, engine: str) -> None:
    settings.SESSION_ENGINE = engine
    settings.CACHES = LOCAL_CACHE
    [error] = checks.check_sessions_are_shared()
    assert isinstance(error, Error)
    assert error.id == "accounts.E001"


def test_sessions_in_the_database_or_a_shared_cache_pass(settings: Settings) -> None:
    assert checks.check_sessions_are_shared() == []
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://x",
        }
    }
    assert checks.check_sessions_are_shared() == []


def test_rate_limits_in_a_per_process_cache_fail_the_deploy_check(settings: Settings) -> None:
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/key"}
    assert checks.check_rate_limits_are_shared() == []  # crylog's default: a database table
    settings.CACHES = LOCAL_CACHE
    [error] = checks.check_rate_limits_are_shared()
    assert error.id == "accounts.E002"
    settings.ACCOUNT_RATE_LIMITS = False
    assert checks.check_rate_limits_are_shared() == []


def test_two_separate_cache_instances_share_the_count() -> None:
    """What one process counts, another reads: the default cache is a database table."""
    first = DatabaseCache("crylog_cache", {})
    second = DatabaseCache("crylog_cache", {})
    first.set("tries", [1, 2, 3])
    assert second.get("tries") == [1, 2, 3]


def test_a_request_sent_before_signing_in_and_answered_after_keeps_the_person_signed_in(
    user: User,
) -> None:
    # A phone with an anonymous session (the passkey form's first request makes one) signs in;
    # signing in gives it a new session and ends the old one.
    browser = Client(headers={"User-Agent": PHONE})
    anonymous = SessionStore()
    anonymous["passkey_state"] = "a challenge"
    anonymous.create()
    old_key = anonymous.session_key
    assert old_key is not None
    browser.cookies[project_settings.SESSION_COOKIE_NAME] = old_key
    signing_in = browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert signing_in.status_code == 302
    assert browser.cookies[project_settings.SESSION_COOKIE_NAME].value != old_key

    # A request the same phone sent a moment earlier, with the old cookie (the service worker
    # fetching the app shell while the person signed in), is answered after that.
    late = Client(headers={"User-Agent": PHONE})
    late.cookies[project_settings.SESSION_COOKIE_NAME] = old_key
    answer = late.get(reverse("pwa-offline"))
    assert answer.status_code == 200
    # The phone takes that answer's cookies too, and is still signed in.
    browser.cookies.update(answer.cookies)
    assert is_signed_in(browser)
    assert project_settings.SESSION_COOKIE_NAME not in answer.cookies


def test_logging_out_still_replaces_the_session_cookie(user: User) -> None:
    browser = signed_in(user, PHONE)
    key = browser.cookies[project_settings.SESSION_COOKIE_NAME].value
    answer = browser.post(reverse("account_logout"))
    # The cookie now names a new session that holds only "You have signed out." (messages
    # live in the session), which the next page reads and then deletes.
    cookie = answer.cookies[project_settings.SESSION_COOKIE_NAME]
    assert cookie.value != key
    assert Session.objects.get(session_key=cookie.value).user is None
    assert "You have signed out." in browser.get(reverse("cry-home")).content.decode()
    assert browser.cookies[project_settings.SESSION_COOKIE_NAME]["max-age"] == 0
    assert not is_signed_in(browser)
