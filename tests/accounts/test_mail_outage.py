"""The mail server is down (a real port on 127.0.0.1 that refuses or hangs up): say so, undo."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from crylog.accounts.models import User
from tests.conftest import PASSWORD
from tests.servers import free_port

pytestmark = pytest.mark.django_db

SAYS_SO = "We couldn't send the e-mail"


def without_tokens(page: bytes) -> str:
    """The page with its CSRF tokens (different on every answer) taken out."""
    return re.sub(r'("X-CSRFToken": "|value="|nonce=")[^"]+', r"\1", page.decode())


@pytest.fixture
def hangs_up() -> Iterator[int]:
    """An SMTP port that accepts each connection and closes it at once."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    server.close()


@pytest.fixture(params=["refused", "hung up"])
def mail_down(request: pytest.FixtureRequest, settings: Settings) -> int:
    port = free_port() if request.param == "refused" else request.getfixturevalue("hangs_up")
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    return port


@pytest.mark.parametrize("verification", ["mandatory", "optional"])
def test_sign_up_with_mail_down_says_so_and_makes_no_account(
    client: Client, mail_down: int, settings: Settings, verification: str
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = verification
    response = client.post(
        reverse("account_signup"), {"email": "new@example.com", "password1": PASSWORD}
    )
    assert response.status_code == 503
    assert SAYS_SO in response.content.decode()
    assert "no account was made" in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()
    assert not EmailAddress.objects.exists()
    assert client.get(reverse("cry-list")).status_code == 302  # nobody is logged in
    # Once mail works, the same address signs up.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    client.post(reverse("account_signup"), {"email": "new@example.com", "password1": PASSWORD})
    assert User.objects.filter(email="new@example.com").exists()
    assert len(mail.outbox) == 1


def test_sign_up_with_a_taken_address_and_mail_down_looks_the_same(
    client: Client, user: User, mail_down: int, settings: Settings
) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    taken = client.post(reverse("account_signup"), {"email": user.email, "password1": PASSWORD})
    new = client.post(
        reverse("account_signup"), {"email": "new@example.com", "password1": PASSWORD}
    )
    assert taken.status_code == new.status_code == 503
    assert without_tokens(taken.content) == without_tokens(new.content)
    assert User.objects.count() == 1


def test_password_reset_with_mail_down_says_so(client: Client, user: User, mail_down: int) -> None:
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 503
    assert SAYS_SO in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_for_an_unknown_address_with_mail_down_looks_the_same(
    client: Client, user: User, mail_down: int
) -> None:
    known = client.post(reverse("account_reset_password"), {"email": user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 503
