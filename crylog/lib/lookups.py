"""Two queries Django leaves to the database, written so that SQLite and PostgreSQL answer alike.

- ``field__has_item="loss"``: a JSON list holds this string. Django's ``__contains`` on a
  JSONField would do it on PostgreSQL, but SQLite does not support it
  (``supports_json_field_contains`` is False there).
- ``Lowered(expression)``: lower case for every letter, not only A–Z. SQLite's own ``lower()``,
  ``upper()`` and ``LIKE`` fold ASCII letters only ("Ärger" and "ärger" differ), so on SQLite
  it calls Python's ``str.lower`` (``crylog_lower``, added to each new connection by
  ``add_sqlite_functions``). PostgreSQL's ``lower()`` follows the database's LC_CTYPE, which
  folds only ASCII letters in a "C" database; the ICU root collation folds every letter
  whatever the database was created with (PostgreSQL is built with ICU on Debian, in the
  official images and on the usual hosts).

See docs/architecture.md, "Databases".
"""

from __future__ import annotations

import json
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Func, Lookup, TextField
from django.db.models.sql.compiler import SQLCompiler

type SQL = tuple[str, tuple[str | int, ...]]

SQLITE_LOWER = "crylog_lower"
ICU_ROOT = "und-x-icu"


class HasItem(Lookup[Any]):
    """A JSON list (of strings) holds this string, on SQLite and PostgreSQL alike."""

    lookup_name = "has_item"
    prepare_rhs = False

    def _item(self) -> str:
        if not isinstance(self.rhs, str):
            raise TypeError(f"has_item takes a string, not {type(self.rhs).__name__}")
        return self.rhs

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> SQL:
        # SQLite: one row per item of the list; a value that is not a list has no such row.
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sql = f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s)"
        return sql, (*lhs_params, self._item())

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> SQL:
        # jsonb containment: the operator a GIN index on the column would serve.
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::jsonb", (*lhs_params, json.dumps([self._item()]))


class Lowered(Func):
    """Lower case for every letter (see the module's docstring), as text."""

    function = "LOWER"
    output_field = TextField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> SQL:
        return self.as_sql(compiler, connection, function=SQLITE_LOWER, **extra)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> SQL:
        template = f'LOWER((%(expressions)s)::text COLLATE "{ICU_ROOT}")'
        return self.as_sql(compiler, connection, template=template, **extra)


def _lower(value: str | None) -> str | None:
    return None if value is None else value.lower()


def add_sqlite_functions(sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """On each new SQLite connection, the functions ``Lowered`` calls (connection_created)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_LOWER, 1, _lower, deterministic=True)
