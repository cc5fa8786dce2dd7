"""A worker killed in the middle of a burst of reminders, with real processes.

The worker and the sweep are `manage.py` processes on the database under test (a SQLite file,
or with DATABASE_URL a fresh database on that PostgreSQL server, where the workers' claims
meet on `SELECT … FOR UPDATE SKIP LOCKED`), sending to the checking push service on
127.0.0.1. The first worker is killed (SIGKILL) mid-burst; a new worker and the sweep then
finish the job.
"""

import os
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql as pgsql

from tests.followups.push_service import PushService
from tests.servers import NO_CRY_LIMIT, ROOT, manage, production_env

FOLLOWUPS = 150
KILL_AFTER = 40
SEND_THREADS = 4


def start(env: dict[str, str], *command: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


SENT = "SELECT count(*) FROM followups_followup WHERE state = 'sent'"


@contextmanager
def database_under_test(tmp_path: Path) -> Iterator[tuple[dict[str, str], Callable[[], int]]]:
    """Settings for the processes, and a way to count the follow-ups sent so far."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        path = str(tmp_path / "kill.sqlite3")

        def sqlite_sent() -> int:
            with closing(sqlite3.connect(path, timeout=5)) as db:
                return int(db.execute(SENT).fetchone()[0])

        yield {"SQLITE_PATH": path}, sqlite_sent
        return
    server = urlsplit(url)
    name = f"{server.path.lstrip('/') or 'crylog'}_killed_{os.getpid()}"
    maintenance = server._replace(path="/postgres").geturl()
    target = server._replace(path=f"/{name}").geturl()

    def admin(statement: str) -> None:
        with psycopg.connect(maintenance, autocommit=True) as db:
            db.execute(pgsql.SQL(statement).format(pgsql.Identifier(name)))

    def postgres_sent() -> int:
        with psycopg.connect(target) as db:
            row = db.execute(SENT).fetchone()
            assert row is not None
            return int(row[0])

    admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")
    admin("CREATE DATABASE {}")
    try:
        yield {"DATABASE_URL": target}, postgres_sent
    finally:
        admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")


def wait_until(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_every_follow_up_is_delivered_after_the_worker_is_killed_mid_burst(tmp_path: Path) -> None:
    with database_under_test(tmp_path) as (database, sent_count):
        killed_mid_burst(database, sent_count)


def killed_mid_burst(database: dict[str, str], sent_count: Callable[[], int]) -> None:
    env = production_env(
        **database,
        PUSH_SERVICE_HOSTS="127.0.0.1",
        PUSH_TIMEOUT_SECONDS="1",
        FOLLOWUP_CLAIM_LEASE_SECONDS="12",
        FOLLOWUP_SWEEP_INTERVAL_SECONDS="1",
        FOLLOWUP_SWEEP_GRACE_SECONDS="2",
        FOLLOWUP_SEND_THREADS=str(SEND_THREADS),
    )
    manage(env, "migrate", "--no-input", "-v0")
    with PushService(
        vapid_public_key=env["VAPID_PUBLIC_KEY"], subject=env["VAPID_SUBJECT"]
    ) as push:
        push.while_answering = lambda: time.sleep(0.02)  # a burst that lasts a few seconds
        phone = push.device("phone")
        manage(
            env | NO_CRY_LIMIT, "shell", "-c",
            "from datetime import timedelta\n"
            "from django.utils import timezone\n"
            "from crylog.accounts.models import User\n"
            "from crylog.cries.services import cry_create\n"
            "from crylog.followups.models import PushSubscription\n"
            # No quiet hours: the burst must go out whatever the hour the test runs at.
            "user = User.objects.create_user('burst@example.com', 'a long burst passphrase', "
            "quiet_start=None, quiet_end=None)\n"
            f"PushSubscription.objects.create(user=user, endpoint={phone.endpoint!r}, "
            f"p256dh={phone.p256dh!r}, auth={phone.auth!r})\n"
            "ended = timezone.now() - timedelta(minutes=91)\n"
            f"for _ in range({FOLLOWUPS}): cry_create(user=user, valence=40, ended_at=ended)",
        )  # fmt: skip

        first = start(env, "db_worker", "--interval", "0.1")
        try:
            assert wait_until(lambda: len(push.delivered("phone")) >= KILL_AFTER, 60)
        finally:
            first.kill()  # SIGKILL: no clean-up, its task stays RUNNING, its claim stays taken
            first.wait()
        at_kill = len(push.delivered("phone"))
        assert at_kill < FOLLOWUPS, "the burst ended before the kill; make it longer"

        second, sweep = start(env, "db_worker", "--interval", "0.1"), start(env, "followups_sweep")
        try:
            # Those the dead worker had claimed wait out their lease, then go again.
            assert wait_until(lambda: sent_count() == FOLLOWUPS, 90)
        finally:
            for process in (second, sweep):
                process.terminate()
                process.wait(timeout=20)

    topics = Counter(m.headers["topic"] for m in push.delivered("phone"))
    assert len(topics) == FOLLOWUPS
    # Each follow-up reached the phone; only messages in flight at the kill (sent, but not yet
    # recorded: no more than one per send thread) can go twice, and each carries the same
    # Topic, so the phone shows it once.
    repeats = {
        t: n
        for t, n in Counter(m.headers["topic"] for m in push.delivered("phone")).items()
        if n > 1
    }
    assert sum(n - 1 for n in repeats.values()) <= SEND_THREADS
