"""Passkeys in a real Chromium, with its virtual authenticator standing in for the phone's.

The authenticator is driven over the DevTools protocol: it holds resident keys and verifies
the person (as a fingerprint or PIN would) without asking. WebAuthn needs a secure context and
a domain for the key, so the pages are opened at http://localhost, which Chromium counts as
secure.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, expect

from tests.browser.conftest import (
    PHONES,
    PageProblems,
    log_out,
    sign_in,
    signed_in_worker_active,
)
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)

PASSKEY_LOGIN = "Sign in with a passkey"
BAD_REQUEST = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


class Phone:
    """One browser context with a virtual platform authenticator, like a phone's."""

    def __init__(self, context: BrowserContext, problems: PageProblems) -> None:
        self.context = context
        self.page = context.new_page()
        problems.watch(self.page)
        self.cdp: CDPSession = context.new_cdp_session(self.page)
        self.cdp.send("WebAuthn.enable", {"enableUI": False})
        self.authenticator_id = self.cdp.send(
            "WebAuthn.addVirtualAuthenticator",
            {
                "options": {
                    "protocol": "ctap2",
                    "transport": "internal",
                    "hasResidentKey": True,
                    "hasUserVerification": True,
                    "isUserVerified": True,
                    "automaticPresenceSimulation": True,
                }
            },
        )["authenticatorId"]

    def credentials(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.cdp.send(
            "WebAuthn.getCredentials", {"authenticatorId": self.authenticator_id}
        )["credentials"]
        return found

    def add_credential(self, credential: dict[str, Any]) -> None:
        self.cdp.send(
            "WebAuthn.addCredential",
            {"authenticatorId": self.authenticator_id, "credential": credential},
        )


@pytest.fixture
def open_phone(
    browser: Browser, phone: str, live_server: Any, problems: PageProblems
) -> Iterator[Any]:
    contexts: list[BrowserContext] = []
    assert live_server.url.startswith("http://localhost:"), "WebAuthn needs a domain"

    def open_one() -> Phone:
        context = browser.new_context(**PHONES[phone], base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return Phone(context, problems)

    yield open_one
    for context in contexts:
        context.close()


def assert_fits_a_small_phone(
    page: Page, controls: str = "main a, main button, main input:not([type=hidden])"
) -> None:
    """Nothing scrolls sideways, and every control in the page is at least 44 by 44 px."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    found = page.locator(controls)
    for index in range(found.count()):
        control = found.nth(index)
        if not control.is_visible():
            continue
        box = control.bounding_box()
        assert box is not None
        assert box["width"] >= 44, control.inner_text()
        assert box["height"] >= 44, control.inner_text()


def add_a_passkey(page: Page, name: str) -> None:
    page.goto("/settings/")
    page.get_by_role("link", name="Your passkeys").click()
    expect(page.get_by_text("You have no passkeys yet.")).to_be_visible()
    page.get_by_role("link", name="Add a passkey").click()
    # Adding a way in asks for the password again first.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    assert_fits_a_small_phone(page)
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text("Passkey added.")).to_be_visible()


@pytest.mark.parametrize("phone", ["android"])
def test_a_passkey_added_in_settings_logs_in_without_the_password_until_it_is_removed(
    open_phone: Any, problems: PageProblems
) -> None:
    person = make_user()
    first = open_phone()
    page = first.page
    page.goto("/accounts/login/")
    sign_in(page, person.email)
    expect(page.get_by_role("link", name="Settings")).to_be_visible()
    signed_in_worker_active(page)

    add_a_passkey(page, "My phone")
    expect(page.get_by_role("heading", name="My phone")).to_be_visible()
    assert_fits_a_small_phone(page)
    passkey = Authenticator.objects.get(user=person, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().is_passwordless is True
    [credential] = first.credentials()
    assert credential["isResidentCredential"] is True

    log_out(page)
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    # A fresh browser that has never seen the password, holding the same passkey.
    second = open_phone()
    second.add_credential(credential)
    page = second.page
    page.goto("/accounts/login/")
    assert_fits_a_small_phone(page, "#passkey_login")
    page.get_by_role("button", name=PASSKEY_LOGIN).click()
    expect(page.get_by_role("link", name="Settings")).to_be_visible()
    expect(page.get_by_role("link", name="I just cried")).to_be_visible()
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None

    page.goto("/settings/")
    page.get_by_role("link", name="Your passkeys").click()
    expect(page.get_by_text("Last used")).to_be_visible()
    page.get_by_role("link", name="Remove My phone").click()
    # Removing one asks who it is first; this browser never had the password, only the passkey.
    page.get_by_role("link", name="Use a security key").click()
    assert_fits_a_small_phone(page, "main form button")
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("heading", name="Remove “My phone”?")).to_be_visible()
    assert_fits_a_small_phone(page)
    page.get_by_role("button", name="Remove passkey").click()
    expect(page.get_by_text("Passkey removed.")).to_be_visible()
    expect(page.get_by_text("You have no passkeys yet.")).to_be_visible()
    assert not Authenticator.objects.filter(user=person).exists()

    # The phone still holds the key, but it no longer opens the account: the log-in page
    # comes back (answered 400) saying so, and the password still works from it.
    log_out(page)
    page.goto("/accounts/login/")
    with page.expect_response(lambda r: r.request.method == "POST") as refusal:
        page.get_by_role("button", name=PASSKEY_LOGIN).click()
    assert refusal.value.status == 400
    expect(page.get_by_role("link", name="Settings")).to_have_count(0)
    expect(page.locator(".message--error")).to_contain_text("That passkey didn't work")
    assert_fits_a_small_phone(page)
    # Chromium notes any 400 in the console; that one line, and nothing else.
    problems.console_errors.remove(BAD_REQUEST)
    sign_in(page, person.email)
    expect(page.get_by_role("link", name="Settings")).to_be_visible()
    problems.assert_none()
