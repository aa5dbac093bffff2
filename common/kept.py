"""Kept copies of heavy reads, under a stamp the database moves on every change.

Most pages are cheap to draw and keep nothing (docs/performance.md). A few reads are heavy
however they are written — Insights aggregates every question a person was ever asked — and
those are kept per person, under the person's **change stamp**: a number in
``common_changestamp`` that database triggers replace whenever a row or column a kept read
depends on is inserted, changed or deleted. The triggers are in the database, so every write
path moves the stamp without knowing about it: a form, the sweep, ``QuerySet.update()``,
``bulk_create``, the admin's bulk delete, a data migration, raw SQL.

How it fits together:

- The module that keeps a read says what it reads, beside the read (``watch``): whole models
  (every column) or some fields of a model. ``tests/test_kept.py`` runs each kept read
  and fails if its SQL names a column that is not watched, so the list cannot fall behind the
  code.
- ``install_triggers`` (run after every ``migrate``, so the triggers always match the models)
  writes the triggers from those lists; each finds the row's owner along its queryset's
  ``owner_path`` and replaces that person's stamp. On PostgreSQL they fire at commit
  (deferred), so the stamp's row is locked for the last microseconds of a transaction, not
  for the whole of it, and a transaction takes no other lock after it: no lock order to keep.
- ``kept(owner_id, name, build)`` reads the stamp (one query) and returns the copy kept under
  it, or builds it and keeps it. The stamp is read before anything is built, so a copy is
  never kept under a stamp older than the data it was built from; and nothing is kept from
  inside a transaction, whose writes are not stamped (or may not happen) until it commits.

A stamp never repeats for a person (a global counter; after a migration every stamp moves
on), so there is nothing to invalidate and nothing to remember.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, models

# A kept copy cannot go stale; this only lets the cache forget copies nobody asks for.
KEPT_SECONDS = 7 * 24 * 3600
STAMP_TABLE = "common_changestamp"
STAMP_SEQUENCE = "common_changestamp_stamp_seq"  # PostgreSQL only
TRIGGER_PREFIX = "kept_"

T = TypeVar("T")


@dataclass
class Watched:
    """A model whose changes move its owner's stamp: every column, or only ``fields``."""

    model: type[models.Model]
    fields: set[str] = field(default_factory=set)  # empty: every column

    @property
    def every_column(self) -> bool:
        return not self.fields

    def columns(self) -> list[str]:
        """The watched columns; the primary key's too (it never changes: inserts and
        deletes are always stamped)."""
        meta = self.model._meta
        names = self.fields | {meta.pk.name}
        return sorted(str(meta.get_field(name).column) for name in names)  # type: ignore[union-attr]


_watched: dict[str, Watched] = {}


def watch(*models_: type[models.Model], fields: Iterable[str] = ()) -> None:
    """Declare that a kept read depends on these models: on every column of each (no
    ``fields``), or on these fields of it. Declarations add up."""
    for model in models_:
        label = model._meta.label
        wanted = set(fields)
        known = _watched.get(label)
        if known is None:
            _watched[label] = Watched(model, wanted)
        elif known.every_column or not wanted:
            known.fields = set()
        else:
            known.fields |= wanted


def watched() -> list[Watched]:
    return sorted(_watched.values(), key=lambda w: w.model._meta.db_table)


def stamp(owner_id: int) -> int:
    """The person's change stamp (1 query; a first call for the person writes their row)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT stamp FROM {STAMP_TABLE} WHERE owner_id = %s", [owner_id])
        row = cursor.fetchone()
        if row is not None:
            return row[0]
        cursor.execute(
            f"INSERT INTO {STAMP_TABLE} (owner_id, stamp) VALUES (%s, {_next_stamp_sql()}) "
            "ON CONFLICT (owner_id) DO NOTHING",
            [owner_id],
        )
        cursor.execute(f"SELECT stamp FROM {STAMP_TABLE} WHERE owner_id = %s", [owner_id])
        return cursor.fetchone()[0]


def kept(owner_id: int, name: str, build: Callable[[], T], *, vary: Iterable[Any] = ()) -> T:
    """What ``build()`` returns for the person, kept under their change stamp (and ``vary``:
    whatever else the result depends on, such as their time zone)."""
    if connection.in_atomic_block:
        # Inside a transaction the stamp may not have moved yet (PostgreSQL stamps at commit)
        # and what is read may yet be rolled back: build, keep nothing.
        return build()
    varying = hashlib.blake2b(repr(tuple(vary)).encode(), digest_size=8).hexdigest()
    key = f"kept:{name}:{owner_id}:{stamp(owner_id)}:{varying}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, KEPT_SECONDS)
    return value


# The triggers.


def _next_stamp_sql() -> str:
    if connection.vendor == "postgresql":
        return f"nextval('{STAMP_SEQUENCE}')"
    return f"(SELECT coalesce(max(stamp), 0) + 1 FROM {STAMP_TABLE})"


def owner_sql(model: type[models.Model], row: str) -> str:
    """SQL for the owner's id of ``row`` (``NEW`` or ``OLD``) of ``model``, following its
    queryset's ``owner_path`` through the tables on the way."""
    path = getattr(model._default_manager.get_queryset(), "owner_path", "owner").split("__")
    return _owner_sql(model, path, f"{row}.")


def _owner_sql(model: type[models.Model], path: list[str], row_prefix: str) -> str:
    link = model._meta.get_field(path[0])
    column = f'{row_prefix}"{link.column}"'  # type: ignore[union-attr]
    if len(path) == 1:
        return column
    parent = link.related_model
    table = parent._meta.db_table  # type: ignore[union-attr]
    pk = parent._meta.pk.column  # type: ignore[union-attr]
    inner = _owner_sql(parent, path[1:], f'"{table}".')  # type: ignore[arg-type]
    return f'(SELECT {inner} FROM "{table}" WHERE "{table}"."{pk}" = {column})'


def _bump_sql(owner: str) -> str:
    return (
        f"INSERT INTO {STAMP_TABLE} (owner_id, stamp) "
        f"SELECT o, {_next_stamp_sql()} FROM (SELECT {owner} AS o) AS owner WHERE o IS NOT NULL "
        "ON CONFLICT (owner_id) DO UPDATE SET stamp = excluded.stamp"
    )


def _changed_sql(w: Watched, differ: str) -> str:
    return " OR ".join(f'OLD."{c}" {differ} NEW."{c}"' for c in w.columns())


def trigger_statements(w: Watched) -> list[str]:
    """The statements that create ``w``'s triggers on this database."""
    table = w.model._meta.db_table
    name = f"{TRIGGER_PREFIX}{table}"
    new, old = _bump_sql(owner_sql(w.model, "NEW")), _bump_sql(owner_sql(w.model, "OLD"))
    if connection.vendor == "postgresql":
        when = "" if w.every_column else f"WHEN ({_changed_sql(w, 'IS DISTINCT FROM')})"
        return [
            f'CREATE FUNCTION "{name}"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
            f"IF TG_OP <> 'INSERT' THEN {old}; END IF; "
            f"IF TG_OP <> 'DELETE' THEN {new}; END IF; "
            "RETURN NULL; END $$",
            *(
                f'CREATE CONSTRAINT TRIGGER "{name}_{op.lower()}" AFTER {op} ON "{table}" '
                f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {when if op == 'UPDATE' else ''} "
                f'EXECUTE FUNCTION "{name}"()'
                for op in ("INSERT", "UPDATE", "DELETE")
            ),
        ]
    when = "" if w.every_column else f"WHEN {_changed_sql(w, 'IS NOT')}"
    return [
        f'CREATE TRIGGER "{name}_insert" AFTER INSERT ON "{table}" BEGIN {new}; END',
        f'CREATE TRIGGER "{name}_update" AFTER UPDATE ON "{table}" {when} BEGIN {old}; {new}; END',
        f'CREATE TRIGGER "{name}_delete" AFTER DELETE ON "{table}" BEGIN {old}; END',
    ]


def installed_triggers() -> dict[str, str]:
    """Our triggers in the database now, by name, with the table each is on."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE %s",
                [TRIGGER_PREFIX + "%"],
            )
        else:
            cursor.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [TRIGGER_PREFIX + "%"],
            )
        return {name: table.strip('"') for name, table in cursor.fetchall()}


def install_triggers(**kwargs) -> None:
    """Write the triggers anew from what is watched now, and move every stamp on (a data
    migration may have changed rows before the triggers were there). Run after ``migrate``
    (``post_migrate``), so the triggers always match the models."""
    if STAMP_TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for name, table in installed_triggers().items():
            if connection.vendor == "postgresql":
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
            else:
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT proname FROM pg_proc WHERE proname LIKE %s", [TRIGGER_PREFIX + "%"]
            )
            for (function,) in cursor.fetchall():
                cursor.execute(f'DROP FUNCTION IF EXISTS "{function}"()')
            cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {STAMP_SEQUENCE}")
        for w in watched():
            for statement in trigger_statements(w):
                cursor.execute(statement)
        cursor.execute(f"UPDATE {STAMP_TABLE} SET stamp = {_next_stamp_sql()}")
