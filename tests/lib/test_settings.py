"""The settings module read in a fresh interpreter with a given environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLEAN = {
    k: v
    for k, v in os.environ.items()
    if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}
}


def read_settings(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", f"import crylog.settings as s; {code}"],
        cwd=ROOT,
        env={**CLEAN, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = read_settings("pass", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_production_turns_on_secure_cookies_and_hsts() -> None:
    result = read_settings(
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_USE_SESSIONS, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)",
        DEBUG="0",
        SECRET_KEY="x" * 50,
    )
    assert result.stdout.split() == ["True", "True", "True", "False"]


def test_sqlite_is_the_default_with_wal_and_immediate_transactions() -> None:
    result = read_settings(
        "d = s.DATABASES['default']; print(d['ENGINE'], d['OPTIONS'])", DEBUG="1"
    )
    assert "sqlite3" in result.stdout
    assert "'transaction_mode': 'IMMEDIATE'" in result.stdout
    assert "journal_mode=WAL" in result.stdout
    assert "'timeout': 20" in result.stdout


def test_database_url_switches_to_postgresql() -> None:
    result = read_settings(
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'])",
        DEBUG="1",
        DATABASE_URL="postgresql://postgres@127.0.0.1:5432/crylog",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "crylog"]


def test_a_database_url_that_is_not_postgresql_is_refused() -> None:
    result = read_settings("pass", DEBUG="1", DATABASE_URL="mysql://root@127.0.0.1/crylog")
    assert "DATABASE_URL must be a postgres" in result.stderr


def test_a_typo_in_debug_is_refused_by_name() -> None:
    result = read_settings("pass", DEBUG="ture")
    assert "DEBUG must be one of" in result.stderr
