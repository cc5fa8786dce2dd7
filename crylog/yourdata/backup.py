"""Backups of the whole database while the site runs, and their restore into an empty one.

SQLite is copied through its online backup API: one read transaction, so the copy is one
consistent moment even while the web and the workers write (a WAL database's file alone is
not: recent writes sit in the -wal file). PostgreSQL is dumped by `pg_dump`, which reads one
snapshot too, in its custom format, and restored by `pg_restore` in one transaction.
The commands are `manage.py backup` and `manage.py restore` (docs/deploy.md).

A backup holds every password hash, live session key and note, so it is private whatever the
umask: each file is made 0600 before anything is written to it, in a folder made 0700. A
restore checks the backup whole before it touches the database, and leaves nothing behind
when it refuses one.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import connections
from django.utils import timezone

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
# Tables every crylog backup holds, whatever its version: a database without them is not one.
CRYLOG_TABLES = frozenset(
    {"django_migrations", "accounts_user", "cries_cry", "cries_moodrating", "followups_followup"}
)
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


class ClientFailed(BackupError):
    """pg_dump or pg_restore ran and failed; the message is what it said."""


def backup(folder: Path, *, now: datetime | None = None, using: str = "default") -> Path:
    """Write a consistent copy of the database into ``folder``; return the file written."""
    vendor, settings = _database(using)
    _private_folder(folder)
    stamp = (now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    target = folder / f"crylog-{stamp}{SUFFIXES[vendor]}"
    partial = target.with_name(target.name + ".partial")  # never mistaken for a backup
    partial.unlink(missing_ok=True)
    try:
        _create_private(partial)  # SQLite and pg_dump write into it, keeping its mode
        if vendor == "sqlite":
            with (
                closing(sqlite3.connect(settings["NAME"], timeout=20)) as source,
                closing(sqlite3.connect(partial)) as copy,
            ):
                source.backup(copy)  # all pages in one step: one read transaction
                [(verdict,)] = copy.execute("PRAGMA quick_check").fetchall()
                if verdict != "ok":
                    raise BackupError(f"The copy failed SQLite's check: {verdict}")
        else:
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                 f"--file={partial}", settings["NAME"]],
                settings,
            )  # fmt: skip
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    for earlier in _backups(folder):  # made before backups were private
        if earlier != target and earlier.stat().st_uid == os.geteuid():
            earlier.chmod(PRIVATE_FILE)
    return target


def _private_folder(folder: Path) -> None:
    """Make ``folder`` (mode 0700), or close one of ours that others can open.

    A shared folder (sticky, like /tmp) or someone else's is left as it is: the files in it
    are private on their own.
    """
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    info = folder.stat()
    if info.st_mode & 0o077 and info.st_uid == os.geteuid() and not info.st_mode & stat.S_ISVTX:
        folder.chmod(PRIVATE_FOLDER)


def _create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600, whatever the umask; fail if it exists."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    path.chmod(PRIVATE_FILE)  # a umask of 0277 would have taken the owner's write bit too


def _backups(folder: Path) -> list[Path]:
    """The backups in ``folder``, newest first (their names hold the time they were taken)."""
    found = (p for suffix in SUFFIXES.values() for p in folder.glob(f"crylog-*{suffix}"))
    return sorted(found, key=lambda p: p.name, reverse=True)


def prune(folder: Path, *, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest backups in ``folder``; return those deleted."""
    found = _backups(folder)
    for old in found[keep:]:
        old.unlink()
    return found[keep:]


def restore(file: Path, *, using: str = "default") -> None:
    """Restore a backup made by :func:`backup` into the configured database, which is empty.

    The backup is checked whole first; a damaged one, or one that is not crylog's, is refused
    with nothing changed (on SQLite, no database file is made).
    """
    vendor, settings = _database(using)
    kind = _kind(file)
    if kind != vendor:
        raise BackupError(
            f"{file} is a {kind} backup, but the database configured is {vendor}: "
            "restore it into the same kind of database (DATABASE_URL / SQLITE_PATH)."
        )
    tables = _sqlite_tables(file) if vendor == "sqlite" else _pg_dump_tables(file, settings)
    if missing := CRYLOG_TABLES - tables:
        raise BackupError(
            f"{file} is not a crylog backup: it has no {', '.join(sorted(missing))} table. "
            "Nothing was restored."
        )
    connection = connections[using]
    if vendor == "sqlite":
        connection.close()  # opening it would make an empty file
        _restore_sqlite(file, Path(settings["NAME"]))
        return
    with connection.cursor() as cursor:
        _refuse_tables(settings["NAME"], set(connection.introspection.table_names(cursor)))
    connection.close()
    try:
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", f"--dbname={settings['NAME']}", str(file)],
            settings,
        )  # fmt: skip
    except ClientFailed as failed:
        raise BackupError(
            f"{file} could not be restored ({failed}); pg_restore ran in one transaction, "
            "so the database was left empty."
        ) from None


def _kind(file: Path) -> str:
    try:
        with open(file, "rb") as opened:
            head = opened.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"{file} cannot be read: {error.strerror}.") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{file} is not a crylog backup (neither SQLite nor pg_dump's format).")


def _read_only(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """Open an SQLite file without writing anything, beside it either (``immutable``: not
    even the -shm and -wal files a WAL database's reader makes)."""
    uri = path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
    return sqlite3.connect(uri, uri=True, timeout=20)


def _sqlite_tables(file: Path) -> set[str]:
    """The tables of an SQLite backup that passes SQLite's full integrity check."""
    try:
        with closing(_read_only(file, immutable=True)) as db:
            verdicts = [row[0] for row in db.execute("PRAGMA integrity_check")]
            tables = _tables_in(db)
    except sqlite3.DatabaseError as error:
        verdicts = [str(error)]
    if verdicts != ["ok"]:
        raise BackupError(
            f"{file} is damaged (SQLite's check says: {verdicts[0]}), so it was not restored "
            "and the database was left as it was. Restore an earlier backup."
        )
    return tables


def _tables_in(db: sqlite3.Connection) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM sqlite_schema WHERE type='table'")}


def _pg_dump_tables(file: Path, settings: dict[str, Any]) -> set[str]:
    """The tables in a pg_dump archive that pg_restore reads to the end (every compressed
    block of data too, not only the table of contents; the script it makes is thrown away)."""
    try:
        _run(["pg_restore", f"--file={os.devnull}", str(file)], settings)
        listing = _run(["pg_restore", "--list", str(file)], settings)
    except ClientFailed as failed:
        raise BackupError(
            f"{file} is damaged ({failed}), so it was not restored and the database was left "
            "as it was. Restore an earlier backup."
        ) from None
    # Lines like "215; 1259 16386 TABLE public accounts_user crylog".
    entries = (line.split() for line in listing.splitlines() if not line.startswith(";"))
    return {words[5] for words in entries if len(words) > 5 and words[3] == "TABLE"}


def _refuse_tables(name: str, tables: set[str]) -> None:
    if tables:
        raise BackupError(
            f"The database {name} already has {len(tables)} tables: restore only "
            "into an empty one (a new SQLITE_PATH, or a database made with createdb)."
        )


def _restore_sqlite(file: Path, target: Path) -> None:
    """Copy the backup into ``target``: a new file made 0600 (removed again if the copy
    fails), or an existing database without tables."""
    made = not target.exists()
    try:
        if made:
            _create_private(target)
        else:
            with closing(_read_only(target)) as db:
                _refuse_tables(str(target), _tables_in(db))
            target.chmod(PRIVATE_FILE)
        with (
            closing(_read_only(file, immutable=True)) as source,
            closing(sqlite3.connect(target, timeout=20)) as copy,
        ):
            source.backup(copy)
    except (OSError, sqlite3.Error) as error:
        if made:
            for end in ("", "-journal", "-wal", "-shm"):
                target.with_name(target.name + end).unlink(missing_ok=True)
        raise BackupError(f"{file} could not be restored into {target}: {error}.") from None


def _database(using: str) -> tuple[str, dict[str, Any]]:
    connection = connections[using]
    if connection.vendor not in SUFFIXES:
        raise BackupError(f"Backups know SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor, connection.settings_dict


def _run(command: list[str], settings: dict[str, Any]) -> str:
    """Run a PostgreSQL client with the connection settings Django uses, in its environment;
    return what it printed."""
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ]:
        if settings.get(key):
            env[variable] = str(settings[key])
    try:
        done = subprocess.run(
            command, env=env, check=True, capture_output=True, text=True, errors="replace"
        )  # what pg_restore prints of a damaged archive may not be UTF-8
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} was not found: install PostgreSQL's client (apt-get install "
            "postgresql-client), the same major version as the server or newer."
        ) from None
    except subprocess.CalledProcessError as failed:
        said = failed.stderr.strip() or (
            f"it was killed by {signal.Signals(-failed.returncode).name}"
            if failed.returncode < 0
            else f"exit status {failed.returncode}"
        )  # pg_restore crashes on some damaged archives
        raise ClientFailed(f"{command[0]} failed: {said}") from None
    return done.stdout
