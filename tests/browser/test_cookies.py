"""What a phone's browser keeps of crylog in cookies: the session cookie, and nothing else.

A real Chromium walks the public pages, logs in, logs a cry (htmx, with the CSRF token from
<body>), reads a message, lets the service worker install (it fetches the app shell and the
help page), and logs out. Every Set-Cookie of every answer is written down, and the browser's
cookie jar and ``document.cookie`` are read after each step.
"""

import pytest
from playwright.sync_api import BrowserContext, Page, Response, expect

from tests.browser.conftest import PageProblems, sign_in
from tests.browser.phone import touch_slider
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SESSION_COOKIE = "sessionid"


def jar(context: BrowserContext) -> set[str]:
    return {cookie["name"] for cookie in context.cookies()}


def test_the_only_cookie_a_browser_ever_gets_is_the_session_cookie(
    context: BrowserContext, page: Page, problems: PageProblems
) -> None:
    person = make_user("jar@example.com")
    set_cookies: list[tuple[str, str]] = []

    def record(response: Response) -> None:
        for header in response.headers_array():
            if header["name"].lower() == "set-cookie":
                set_cookies.append((response.url, header["value"].split("=", 1)[0]))

    context.on("response", record)

    # Reading the public pages leaves nothing behind.
    for path in ["/", "/help/", "/privacy/"]:
        page.goto(path)
    assert jar(context) == set()

    page.goto("/accounts/login/")
    assert jar(context) == {SESSION_COOKIE}, "the log-in form's token lives in a session"
    sign_in(page, person.email)
    expect(page.get_by_role("link", name="I just cried")).to_be_visible()

    # A cry logged in place: htmx sends the token from <body data-hx-headers>.
    page.get_by_role("link", name="I just cried").tap()
    touch_slider(page, "#checkin #id_valence", 0.4)
    page.get_by_role("button", name="Save").tap()
    expect(page.get_by_text("Saved.")).to_be_visible()
    assert person.cries.count() == 1
    # A request without the token is refused, even from crylog's own page.
    refused = page.evaluate(
        """() => fetch("/cries/create/", {method: "POST", body: new URLSearchParams({valence: "40"})})
            .then((response) => response.status)"""
    )
    assert refused == 403
    assert person.cries.count() == 1
    # The browser logs that refusal in the console; it is the only error there.
    assert [error for error in problems.console_errors if "403" not in error] == []
    problems.console_errors.clear()

    # A message, carried to the next page by the session.
    page.goto("/settings/")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()

    # The reminders page, where the service worker installs and keeps the app shell.
    page.goto("/reminders/")
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("document.cookie") == "", "no cookie a script can read"
    assert jar(context) == {SESSION_COOKIE}

    # Logging out: "You have signed out." is read, and then nothing is left at all.
    page.goto("/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    assert jar(context) == set()

    assert {name for _, name in set_cookies} == {SESSION_COOKIE}, set_cookies
    problems.assert_none()
