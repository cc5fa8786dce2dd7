"""Passkeys beside the password: what each way in asks for, and the way back in by e-mail.

Creating and using a real passkey needs a browser and an authenticator: that is in
tests/browser/test_passkeys.py. Here a stored one stands in (tests/accounts/passkeys.py).
"""

import re
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse

from crylog.accounts.models import User
from crylog.accounts.passkeys import NAME_MAX_LENGTH, AddPasskeyForm
from tests.accounts.passkeys import give_a_passkey
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_person_with_a_passkey_still_logs_in_with_the_password_alone(
    client: Client, user: User
) -> None:
    give_a_passkey(user)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("cry-home")
    assert client.get(reverse("cry-list")).status_code == 200


def test_a_person_with_only_a_passkey_gets_back_in_by_email(client: Client, user: User) -> None:
    give_a_passkey(user)
    user.set_unusable_password()
    user.save()
    assert client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.get(reverse("cry-list")).status_code == 302  # no password to log in with

    client.post(reverse("account_reset_password"), {"email": user.email})
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", str(message.body))
    assert link is not None
    form_page = client.get(link.group(1))
    assert form_page.status_code == 302  # to the same page without the key in its address
    response = client.post(
        form_page["Location"],
        {"password1": "a brand new passphrase", "password2": "a brand new passphrase"},
    )
    # Straight in: the lost phone's passkey is not asked for.
    assert response.status_code == 302
    assert client.get(reverse("cry-list")).status_code == 200
    assert Authenticator.objects.filter(user=user).exists()


def test_confirming_who_it_is_offers_the_passkey_only_to_a_person_who_has_one(
    owner_client: Client, user: User
) -> None:
    page = owner_client.get(reverse("mfa_add_webauthn"), follow=True).content.decode()
    assert reverse("mfa_reauthenticate_webauthn") not in page
    give_a_passkey(user)
    page = owner_client.get(reverse("mfa_add_webauthn"), follow=True).content.decode()
    assert reverse("mfa_reauthenticate_webauthn") in page


def confirm_with_password(client: Client) -> None:
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def test_a_passkey_needs_a_confirmed_email_address(owner_client: Client, user: User) -> None:
    address = EmailAddress.objects.get(user=user, email=user.email)
    address.verified = False
    address.save()
    confirm_with_password(owner_client)
    response = owner_client.get(reverse("mfa_add_webauthn"), follow=True)
    assert "Confirm your e-mail address first" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("mfa_index")

    address.verified = True
    address.save()
    response = owner_client.get(reverse("mfa_add_webauthn"))
    assert response.status_code == 200
    assert "Add a passkey" in response.content.decode()


class Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inline: list[dict[str, str | None]] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag != "script":
            return
        if attributes.get("src"):
            self.sources.append(attributes["src"] or "")
        elif attributes.get("type") != "application/json":
            self.inline.append(attributes)


@pytest.mark.parametrize(
    "name", ["account_login", "mfa_add_webauthn", "mfa_reauthenticate_webauthn"]
)
def test_passkey_pages_load_their_scripts_from_files_only(
    client: Client, user: User, name: str
) -> None:
    if name != "account_login":
        client.force_login(user)
        give_a_passkey(user)
        confirm_with_password(client)
    scripts = Scripts()
    scripts.feed(client.get(reverse(name)).content.decode())
    assert scripts.inline == []
    assert "/static/accounts/passkeys.js" in scripts.sources
    assert "/static/mfa/js/webauthn-json.js" in scripts.sources


def test_the_login_page_has_the_passkey_button_and_its_form(client: Client) -> None:
    page = client.get(reverse("account_login")).content.decode()
    assert 'id="passkey_login"' in page
    assert f'action="{reverse("mfa_login_webauthn")}"' in page


def test_settings_link_to_the_passkeys(owner_client: Client) -> None:
    page = owner_client.get(reverse("account-settings")).content.decode()
    assert reverse("mfa_list_webauthn") in page


def test_the_passkey_list_shows_only_ones_own(
    owner_client: Client, user: User, stranger: User
) -> None:
    give_a_passkey(user)
    give_a_passkey(stranger, "Their laptop")
    for name in ["mfa_list_webauthn", "mfa_index"]:
        page = owner_client.get(reverse(name)).content.decode()
        assert "My phone" in page
        assert "Their laptop" not in page


def test_deleting_the_account_deletes_its_passkeys(
    owner_client: Client, user: User, stranger: User
) -> None:
    give_a_passkey(user)
    give_a_passkey(stranger)
    owner_client.post(reverse("account-delete"), {"password": PASSWORD})
    assert not User.objects.filter(pk=user.pk).exists()
    assert list(Authenticator.objects.values_list("user", flat=True)) == [stranger.pk]


def test_a_passkey_name_is_kept_short(owner_client: Client, user: User) -> None:
    for length, valid in [(NAME_MAX_LENGTH, True), (NAME_MAX_LENGTH + 1, False)]:
        form = AddPasskeyForm(data={"name": "x" * length}, user=user)
        form.is_valid()
        assert ("name" not in form.errors) is valid


def test_renaming_a_passkey_keeps_the_name_short(owner_client: Client, user: User) -> None:
    passkey = give_a_passkey(user)
    confirm_with_password(owner_client)
    url = reverse("mfa_edit_webauthn", kwargs={"pk": passkey.pk})
    owner_client.post(url, {"name": "x" * (NAME_MAX_LENGTH + 1)})
    passkey.refresh_from_db()
    assert passkey.data["name"] == "My phone"
    owner_client.post(url, {"name": "x" * NAME_MAX_LENGTH})
    passkey.refresh_from_db()
    assert passkey.data["name"] == "x" * NAME_MAX_LENGTH
