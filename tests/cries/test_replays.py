"""Ten copies of one check-in sent at once to a real server (gunicorn, several workers and
threads) make one cry, and every copy gets the same answer. On SQLite, and on PostgreSQL when
the suite runs with DATABASE_URL (a throwaway cluster of its own, as the fault tests use)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from threading import Barrier

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


def send_at_once(session: requests.Session, url: str, data: dict[str, str]) -> list[str]:
    """Each copy on a connection of its own, all let go together; returns where each answer
    pointed."""
    barrier = Barrier(COPIES)
    cookies = {cookie.name: cookie.value for cookie in session.cookies}

    def send(_: int) -> str:
        barrier.wait(timeout=60)
        response = requests.post(
            url,
            data=data,
            cookies=cookies,
            headers={"Referer": url, "Connection": "close"},
            allow_redirects=False,
            timeout=120,
        )
        assert response.status_code == 302, response.status_code
        return response.headers["Location"]

    with ThreadPoolExecutor(COPIES) as pool:
        return list(pool.map(send, range(COPIES)))


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
    assert answers[0].startswith("/cries/")
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
