"""Kept copies of heavy reads, under stamps the database moves on every change.

Most pages are cheap to draw and keep nothing (docs/performance.md). A few reads are heavy
however they are written — Insights aggregates every question a person was ever asked, the
calendar feed's ETag would read every interview and follow-up — and those are kept per
person under one of the person's **change stamps**: counters in ``common_changestamp``,
one row per person, one column per topic, that database triggers move whenever a row or
column the topic's reads depend on is inserted, changed or deleted. The triggers are in the
database, so every write path moves the stamps without knowing about them: a form, the
sweep, ``QuerySet.update()``, ``bulk_create``, the admin's bulk delete, a data migration,
raw SQL.

- **Topics** are the stamp's columns (``ChangeStamp``): ``history`` (what the person's
  reviews, plans and stories add up to: Insights, the plan's history, the prep card, the
  dashboard's themes) and ``calendar`` (what the calendar feed is written from). A write
  moves only the topics whose columns it changes: saving what someone learned in an
  interview leaves Insights kept; moving the interview moves both.
- The module that keeps a read says what it reads, beside the read (``watch``): whole models
  or some fields of a model, per topic. ``tests/test_kept.py`` runs each kept read and fails
  if its SQL names a column its topic does not watch, so the lists cannot fall behind the
  code.
- ``install_triggers`` (run after every ``migrate``, so the triggers always match the models;
  ``remove_triggers`` runs before it) writes the triggers from those lists; each finds the
  row's owner along its queryset's ``owner_path`` and adds one to that person's stamp for
  the topic. On PostgreSQL they fire at commit (deferred), so the person's stamp row is
  locked for the last moment of a transaction, not for the whole of it, and nothing else
  is locked after it: there is no lock order to keep.
- ``kept(owner_id, topic, name, build)`` reads the stamp (one query) and returns the copy
  kept under it, or builds it and keeps it. The stamp is read before anything is built, so
  a copy is never kept under a stamp older than the data it was built from; nothing is
  kept from inside a transaction, whose writes are not stamped (or may not happen) until it
  commits; and nothing is kept while the triggers are not in place (during a ``migrate``,
  or after one that failed half-way).

A person's stamp only goes up (``migrate`` moves every stamp on, as a data migration may have
changed rows before the triggers were there), so a kept copy is never found under a stamp
its data has since left: there is nothing to invalidate and nothing to remember.
"""

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, models

# A kept copy cannot go stale; this only lets the cache forget copies nobody asks for.
KEPT_SECONDS = 7 * 24 * 3600
STAMP_TABLE = "common_changestamp"
TOPICS = ("history", "calendar")  # ChangeStamp's columns
TRIGGER_PREFIX = "kept_"

T = TypeVar("T")
logger = logging.getLogger(__name__)


@dataclass
class Watched:
    """A model whose changes move its owner's stamp for ``topic``: every column, or only
    ``fields``."""

    topic: str
    model: type[models.Model]
    fields: set[str] = field(default_factory=set)  # empty: every column
    owner_path: str = ""

    @property
    def every_column(self) -> bool:
        return not self.fields

    def columns(self) -> list[str]:
        """The watched columns; the primary key's too (it never changes: inserts and
        deletes are always stamped)."""
        meta = self.model._meta
        names = self.fields | {meta.pk.name}
        return sorted(str(meta.get_field(name).column) for name in names)  # type: ignore[union-attr]


_watched: dict[tuple[str, str], Watched] = {}


def watch(
    *models_: type[models.Model], topic: str, fields: Iterable[str] = (), owner_path: str = ""
) -> None:
    """Declare that ``topic``'s kept reads depend on these models: on every column of each
    (no ``fields``), or on these fields of it. Declarations add up. ``owner_path`` is for a
    model whose queryset does not name one (a many-to-many's table)."""
    if topic not in TOPICS:
        raise ValueError(f"No stamp for {topic!r}: add a column to ChangeStamp.")
    for model in models_:
        key = (topic, model._meta.label)
        wanted = set(fields)
        known = _watched.get(key)
        if known is None:
            _watched[key] = Watched(topic, model, wanted, owner_path)
        elif known.every_column or not wanted:
            known.fields = set()
        else:
            known.fields |= wanted


def watched(topic: str | None = None) -> list[Watched]:
    found = [w for w in _watched.values() if topic in (None, w.topic)]
    return sorted(found, key=lambda w: (w.topic, w.model._meta.db_table))


# The row that says the triggers are in place: written by ``install_triggers``, removed by
# ``remove_triggers`` (no person has the id 0). Without it nothing is kept.
INSTALLED_MARK = 0


def stamp(owner_id: int, topic: str) -> int | None:
    """The person's stamp for ``topic`` (1 query; a first call for the person writes their
    row), or None while the triggers are not in place (during ``migrate``, or after one that
    failed): then nothing may be kept."""
    if topic not in TOPICS:
        raise ValueError(f"No stamp for {topic!r}.")
    with connection.cursor() as cursor:
        for _ in range(2):
            cursor.execute(
                f"SELECT (SELECT {topic} FROM {STAMP_TABLE} WHERE owner_id = %s), "
                f"EXISTS (SELECT 1 FROM {STAMP_TABLE} WHERE owner_id = {INSTALLED_MARK})",
                [owner_id],
            )
            value, installed = cursor.fetchone()
            if not installed:
                return None
            if value is not None:
                return value
            cursor.execute(
                f"INSERT INTO {STAMP_TABLE} (owner_id, {', '.join(TOPICS)}) "
                f"VALUES (%s, {', '.join('1' for _ in TOPICS)}) ON CONFLICT (owner_id) DO NOTHING",
                [owner_id],
            )
    raise RuntimeError("The change stamp could not be written.")


def kept(
    owner_id: int, topic: str, name: str, build: Callable[[], T], *, vary: Iterable[Any] = ()
) -> T:
    """What ``build()`` returns for the person, kept under their stamp for ``topic`` (and
    ``vary``: whatever else the result depends on, such as their time zone)."""
    if connection.in_atomic_block:
        # Inside a transaction the stamp may not have moved yet (PostgreSQL stamps at commit)
        # and what is read may yet be rolled back: build, keep nothing.
        return build()
    current = stamp(owner_id, topic)
    if current is None:
        return build()
    varying = hashlib.blake2b(repr(tuple(vary)).encode(), digest_size=8).hexdigest()
    key = f"kept:{name}:{owner_id}:{topic}:{current}:{varying}"
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("The cache could not be read; %s is drawn anew.", name, exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, KEPT_SECONDS)
        except Exception:
            logger.warning("The cache could not be written; %s is not kept.", name, exc_info=True)
    return value


# The triggers.


def owner_sql(w: Watched, row: str) -> str:
    """SQL for the owner's id of ``row`` (``NEW`` or ``OLD``) of ``w.model``, following its
    owner path (its queryset's ``owner_path``) through the tables on the way."""
    queryset = w.model._default_manager.get_queryset()
    path = w.owner_path or getattr(queryset, "owner_path", "owner")
    return _owner_sql(w.model, path.split("__"), f"{row}.")


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


def _bump_sql(topic: str, owner: str) -> str:
    ones = ", ".join("1" for _ in TOPICS)
    return (
        f"INSERT INTO {STAMP_TABLE} (owner_id, {', '.join(TOPICS)}) "
        f"SELECT o, {ones} FROM (SELECT {owner} AS o) AS owner WHERE o IS NOT NULL "
        f"ON CONFLICT (owner_id) DO UPDATE SET {topic} = {STAMP_TABLE}.{topic} + 1"
    )


def _changed_sql(w: Watched, differ: str) -> str:
    return " OR ".join(f'OLD."{c}" {differ} NEW."{c}"' for c in w.columns())


def trigger_statements(w: Watched) -> list[str]:
    """The statements that create ``w``'s triggers on this database."""
    table = w.model._meta.db_table
    name = f"{TRIGGER_PREFIX}{w.topic}_{table}"
    new = _bump_sql(w.topic, owner_sql(w, "NEW"))
    old = _bump_sql(w.topic, owner_sql(w, "OLD"))
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


def constraint_names() -> list[str]:
    """The names of our triggers, quoted: on PostgreSQL, deferred constraints (tests make
    them fire at once, ``SET CONSTRAINTS … IMMEDIATE``, as their transaction never commits)."""
    return [
        f'"{TRIGGER_PREFIX}{w.topic}_{w.model._meta.db_table}_{op}"'
        for w in watched()
        for op in ("insert", "update", "delete")
    ]


def installed_triggers() -> dict[str, str]:
    """Our triggers in the database now, by name, with the table each is on."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname, tgrelid::regclass::text FROM pg_trigger")
        else:
            cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        return {
            name: table.strip('"')
            for name, table in cursor.fetchall()
            if name.startswith(TRIGGER_PREFIX)
        }


def remove_triggers(**kwargs) -> None:
    """Remove our triggers and the mark that says they are in place, so nothing is kept
    until ``install_triggers`` runs. Run before ``migrate`` (``pre_migrate``): a migration
    may drop or rename a watched column, or write rows and then alter their table, which
    PostgreSQL refuses while deferred triggers are pending."""
    if STAMP_TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {STAMP_TABLE} WHERE owner_id = {INSTALLED_MARK}")
        for name, table in installed_triggers().items():
            if connection.vendor == "postgresql":
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
            else:
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace"
            )
            for (function,) in cursor.fetchall():
                if function.startswith(TRIGGER_PREFIX):
                    cursor.execute(f'DROP FUNCTION IF EXISTS "{function}"()')


def install_triggers(**kwargs) -> None:
    """Write the triggers anew from what is watched now, move every stamp on (rows may have
    changed while there were none: a data migration) and mark them in place. Run after
    ``migrate`` (``post_migrate``), so the triggers always match the models."""
    if STAMP_TABLE not in connection.introspection.table_names():
        return
    remove_triggers()
    with connection.cursor() as cursor:
        for w in watched():
            for statement in trigger_statements(w):
                cursor.execute(statement)
        moved = ", ".join(f"{topic} = {topic} + 1" for topic in TOPICS)
        cursor.execute(f"UPDATE {STAMP_TABLE} SET {moved}")
        cursor.execute(
            f"INSERT INTO {STAMP_TABLE} (owner_id, {', '.join(TOPICS)}) "
            f"VALUES ({INSTALLED_MARK}, {', '.join('1' for _ in TOPICS)})"
        )
