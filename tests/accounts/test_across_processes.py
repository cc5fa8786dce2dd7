"""Log-out and rate limits hold across web processes: gunicorn with four workers, production
settings, no REDIS_URL (the default set-up)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.servers import (
    LoopbackSession,
    csrf_token,
    gunicorn,
    logged_in,
    manage,
    production_env,
)

EMAIL, PASSWORD = "processes@example.com", "a long processes passphrase"
WORKERS = 4


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("processes")
    env = production_env(SQLITE_PATH=str(folder / "crylog.sqlite3"))
    manage(env, "migrate", "--no-input", "-v0")
    code = "from crylog.accounts.models import User; "
    for email in [EMAIL, "limited@example.com"]:
        code += f"User.objects.create_user({email!r}, {PASSWORD!r}); "
    manage(env, "shell", "-c", code)
    with gunicorn(env, workers=WORKERS, threads=1) as base_url:
        # Workers boot one by one on a busy machine: wait until each could have answered.
        for _ in range(2 * WORKERS):
            requests.get(f"{base_url}/healthz/", headers={"Connection": "close"}, timeout=120)
        yield base_url


def fresh_connection_get(url: str, cookies: dict[str, str]) -> requests.Response:
    """A request on a new connection, so the kernel may hand it to any worker."""
    return requests.get(
        url, cookies=cookies, headers={"Connection": "close"}, allow_redirects=False, timeout=20
    )


def test_a_logged_out_cookie_opens_nothing_in_any_process(server: str) -> None:
    session = logged_in(server, EMAIL, PASSWORD)
    session_id = session.cookies["sessionid"]
    assert session_id is not None
    cookies = {"sessionid": session_id}
    export = f"{server}/settings/export.json"
    # Every worker has seen the session before the log-out.
    before = [fresh_connection_get(export, cookies).status_code for _ in range(4 * WORKERS)]
    assert before == [200] * (4 * WORKERS)

    token = csrf_token(session, f"{server}/settings/")
    session.post(
        f"{server}/accounts/logout/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{server}/settings/"},
        allow_redirects=False,
        timeout=20,
    )

    after = [fresh_connection_get(export, cookies).status_code for _ in range(4 * WORKERS)]
    assert after == [302] * (4 * WORKERS)


def test_wrong_passwords_are_counted_across_processes(server: str) -> None:
    """login_failed allows 5 per address in 5 minutes; the 6th try is refused, right or wrong."""
    login = f"{server}/accounts/login/"

    def attempt(password: str) -> requests.Response:
        browser = LoopbackSession()
        token = csrf_token(browser, login)
        return browser.post(
            login,
            data={
                "login": "limited@example.com",
                "password": password,
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": login, "Connection": "close"},
            allow_redirects=False,
            timeout=20,
        )

    tries = [attempt("not the password") for _ in range(5)]
    assert all(t.status_code == 200 and "not correct" in t.text for t in tries)
    refused = attempt(PASSWORD)
    assert refused.status_code == 429 or "Too many failed login attempts" in refused.text
    assert refused.status_code != 302
