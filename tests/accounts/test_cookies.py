"""The one cookie crylog sets is the session cookie, as the privacy page says.

Real HTTP against the live server: every ``Set-Cookie`` header of every answer, redirects
included, is read. The CSRF token and the messages ("Saved.") live in the session, so
Django's ``csrftoken`` and ``messages`` cookies never appear, and CSRF still refuses a form
sent without its token. A visitor who only reads the public pages gets no cookie at all.
"""

import re
from collections.abc import Mapping
from http.cookies import SimpleCookie

import pytest
import requests
from django.test import Client

from tests.conftest import PASSWORD, make_user

SESSION_COOKIE = "sessionid"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser(requests.Session):
    """A client that writes down each cookie any answer sets (redirects too), by page."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base
        self.set: list[tuple[str, str]] = []

    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        kwargs.setdefault("timeout", 60)
        response = super().send(request, **kwargs)
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name in SimpleCookie(header):
                self.set.append((str(request.url).removeprefix(self.base), name))
        return response

    def page(self, path: str) -> str:
        response = self.get(self.base + path)
        assert response.status_code == 200, path
        return response.text

    def form(self, path: str, data: Mapping[str, object], token: str | None) -> requests.Response:
        """A form as a browser sends it, with the page's token (or none)."""
        fields = {**data, **({"csrfmiddlewaretoken": token} if token else {})}
        return self.post(self.base + path, data=fields, headers={"Referer": self.base + path})

    def cookie_names(self) -> set[str]:
        return {name for _, name in self.set}


def token_in(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no CSRF token on the page"
    return match[1]


@pytest.fixture
def browser(live_server: object) -> Browser:
    return Browser(str(live_server.url))  # type: ignore[attr-defined]


def test_reading_the_public_pages_sets_no_cookie(browser: Browser) -> None:
    for path in ["/", "/help/", "/privacy/", "/offline/", "/sw.js", "/manifest.webmanifest"]:
        browser.page(path)
    assert browser.get(browser.base + "/no-such-page/").status_code == 404
    session = browser.get(browser.base + "/offline/session.json").json()
    assert session == {"user": None, "csrf": None}
    assert browser.set == []
    assert list(browser.cookies) == []


def test_a_person_who_logs_in_logs_a_cry_and_reads_messages_gets_only_the_session_cookie(
    browser: Browser,
) -> None:
    person = make_user("cookies@example.com")
    for path in ["/accounts/signup/", "/accounts/password/reset/"]:
        token_in(browser.page(path))
    assert browser.cookie_names() == {SESSION_COOKIE}, "the form's token lives in a session"
    login_page = browser.page("/accounts/login/")

    # CSRF still protects: no token, or a made-up one, is refused before the password is read.
    login = {"login": person.email, "password": PASSWORD}
    assert browser.form("/accounts/login/", login, token=None).status_code == 403
    assert browser.form("/accounts/login/", login, token="x" * 64).status_code == 403
    assert "data-crylog-user" not in browser.page("/")

    home = browser.form("/accounts/login/", login, token=token_in(login_page))
    assert home.status_code == 200
    assert "data-crylog-user" in home.text

    # A cry logged without htmx comes back with a message, read on the cry's page.
    cry = browser.form(
        "/cries/create/", {"valence": 40}, token=token_in(browser.page("/cries/new/"))
    )
    assert "Saved. You can add more now or later." in cry.text
    assert "Saved. You can add more now or later." not in browser.page(
        cry.url.removeprefix(browser.base)
    )
    assert browser.form("/cries/create/", {"valence": 40}, token=None).status_code == 403

    for path in ["/cries/", "/trends/", "/reminders/", "/settings/", "/settings/sessions/"]:
        browser.page(path)
    # The offline queue's token (static/pwa/queue.js) is good for a check-in, in a header.
    session = browser.get(browser.base + "/offline/session.json").json()
    assert session["user"] == person.pk
    queued = browser.post(
        browser.base + "/cries/create/",
        data={"valence": 55},
        headers={"X-CSRFToken": session["csrf"], "Referer": browser.base + "/"},
    )
    assert queued.status_code == 200
    assert "Saved." in queued.text

    signed_out = browser.form("/accounts/logout/", {}, token=token_in(browser.page("/settings/")))
    assert "You have signed out." in signed_out.text
    assert "Log in" in signed_out.text

    assert browser.cookie_names() == {SESSION_COOKIE}, browser.set
    assert {cookie.name for cookie in browser.cookies} <= {SESSION_COOKIE}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/"])
def test_a_logged_out_page_with_a_form_is_kept_by_no_cache(path: str) -> None:
    """Its token belongs to this visitor's session: a copy would refuse the next visitor."""
    response = Client().get(path)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/help/", "/privacy/"])
def test_a_public_page_without_a_form_may_still_be_kept(path: str) -> None:
    response = Client().get(path)
    assert "no-store" not in response.get("Cache-Control", "")
    assert not response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/offline/", "/offline/session.json", "/sw.js"])
def test_what_the_phone_fetches_with_the_cookie_from_before_signing_in_keeps_the_new_session(
    path: str,
) -> None:
    """The service worker and the offline queue fetch these while a person signs in; an answer
    that put a CSRF token into the old cookie's session would replace the new session cookie."""
    person = make_user("late@example.com")
    browser = Client()
    browser.get("/accounts/login/")  # a session holding the form's token
    before = browser.cookies[SESSION_COOKIE].value
    assert browser.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert browser.cookies[SESSION_COOKIE].value != before

    late = Client()
    late.cookies[SESSION_COOKIE] = before
    assert late.get(path).status_code == 200
    assert SESSION_COOKIE not in late.cookies or late.cookies[SESSION_COOKIE].value == before
