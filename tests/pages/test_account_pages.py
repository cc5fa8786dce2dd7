"""allauth's pages look like crylog's and speak in sentence case; its e-mails name crylog."""

import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.test import Client
from pytest_django import Settings

from crylog.accounts.models import User
from tests.conftest import make_user

HOST = "127.0.0.1:8101"


class _Words(HTMLParser):
    """The words a person reads as names: the title, headings, labels, legends and buttons."""

    NAMING = frozenset({"title", "h1", "h2", "h3", "label", "legend", "button", "summary"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.names: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.NAMING:
            self.open.append(tag)
            self.names.append("")
        if tag == "input" and dict(attrs).get("type") == "submit":
            self.names.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open:
            self.names[-1] += data


def _title_case(html: str) -> list[str]:
    """Names with a capitalised word after the first ("Sign In"); crylog and acronyms aside."""
    parser = _Words()
    parser.feed(html)
    found = []
    for name in (" ".join(n.split()) for n in parser.names):
        # An e-mail address with its badge ("… Verified") is two names.
        for part in re.split(r"\S+@\S+", name.split("·")[0]):
            words = re.findall(r"[A-Za-z][\w'-]*", part)
            if any(w[0].isupper() and not w.isupper() for w in words[1:]):
                found.append(name)
    return found


SIGNED_OUT = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
SIGNED_IN = ["/accounts/password/change/", "/accounts/email/"]


@pytest.mark.parametrize("url", SIGNED_OUT + SIGNED_IN)
def test_account_pages_use_crylogs_layout_and_sentence_case(db: None, url: str) -> None:
    client = Client()
    if url in SIGNED_IN:
        client.force_login(make_user())
    html = client.get(url).content.decode()
    assert 'class="help-now"' in html
    assert 'href="/static/css/app.css"' in html
    assert _title_case(html) == []


def test_the_log_in_page_says_sign_in_once_in_sentence_case(db: None) -> None:
    html = Client().get("/accounts/login/").content.decode()
    assert "Sign In" not in html
    assert "Remember Me" not in html
    assert re.search(r"<button[^>]*>\s*Sign in\s*</button>", html)


def test_forms_returned_with_errors_keep_sentence_case(db: None) -> None:
    html = Client().post("/accounts/signup/", {"email": "nope", "password1": "x"}).content.decode()
    assert 'class="field field--error"' in html
    assert _title_case(html) == []


def _without_links(text: str) -> str:
    return re.sub(r"https?://\S+", "", text)


def test_a_password_reset_e_mail_names_crylog_not_the_host(db: None, settings: Settings) -> None:
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    user = make_user()
    Client(headers={"Host": HOST}).post("/accounts/password/reset/", {"email": user.email})
    (message,) = mail.outbox
    assert message.subject.startswith("[crylog] ")
    assert f"http://{HOST}/accounts/password/reset/key/" in message.body  # the link still works
    assert "127.0.0.1" not in message.subject + _without_links(str(message.body))
    assert "crylog" in message.body


def test_a_sign_up_confirmation_e_mail_names_crylog_not_the_host(
    db: None, settings: Settings
) -> None:
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    Client(headers={"Host": HOST}).post(
        "/accounts/signup/", {"email": "new@example.com", "password1": "a long passphrase here"}
    )
    assert User.objects.filter(email="new@example.com").exists()
    (message,) = mail.outbox
    assert message.subject.startswith("[crylog] ")
    assert "127.0.0.1" not in message.subject + _without_links(str(message.body))
    assert "on crylog" in message.body
