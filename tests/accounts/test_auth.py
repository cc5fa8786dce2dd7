"""Sign-up, log-in and password reset are allauth's; these check they are wired up for crylog."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from crylog.accounts import checks
from crylog.accounts.models import User
from tests.conftest import PASSWORD, ClientResponse

pytestmark = pytest.mark.django_db


def test_sign_up_with_an_email_logs_the_person_in(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.com", "password1": "a long passphrase here"},
        follow=True,
    )
    assert User.objects.filter(email="new@example.com").exists()
    assert "I just cried" in response.content.decode()


def test_log_in_with_email_and_password(client: Client, user: User) -> None:
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert response.context["user"] == user


def test_log_in_with_a_wrong_password_fails_with_a_message(client: Client, user: User) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": "nope"})
    assert "not correct" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_password_reset_mails_a_link_that_sets_a_new_password(client: Client, user: User) -> None:
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", str(mail.outbox[0].body)
    )
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": "a brand new passphrase", "password2": "a brand new passphrase"},
    )
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")


def test_log_out_needs_a_post(owner_client: Client) -> None:
    owner_client.get(reverse("account_logout"))
    assert owner_client.get(reverse("cry-list")).status_code == 200
    owner_client.post(reverse("account_logout"))
    assert owner_client.get(reverse("cry-list")).status_code == 302


def test_repeated_failed_logins_are_rate_limited(
    client: Client, user: User, settings: Settings
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    cache.clear()
    for _ in range(3):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert (
        response.status_code == 429 or "Too many failed login attempts" in response.content.decode()
    )
    assert client.get(reverse("cry-list")).status_code == 302


def test_the_login_page_is_styled_like_the_app(client: Client) -> None:
    page = client.get(reverse("account_login")).content.decode()
    assert "css/app.css" in page
    assert 'class="button button--big"' in page


def test_repeated_sign_ups_from_one_address_are_rate_limited(
    client: Client, settings: Settings
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}
    cache.clear()
    for n in range(2):
        Client().post(
            reverse("account_signup"),
            {"email": f"s{n}@example.com", "password1": "a long passphrase here"},
        )
    response = client.post(
        reverse("account_signup"),
        {"email": "s9@example.com", "password1": "a long passphrase here"},
    )
    assert response.status_code == 429
    assert User.objects.filter(email__startswith="s").count() == 2
    assert not User.objects.filter(email="s9@example.com").exists()


# Nobody learns from sign-up whether an address has an account (ACCOUNT_PREVENT_ENUMERATION).


def sign_up(client: Client, email: str) -> ClientResponse:
    return client.post(reverse("account_signup"), {"email": email, "password1": PASSWORD})


def test_sign_up_with_a_taken_address_looks_like_any_other(
    client: Client, user: User, settings: Settings
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    taken = sign_up(Client(), user.email)
    new = sign_up(Client(), "new@example.com")
    assert taken.status_code == new.status_code == 302
    assert taken["Location"] == new["Location"]
    page = Client().get(taken["Location"]).content.decode()
    assert "already registered" not in page
    # The owner of the address hears of it; the new address gets its confirmation.
    assert sorted(message.to[0] for message in mail.outbox) == ["new@example.com", user.email]
    [notice] = [message for message in mail.outbox if message.to == [user.email]]
    assert "already" in notice.body
    assert User.objects.filter(email=user.email).count() == 1


def test_a_new_account_confirms_its_address_and_is_logged_in(
    client: Client, settings: Settings
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    sign_up(client, "new@example.com")
    assert client.get(reverse("cry-list")).status_code == 302
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", str(mail.outbox[0].body))
    assert link is not None
    client.post(link.group(1))
    assert client.get(reverse("cry-list")).status_code == 200


def test_the_deploy_check_warns_when_sign_up_would_tell(settings: Settings) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    [warning] = checks.check_sign_up_hides_accounts()
    assert warning.id == "accounts.W001"
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    assert checks.check_sign_up_hides_accounts() == []
