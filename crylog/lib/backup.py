"""Backups of the whole database while the site runs, and their restore into an empty one.

SQLite is copied through its online backup API: one read transaction, so the copy is one
consistent moment even while the web and the workers write (a WAL database's file alone is
not: recent writes sit in the -wal file). PostgreSQL is dumped by `pg_dump`, which reads one
snapshot too, in its custom format, and restored by `pg_restore` in one transaction.
The commands are `manage.py backup` and `manage.py restore` (docs/deploy.md).
"""

from __future__ import annotations

import os
import sqlite3
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


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def backup(folder: Path, *, now: datetime | None = None, using: str = "default") -> Path:
    """Write a consistent copy of the database into ``folder``; return the file written."""
    vendor, settings = _database(using)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    target = folder / f"crylog-{stamp}{SUFFIXES[vendor]}"
    partial = target.with_name(target.name + ".partial")  # never mistaken for a backup
    partial.unlink(missing_ok=True)
    try:
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
    return target


def prune(folder: Path, *, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest backups in ``folder``; return those deleted."""
    found = sorted(
        (p for suffix in SUFFIXES.values() for p in folder.glob(f"crylog-*{suffix}")),
        key=lambda p: p.name,
        reverse=True,
    )
    for old in found[keep:]:
        old.unlink()
    return found[keep:]


def restore(file: Path, *, using: str = "default") -> None:
    """Restore a backup made by :func:`backup` into the configured database, which is empty."""
    vendor, settings = _database(using)
    with open(file, "rb") as opened:
        head = opened.read(len(SQLITE_MAGIC))
    kind = (
        "sqlite"
        if head.startswith(SQLITE_MAGIC)
        else "postgresql"
        if head.startswith(PG_DUMP_MAGIC)
        else None
    )
    if kind is None:
        raise BackupError(f"{file} is not a crylog backup (neither SQLite nor pg_dump's format).")
    if kind != vendor:
        raise BackupError(
            f"{file} is a {kind} backup, but the database configured is {vendor}: "
            "restore it into the same kind of database (DATABASE_URL / SQLITE_PATH)."
        )
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"The database {settings['NAME']} already has {len(tables)} tables: restore only "
            "into an empty one (a new SQLITE_PATH, or a database made with createdb)."
        )
    connection.close()
    if vendor == "sqlite":
        with (
            closing(sqlite3.connect(file)) as source,
            closing(sqlite3.connect(settings["NAME"], timeout=20)) as target,
        ):
            source.backup(target)
    else:
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", f"--dbname={settings['NAME']}", str(file)],
            settings,
        )  # fmt: skip


def _database(using: str) -> tuple[str, dict[str, Any]]:
    connection = connections[using]
    if connection.vendor not in SUFFIXES:
        raise BackupError(f"Backups know SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor, connection.settings_dict


def _run(command: list[str], settings: dict[str, Any]) -> None:
    """Run a PostgreSQL client with the connection settings Django uses, in its environment."""
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
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} was not found: install PostgreSQL's client (apt-get install "
            "postgresql-client), the same major version as the server or newer."
        ) from None
    except subprocess.CalledProcessError as failed:
        raise BackupError(f"{command[0]} failed: {failed.stderr.strip()}") from None
