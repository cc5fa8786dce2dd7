"""Ten copies of one check-in sent at once to a real server (gunicorn, several workers and
threads) make one cry, and every copy gets the same answer; so do four copies of every other
form that saves. Two check-ins at once at the limit on new cries: one is taken. On SQLite,
and on PostgreSQL when the suite runs with DATABASE_URL (a throwaway cluster of its own, as
the fault tests use)."""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from threading import Barrier
from typing import Any

import pytest
import requests

from tests.servers import (
    LoopbackSession,
    PostgresInstance,
    csrf_token,
    gunicorn,
    logged_in,
    manage,
    production_env,
)

EMAIL, PASSWORD = "replays@example.com", "a long replays passphrase"
COPIES = 10


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    folder: Path = tmp_path_factory.mktemp("replays")
    postgres = None
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        postgres = PostgresInstance()
        postgres.init()
        env = production_env(DATABASE_URL=postgres.url)
    else:
        env = production_env(SQLITE_PATH=str(folder / "crylog.sqlite3"))
    try:
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "shell", "-c", f"from crylog.accounts.models import User; "
               f"User.objects.create_user({EMAIL!r}, {PASSWORD!r})")  # fmt: skip
        with gunicorn(env, workers=2, threads=COPIES) as base_url:
            yield base_url, env
    finally:
        if postgres is not None:
            postgres.destroy()


def count_cries(env: dict[str, str]) -> int:
    code = f"from crylog.cries.models import Cry; print(Cry.objects.filter(user__email={EMAIL!r}).count())"
    return int(manage(env, "shell", "-v0", "-c", code).strip())


def send_at_once(
    session: requests.Session,
    url: str,
    data: dict[str, str] | list[dict[str, str]],
    copies: int = COPIES,
) -> list[str]:
    """Each copy on a connection of its own, all let go together; returns where each answer
    pointed (its status, when it was not a redirect). ``data`` is one form for every copy,
    or one form per copy."""
    forms = data if isinstance(data, list) else [data] * copies
    barrier = Barrier(len(forms))
    cookies = {cookie.name: cookie.value for cookie in session.cookies if cookie.value is not None}

    def send(form: dict[str, str]) -> str:
        barrier.wait(timeout=60)
        response = requests.post(
            url,
            data=form,
            cookies=cookies,
            headers={"Referer": url, "Connection": "close"},
            allow_redirects=False,
            timeout=120,
        )
        if response.status_code != 302:
            return str(response.status_code)
        return response.headers["Location"]

    with ThreadPoolExecutor(len(forms)) as pool:
        return list(pool.map(send, forms))


def shell(env: dict[str, str], code: str) -> Any:
    """Run ``code`` in the server's database; it leaves its result in ``out``, read as JSON."""
    script = f"import json\n{code}\nprint(json.dumps(out))"
    return json.loads(manage(env, "shell", "-v0", "-c", script).strip().splitlines()[-1])


def ratings(env: dict[str, str], cry_id: int) -> list[list[object]]:
    """(moment, valence, given_at) of each rating of a cry."""
    found: list[list[object]] = shell(
        env,
        "from crylog.cries.models import MoodRating\n"
        f"out = [[r.moment, r.valence, r.given_at.isoformat()] for r in "
        f"MoodRating.objects.filter(cry_id={cry_id}).order_by('moment')]",
    )
    return found


def test_ten_copies_sent_at_once_make_one_cry(server: tuple[str, dict[str, str]]) -> None:
    base_url, env = server
    session = logged_in(base_url, EMAIL, PASSWORD)
    token = csrf_token(session, f"{base_url}/cries/new/")
    tapped = datetime.now(UTC) - timedelta(minutes=5)
    data = {
        "csrfmiddlewaretoken": token,
        "valence": "25",
        "client_id": str(uuid.uuid4()),
        "ended_at": tapped.isoformat(),
    }
    before = count_cries(env)
    answers = send_at_once(session, f"{base_url}/cries/create/", data)
    assert len(set(answers)) == 1, answers
    assert answers[0].startswith("/cries/"), answers
    assert count_cries(env) == before + 1

    # A replay much later gets the same answer still.
    later = send_at_once(session, f"{base_url}/cries/create/", data)
    assert set(later) == set(answers)
    assert count_cries(env) == before + 1


def test_copies_without_an_id_are_separate_cries(server: tuple[str, dict[str, str]]) -> None:
    """What the id changes: the same form sent by hand twice is two cries, as before."""
    base_url, env = server
    session = logged_in(base_url, EMAIL, PASSWORD)
    assert isinstance(session, LoopbackSession)
    token = csrf_token(session, f"{base_url}/cries/new/")
    before = count_cries(env)
    answers = send_at_once(
        session, f"{base_url}/cries/create/", {"csrfmiddlewaretoken": token, "valence": "25"}
    )
    assert len(set(answers)) == COPIES
    assert count_cries(env) == before + COPIES


# Four copies of every other form that saves, at once: a double tap on a slow network, a
# browser's retry. Each saves once, and every copy gets the first one's answer.
FOUR = 4
NEW_CRY = (
    "from datetime import timedelta\n"
    "from django.utils import timezone\n"
    "from crylog.accounts.models import User\n"
    "from crylog.cries import services\n"
    f"user = User.objects.get(email={EMAIL!r})\n"
)


def form_id(session: requests.Session, url: str) -> str:
    match = re.search(
        r'name="client_id" value="([0-9a-f-]{36})"', session.get(url, timeout=60).text
    )
    assert match, "the form carries no id of its own"
    return match.group(1)


def test_four_copies_of_a_check_in_form_make_one_cry(server: tuple[str, dict[str, str]]) -> None:
    base_url, env = server
    session = logged_in(base_url, EMAIL, PASSWORD)
    data = {
        "csrfmiddlewaretoken": csrf_token(session, f"{base_url}/cries/new/"),
        "valence": "41",
        "client_id": form_id(session, f"{base_url}/cries/new/"),
    }
    before = count_cries(env)
    answers = send_at_once(session, f"{base_url}/cries/create/", data, FOUR)
    assert len(set(answers)) == 1, answers
    assert answers[0].startswith("/cries/"), answers
    assert count_cries(env) == before + 1
    cry_id = int(answers[0].strip("/").split("/")[-1])
    assert [moment for moment, *_ in ratings(env, cry_id)] == ["right_after"]


def test_four_copies_of_a_planned_cry_start_one(server: tuple[str, dict[str, str]]) -> None:
    base_url, env = server
    session = logged_in(base_url, EMAIL, PASSWORD)
    data = {
        "csrfmiddlewaretoken": csrf_token(session, f"{base_url}/cries/plan/"),
        "valence": "62",
        "client_id": form_id(session, f"{base_url}/cries/plan/"),
    }
    before = count_cries(env)
    answers = send_at_once(session, f"{base_url}/cries/plan/", data, FOUR)
    assert answers == ["/"] * FOUR
    assert count_cries(env) == before + 1


def test_four_copies_of_its_over_end_it_once(server: tuple[str, dict[str, str]]) -> None:
    base_url, env = server
    session = logged_in(base_url, EMAIL, PASSWORD)
    cry_id: int = shell(env, NEW_CRY + "out = services.cry_plan(user=user, valence=60).pk")
    data = {"csrfmiddlewaretoken": csrf_token(session, f"{base_url}/"), "valence": "33"}
    answers = send_at_once(session, f"{base_url}/cries/{cry_id}/over/", data, FOUR)
    assert answers == [f"/cries/{cry_id}/"] * FOUR
    assert [r[:2] for r in ratings(env, cry_id)] == [["before", 60], ["right_after", 33]]
    # One follow-up, never moved by a later copy (a calendar would get the event again).
    followups = shell(
        env, f"from crylog.followups.models import FollowUp\nout = list(FollowUp.objects.filter(cry_id={cry_id}).values_list('revision', flat=True))"
    )  # fmt: skip
    assert followups == [0]


def test_four_copies_of_a_before_give_it_once(server: tuple[str, dict[str, str]]) -> None:
    base_url, env = server
    session = logged_in(base_url, EMAIL, PASSWORD)
    cry_id: int = shell(env, NEW_CRY + "out = services.cry_create(user=user, valence=30).pk")
    # The token from the page that shows the form (any page of the session would do, but
    # not every page has a form: the home page has none without a planned cry).
    data = {
        "csrfmiddlewaretoken": csrf_token(session, f"{base_url}/cries/{cry_id}/"),
        "valence": "72",
    }
    answers = send_at_once(session, f"{base_url}/cries/{cry_id}/before/", data, FOUR)
    assert answers == [f"/cries/{cry_id}/"] * FOUR
    assert [r[:2] for r in ratings(env, cry_id)] == [["before", 72], ["right_after", 30]]


def test_four_copies_of_details_save_them(server: tuple[str, dict[str, str]]) -> None:
    base_url, env = server
    session = logged_in(base_url, EMAIL, PASSWORD)
    cry_id: int = shell(env, NEW_CRY + "out = services.cry_create(user=user, valence=30).pk")
    details = f"{base_url}/cries/{cry_id}/details/"
    page = session.get(details, timeout=60).text
    ended = re.search(r'name="ended_at" value="([^"]+)"', page)
    assert ended
    data = {
        "csrfmiddlewaretoken": csrf_token(session, details),
        "ended_at": ended.group(1),
        "intensity": "3",
        "note": "four at once",
    }
    answers = send_at_once(session, f"{base_url}/cries/{cry_id}/details/", data, FOUR)
    assert answers == [f"/cries/{cry_id}/?details=saved#details"] * FOUR
    saved = shell(
        env, f"from crylog.cries.models import Cry\nc = Cry.objects.get(pk={cry_id})\nout = [c.intensity, c.note]"
    )  # fmt: skip
    assert saved == [3, "four at once"]
    assert len(ratings(env, cry_id)) == 1


def test_four_copies_of_a_follow_up_answer_give_it_once(
    server: tuple[str, dict[str, str]],
) -> None:
    base_url, env = server
    session = logged_in(base_url, EMAIL, PASSWORD)
    ids: list[int] = shell(
        env,
        NEW_CRY + "cry = services.cry_create(user=user, valence=30, "
        "ended_at=timezone.now() - timedelta(minutes=95))\n"
        "out = [cry.pk, cry.followups.get().pk]",
    )
    cry_id, followup_id = ids
    url = f"{base_url}/followups/{followup_id}/"
    data = {"csrfmiddlewaretoken": csrf_token(session, url), "valence": "64", "relief": "2"}
    answers = send_at_once(session, url, data, FOUR)
    assert answers == [f"/cries/{cry_id}/"] * FOUR
    given = ratings(env, cry_id)
    assert [r[:2] for r in given] == [["after_90", 64], ["right_after", 30]]
    # Later copies found the first and left it as it was: one time, the first's.
    again = send_at_once(session, url, data, FOUR)
    assert again == answers
    assert ratings(env, cry_id) == given


def test_check_ins_at_once_at_the_limit_are_taken_up_to_it(
    server: tuple[str, dict[str, str]],
) -> None:
    """Two places left in the hour and four check-ins arriving together: two are taken, two
    answered 429, counted in the database whichever process answers."""
    base_url, env = server
    email = "limit@example.com"
    shell(
        env,
        "from django.utils import timezone\n"
        "from crylog.accounts.models import User\n"
        "from crylog.cries.models import Cry, new_cry_limits\n"
        f"user = User.objects.create_user({email!r}, {PASSWORD!r})\n"
        "Cry.objects.bulk_create([Cry(user=user, ended_at=timezone.now())"
        " for _ in range(new_cry_limits()[0][1] - 2)])\n"
        "out = 0",
    )
    session = logged_in(base_url, email, PASSWORD)
    token = csrf_token(session, f"{base_url}/cries/new/")
    forms = [
        {"csrfmiddlewaretoken": token, "valence": "50", "client_id": str(uuid.uuid4())}
        for _ in range(FOUR)
    ]
    answers = send_at_once(session, f"{base_url}/cries/create/", forms)
    assert sorted(answer == "429" for answer in answers) == [False, False, True, True], answers
    count = f"from crylog.cries.models import Cry\nout = Cry.objects.filter(user__email={email!r}).count()"
    assert shell(env, count) == 30
