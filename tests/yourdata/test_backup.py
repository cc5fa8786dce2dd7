"""`manage.py backup` while the site writes, `manage.py restore` elsewhere, reminders after it.

Real processes on a real database (a SQLite file, or two databases of their own on the
machine's PostgreSQL), and the checking push service on 127.0.0.1 standing in for the phone.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest

from crylog.yourdata.backup import PG_DUMP_MAGIC, SQLITE_MAGIC
from tests.deploy.conftest import PG_SERVER, require_postgres
from tests.followups.push_service import PushService
from tests.servers import NO_CRY_LIMIT, ROOT, manage, production_env

pytestmark = pytest.mark.slow

DUE = 5  # follow-ups due when the backup is taken, not yet sent
TABLES = [
    "accounts_user",
    "cries_cry",
    "cries_moodrating",
    "followups_followup",
    "followups_pushsubscription",
]

SEED = """
from datetime import timedelta
from django.utils import timezone
from crylog.accounts.models import User
from crylog.cries.services import cry_create
from crylog.followups import services
from crylog.followups.models import FollowUp, PushSubscription
user = User.objects.create_user(
    'backup@example.com', 'a long backup passphrase', quiet_start=None, quiet_end=None
)
PushSubscription.objects.create(user=user, endpoint={endpoint!r}, p256dh={p256dh!r}, auth={auth!r})
ended = timezone.now() - timedelta(minutes=91)
for i in range({due}):
    cry_create(user=user, valence=40 + i, ended_at=ended)
for i in range(3):
    cry_create(user=user, valence=60 + i)  # their reminders are 90 minutes away
sent = cry_create(user=user, valence=30, ended_at=ended)
FollowUp.objects.filter(cry=sent).update(state='sent', sent_at=timezone.now())
answered = cry_create(user=user, valence=20, ended_at=ended)
services.followup_answer(followup=answered.followups.get(), valence=70, relief=3)
skipped = cry_create(user=user, valence=25, ended_at=ended)
services.followup_skip(followup=skipped.followups.get())
"""

SEED_ONE_PERSON = """
from crylog.accounts.models import User
from crylog.cries.services import cry_create
user = User.objects.create_user('kept@example.com', 'a long backup passphrase')
cry_create(user=user, valence=40)
"""

WRITER = """
from pathlib import Path
from crylog.accounts.models import User
from crylog.cries.services import cry_create
user = User.objects.get(email='backup@example.com')
stop = Path({stop!r})
while not stop.exists():
    cry_create(user=user, valence=55)
"""


class Database:
    """One database of the test's own: a SQLite file or a PostgreSQL database."""

    def __init__(self, backend: str, name: str, folder: Path) -> None:
        self.backend = backend
        self.name = name
        self.path = folder / f"{name}.sqlite3"

    def settings(self) -> dict[str, str]:
        if self.backend == "sqlite":
            return {"SQLITE_PATH": str(self.path)}
        return {"DATABASE_URL": f"{PG_SERVER}/{self.name}"}

    def create(self) -> None:
        if self.backend == "postgresql":
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                server.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.backend == "postgresql":
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.backend == "sqlite":
            with closing(sqlite3.connect(self.path, timeout=20)) as db:
                return db.execute(sql).fetchall()
        with psycopg.connect(f"{PG_SERVER}/{self.name}") as db:
            return db.execute(sql).fetchall()

    @contextmanager
    def reader(self) -> Iterator[None]:
        """A long read (an export, a dashboard) open throughout: on SQLite it holds the WAL
        back, so what is written meanwhile is not yet in the database's main file."""
        if self.backend != "sqlite":
            yield
            return
        with closing(sqlite3.connect(self.path, timeout=20, isolation_level=None)) as db:
            db.execute("BEGIN")
            db.execute("SELECT count(*) FROM cries_cry").fetchall()
            yield
            db.execute("COMMIT")

    def table(self, name: str) -> dict[Any, tuple[Any, ...]]:
        return {row[0]: row for row in self.rows(f"SELECT * FROM {name} ORDER BY id")}

    def count(self, table: str) -> int:
        [(count,)] = self.rows(f"SELECT count(*) FROM {table}")
        return int(count)


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Database, Database]]:
    if request.param == "postgresql":
        require_postgres()
    tag = f"crylog_test_backup_{os.getpid()}"
    source = Database(request.param, f"{tag}_site", tmp_path)
    elsewhere = Database(request.param, f"{tag}_elsewhere", tmp_path)
    for database in (source, elsewhere):
        database.create()
    yield source, elsewhere
    for database in (source, elsewhere):
        database.drop()


def test_a_backup_taken_during_writes_restores_elsewhere_whole_and_its_reminders_go_out_once(
    databases: tuple[Database, Database], tmp_path: Path
) -> None:
    source, elsewhere = databases
    settings = {"PUSH_SERVICE_HOSTS": "127.0.0.1", "PUSH_TIMEOUT_SECONDS": "2"}
    site = production_env(**settings, **source.settings())
    manage(site, "migrate", "--no-input", "-v0")

    with PushService(
        vapid_public_key=site["VAPID_PUBLIC_KEY"], subject=site["VAPID_SUBJECT"]
    ) as push:
        phone = push.device("phone")
        manage(
            site | NO_CRY_LIMIT, "shell", "-c",
            SEED.format(endpoint=phone.endpoint, p256dh=phone.p256dh, auth=phone.auth, due=DUE),
        )  # fmt: skip
        seeded = {table: source.table(table) for table in TABLES}

        # The site keeps writing (a cry with its rating and follow-up per transaction)...
        stop = tmp_path / "stop-writing"
        backups = tmp_path / "backups"
        with source.reader():
            writer = subprocess.Popen(
                [sys.executable, "manage.py", "shell", "-c", WRITER.format(stop=str(stop))],
                cwd=ROOT,
                env=site | NO_CRY_LIMIT,
            )
            try:
                while source.count("cries_cry") == len(seeded["cries_cry"]):
                    assert writer.poll() is None, "the writer stopped"
                    time.sleep(0.1)
                # ...while the backup is taken.
                before = source.count("cries_cry")
                [written] = manage(site, "backup", str(backups)).split()
                after = source.count("cries_cry")
                while source.count("cries_cry") == after:  # still writing after the backup
                    assert writer.poll() is None, "the writer stopped"
                    time.sleep(0.1)
            finally:
                stop.touch()
                writer.wait(timeout=60)
        assert before < after, "no write happened while the backup ran"
        assert [p.name for p in backups.iterdir()] == [Path(written).name]

        # Restored elsewhere: an empty database of the same kind, the same settings otherwise
        # (the VAPID keys above all: the phones' subscriptions belong to them).
        restored = {**site, **elsewhere.settings()}
        manage(restored, "restore", written)

        # Every row restored is the site's row at the time of the backup: the people, their
        # cries and ratings, the follow-ups' states, the devices.
        for table in TABLES:
            now_on_site, there = source.table(table), elsewhere.table(table)
            assert set(seeded[table]) <= set(there), f"{table}: rows missing"
            assert all(there[pk] == now_on_site[pk] for pk in there), f"{table}: rows differ"
        assert before <= elsewhere.count("cries_cry") <= after
        # One moment: no cry without the rating and follow-up written with it.
        assert elsewhere.rows(
            "SELECT count(*) FROM cries_cry c WHERE NOT EXISTS (SELECT 1 FROM cries_moodrating r "
            "WHERE r.cry_id = c.id) OR NOT EXISTS (SELECT 1 FROM followups_followup f "
            "WHERE f.cry_id = c.id)"
        ) == [(0,)]

        # The restored site's worker sends what was due, each once; nothing sent, answered
        # or skipped before the backup goes out again.
        manage(restored, "db_worker", "--batch", "--no-startup-delay")

    topics = Counter(message.headers["topic"] for message in push.delivered("phone"))
    assert len(topics) == DUE
    assert set(topics.values()) == {1}
    assert elsewhere.rows(
        "SELECT state, count(*) FROM followups_followup WHERE cry_id IN "
        f"(SELECT id FROM cries_cry WHERE id <= {max(seeded['cries_cry'])}) GROUP BY state "
        "ORDER BY state"
    ) == [("answered", 1), ("cancelled", 1), ("scheduled", 3), ("sent", DUE + 1)]


def test_restore_refuses_a_database_that_is_not_empty(tmp_path: Path) -> None:
    env = production_env(SQLITE_PATH=str(tmp_path / "site.sqlite3"))
    manage(env, "migrate", "--no-input", "-v0")
    [written] = manage(env, "backup", str(tmp_path / "backups")).split()
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", written],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "restore only into an empty one" in result.stderr


# Backups hold every password hash, session key and note: private whatever the umask.


@pytest.fixture(params=[0o022, 0o000], ids=["umask 022", "umask 000"])
def permissive_umask(request: pytest.FixtureRequest) -> Iterator[None]:
    """A umask that lets others read what is made (the children of this test inherit it)."""
    before = os.umask(request.param)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def migrated(database: Database) -> dict[str, str]:
    """Production settings on ``database``, migrated: the site's environment."""
    site = production_env(**database.settings())
    manage(site, "migrate", "--no-input", "-v0")
    return site


@pytest.mark.usefixtures("permissive_umask")
def test_backups_and_a_restored_database_are_private_whatever_the_umask(
    databases: tuple[Database, Database], tmp_path: Path
) -> None:
    source, elsewhere = databases
    site = migrated(source)

    # A folder of its own is made private.
    fresh = tmp_path / "new" / "backups"
    [written] = manage(site, "backup", str(fresh)).split()
    assert (mode(fresh), mode(Path(written))) == (0o700, 0o600)
    # So is one left open by an earlier version, and the backups it made.
    opened = tmp_path / "opened"
    opened.mkdir(mode=0o755)
    earlier = opened / f"crylog-20260101-033000{Path(written).suffix}"
    earlier.write_bytes(Path(written).read_bytes())
    earlier.chmod(0o644)
    [again] = manage(site, "backup", str(opened)).split()
    assert (mode(opened), mode(Path(again)), mode(earlier)) == (0o700, 0o600, 0o600)

    manage({**site, **elsewhere.settings()}, "restore", written)
    if elsewhere.backend == "sqlite":
        assert mode(elsewhere.path) == 0o600
    assert elsewhere.count("accounts_user") == 0  # restored: the tables are there


def refused(env: dict[str, str], file: Path) -> str:
    """What `manage.py restore` says when it refuses ``file``: one sentence, no traceback."""
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("CommandError: ")
    assert result.stdout == ""
    return result.stderr


def damaged_copies(backup: Path, folder: Path) -> dict[str, Path]:
    whole = backup.read_bytes()
    magic = SQLITE_MAGIC if backup.suffix == ".sqlite3" else PG_DUMP_MAGIC
    page = bytearray(whole)
    page[4096 * 10 : 4096 * 11] = b"\xff" * 4096
    copies = {
        "junk after the header": magic + b"junk" * 2000,
        "cut in half": whole[: len(whole) // 2],
        "a page overwritten": bytes(page),
        "the end overwritten": whole[:-4096] + b"\xff" * 4000 + whole[-96:],
    }
    if backup.suffix == ".pgdump":
        # Past the table of contents, in the last table's compressed data: `pg_restore
        # --list` reads it without a complaint. (SQLite keeps no checksums: such a change in
        # an SQLite file's free space cannot be seen, and does no harm there either.)
        block = bytearray(whole)
        block[-1000:-960] = b"\x55" * 40
        copies["a block of data overwritten"] = bytes(block)
    for name, content in copies.items():
        (folder / name).with_suffix(backup.suffix).write_bytes(content)
    return {name: (folder / name).with_suffix(backup.suffix) for name in copies}


def test_a_damaged_backup_is_refused_in_a_sentence_and_leaves_nothing_behind(
    databases: tuple[Database, Database], tmp_path: Path
) -> None:
    source, elsewhere = databases
    site = migrated(source)
    manage(site, "shell", "-c", SEED_ONE_PERSON)
    [written] = manage(site, "backup", str(tmp_path / "backups")).split()
    restore_there = {**site, **elsewhere.settings()}
    site_before = source.table("accounts_user")

    for damage, file in damaged_copies(Path(written), tmp_path).items():
        # Into an empty database: nothing made (on SQLite, not even an empty file).
        said = refused(restore_there, file)
        assert "is damaged" in said, damage
        assert "Restore an earlier backup" in said, damage
        if elsewhere.backend == "sqlite":
            assert list(tmp_path.glob(f"{elsewhere.path.name}*")) == [], damage
        else:
            assert elsewhere.rows("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [
                (0,)
            ], damage
        # Into the site's own database: refused for the damage, before anything is opened.
        assert "already has" not in refused(site, file)
        assert source.table("accounts_user") == site_before

    # The same backup whole restores.
    manage(restore_there, "restore", written)
    assert elsewhere.table("accounts_user") == site_before


def test_a_database_that_is_not_crylogs_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "notes.sqlite3"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    target = tmp_path / "site.sqlite3"
    said = refused(production_env(SQLITE_PATH=str(target)), other)
    assert "is not a crylog backup: it has no accounts_user" in said
    assert not target.exists()
