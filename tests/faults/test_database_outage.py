"""The database goes away under a running server, then comes back."""

from collections.abc import Iterator

import pytest
import requests

from tests.servers import (
    PostgresInstance,
    csrf_token,
    gunicorn,
    logged_in,
    manage,
    postgres_bin,
    production_env,
)

pytestmark = pytest.mark.skipif(
    postgres_bin("initdb") is None, reason="PostgreSQL's initdb is not installed"
)

EMAIL, PASSWORD = "outage@example.com", "a long outage passphrase"


@pytest.fixture
def postgres() -> Iterator[PostgresInstance]:
    instance = PostgresInstance()
    instance.init()
    yield instance
    instance.destroy()


def cry_count(env: dict[str, str]) -> int:
    code = "from crylog.cries.models import Cry; print(Cry.objects.count())"
    return int(manage(env, "shell", "-c", code).strip().splitlines()[-1])


def log_a_cry(session: requests.Session, base_url: str, valence: int) -> requests.Response:
    url = f"{base_url}/cries/new/"
    token = csrf_token(session, url)
    return session.post(
        f"{base_url}/cries/create/",
        data={"valence": str(valence), "csrfmiddlewaretoken": token},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=10,
    )


def test_a_database_outage_shows_a_clear_page_saves_nothing_and_recovers(
    postgres: PostgresInstance,
) -> None:
    env = production_env(DATABASE_URL=postgres.url)
    manage(env, "migrate", "--no-input", "-v0")
    manage(
        env,
        "shell",
        "-c",
        f"from crylog.accounts.models import User; User.objects.create_user({EMAIL!r}, {PASSWORD!r})",
    )

    with gunicorn(env, workers=1, threads=2) as base_url:
        session = logged_in(base_url, EMAIL, PASSWORD)
        assert log_a_cry(session, base_url, 40).status_code == 302
        token = csrf_token(session, f"{base_url}/cries/new/")

        postgres.stop()
        page = session.get(f"{base_url}/", timeout=10)
        attempt = session.post(
            f"{base_url}/cries/create/",
            data={"valence": "30", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{base_url}/cries/new/"},
            allow_redirects=False,
            timeout=10,
        )
        assert page.status_code == 503
        assert "can't reach its database" in page.text
        assert page.headers["Retry-After"] == "30"
        assert attempt.status_code == 503

        postgres.start()
        assert session.get(f"{base_url}/", timeout=10).status_code == 200
        assert log_a_cry(session, base_url, 55).status_code == 302

    # The cry sent during the outage was not stored, not even in part.
    assert cry_count(env) == 2
