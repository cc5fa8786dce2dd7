"""The live server the browser tests use answers a page's requests in parallel, as a site does.

A browser sends several requests at once (a page, its service worker, a form behind it); each
must be answered from the database on its own connection, never fail because another is running.
"""

import re
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.conftest import PASSWORD, make_user

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_people_signing_in_at_once_each_get_their_page(live_server: object) -> None:
    base = str(live_server.url)  # type: ignore[attr-defined]
    person = make_user("together@example.com")

    def sign_in_and_look() -> list[int]:
        with requests.Session() as browser:
            form = browser.get(f"{base}/accounts/login/", timeout=60)
            token = TOKEN.search(form.text)
            assert token is not None
            signed_in = browser.post(
                f"{base}/accounts/login/?next=/reminders/",
                data={"csrfmiddlewaretoken": token[1], "login": person.email, "password": PASSWORD},
                headers={"Referer": f"{base}/accounts/login/"},
                timeout=60,
            )
            return [form.status_code, signed_in.status_code] + [
                browser.get(f"{base}/reminders/", timeout=60).status_code for _ in range(3)
            ]

    with ThreadPoolExecutor(8) as pool:
        answers = [pool.submit(sign_in_and_look) for _ in range(40)]
        statuses = [status for answer in answers for status in answer.result()]

    assert statuses == [200] * len(statuses)
