import os

import psycopg
import pytest

PG_SERVER = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432")


def require_postgres() -> None:
    """Skip, saying why, when the machine's PostgreSQL is down (CI starts it for the
    PostgreSQL run of the suite, and the test runs there)."""
    try:
        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=5).close()
    except psycopg.OperationalError:
        pytest.skip(f"PostgreSQL is not running at {PG_SERVER}")
