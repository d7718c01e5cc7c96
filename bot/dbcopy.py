"""``python -m bot db copy --to <DATABASE_URL>``: move a group's data into an empty database.

For a group that outgrows one machine: the SQLite file's rows go into an empty PostgreSQL
database at the same schema revision. Tables are copied parent-first (foreign-key order) in
batches, inside ONE transaction on the target, so a failed copy leaves the target empty.
Afterwards PostgreSQL's id sequences are moved past the copied ids, and the row counts of
every table are compared. Stop the bot while copying: rows written meanwhile are not copied.

This is tooling, not domain: it works on tables (``Base.metadata``), not on services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from alembic.script import ScriptDirectory
from sqlalchemy import Table, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db import WRITTEN_BY, Database, alembic_config
from bot.input_text import clean_value
from bot.models import Base
from bot.settings import SettingsError, check_database_url

BATCH_SIZE = 1000


class CopyError(Exception):
    """The copy was refused or failed; the message says why and what to do."""


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int


def tables() -> list[Table]:
    """Every table of the schema, parents before children."""
    return list(Base.metadata.sorted_tables)


def head_revision(url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


async def count_rows(conn: AsyncConnection, table: Table) -> int:
    return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


async def _tables_with_rows(db: Database) -> list[str]:
    async with db.connect() as conn:
        existing = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        occupied = [t.name for t in tables() if t.name in existing and await count_rows(conn, t) > 0]
        if "app_meta" in occupied:
            # A target already migrated (`db upgrade`) holds only the note of who migrated it.
            others = await conn.execute(
                text("SELECT COUNT(*) FROM app_meta WHERE key != :key"), {"key": WRITTEN_BY}
            )
            if others.scalar_one() == 0:
                occupied.remove("app_meta")
        return occupied


async def _check(source: Database, target: Database) -> str:
    """Refuse unless the source is at the newest revision and the target holds none of our rows."""
    if make_url(source.url) == make_url(target.url):
        raise CopyError("The source and the target are the same database.")
    head = head_revision(source.url)
    current = await source.current_revision()
    if current != head:
        raise CopyError(
            f"The source database is at revision {current or 'none (it has no tables)'}, not {head}: "
            "run `python -m bot db upgrade` on it first (or start the bot once)."
        )
    occupied = await _tables_with_rows(target)
    if occupied:
        raise CopyError(
            f"The target database is not empty ({', '.join(occupied)} hold rows). "
            "Copy into a new, empty database."
        )
    assert head is not None
    return head


async def _copy_table(src: AsyncConnection, dst: AsyncConnection, table: Table, batch_size: int) -> int:
    copied = 0
    result = await src.stream(select(table).order_by(*table.primary_key.columns))
    async for rows in result.partitions(batch_size):
        try:
            # Older versions stored members' text as sent, NUL included (PostgreSQL refuses it):
            # cleaned as today's bot cleans what it receives (bot/input_text.py).
            await dst.execute(
                table.insert(), [{k: clean_value(v) for k, v in row._mapping.items()} for row in rows]
            )
        except DBAPIError as exc:
            # SQLite accepts what PostgreSQL refuses (over-long strings, NUL characters ...).
            raise CopyError(f"Copying {table.name} failed near row {copied + 1}: {exc.orig}") from exc
        copied += len(rows)
    return copied


async def _fix_sequences(dst: AsyncConnection) -> None:
    """Move each id sequence past the copied ids, so the next insert gets a fresh id."""
    if dst.dialect.name != "postgresql":
        return  # SQLite's autoincrement follows the largest rowid by itself
    for table in tables():
        column = table.autoincrement_column
        if column is None:
            continue
        quoted = dst.dialect.identifier_preparer.format_table(table)
        col = dst.dialect.identifier_preparer.quote(column.name)
        await dst.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"COALESCE((SELECT MAX({col}) FROM {quoted}), 1), "
                f"(SELECT MAX({col}) FROM {quoted}) IS NOT NULL)"
            ),
            {"table": table.name, "column": column.name},
        )


async def copy_database(
    source: Database,
    target: Database,
    *,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[TableCount], None] | None = None,
) -> list[TableCount]:
    """Copy every row of ``source`` into the empty ``target``; returns the counts per table.

    Raises CopyError when refused (source not migrated to head, target not empty) or when
    the copy fails; the target then holds no copied rows.
    """
    head = await _check(source, target)
    await target.upgrade(head)
    counts: list[TableCount] = []
    async with source.connect() as src, target.engine.begin() as dst:
        await src.begin()  # one read transaction: one consistent view of the source
        # The upgrade above noted which Roundtable wrote the schema; the source's note comes along.
        await dst.execute(text("DELETE FROM app_meta WHERE key = :key"), {"key": WRITTEN_BY})
        for table in tables():
            await _copy_table(src, dst, table, batch_size)
            count = TableCount(table.name, await count_rows(src, table), await count_rows(dst, table))
            counts.append(count)
            if progress is not None:
                progress(count)
        await _fix_sequences(dst)
        wrong = [c for c in counts if c.source != c.target]
        if wrong:  # rolls the whole copy back
            raise CopyError(
                "Row counts differ after the copy: "
                + ", ".join(f"{c.table} {c.source} -> {c.target}" for c in wrong)
            )
    return counts


class Unreachable(Exception):
    """The database that the setting ``name`` names could not be reached (the cause says why)."""

    def __init__(self, name: str, url: str) -> None:
        self.name, self.url = name, url
        super().__init__(f"cannot reach the database in {name}")


async def _reach(db: Database, name: str) -> None:
    try:
        async with db.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except (OSError, DBAPIError) as exc:
        raise Unreachable(name, db.url) from exc
    except Exception as exc:  # asyncpg's own errors (unknown database, role) before SQLAlchemy wraps them
        if type(exc).__module__.startswith("asyncpg"):
            raise Unreachable(name, db.url) from exc
        raise


async def run_copy(source_url: str, target_url: str, out: TextIO, *, batch_size: int = BATCH_SIZE) -> int:
    """The command line: copy, print a line per table, return the exit status."""
    try:
        check_database_url(target_url, "--to")
    except SettingsError as exc:
        print(exc, file=out)
        return 2
    source = Database(source_url)
    try:
        target = Database(target_url)
    except OSError as exc:  # its SQLite folder cannot be made
        await source.dispose()
        raise Unreachable("--to", target_url) from exc
    print(f"copying {safe_url(source_url)}\n     to {safe_url(target_url)}", file=out)
    width = max(len(t.name) for t in tables())
    try:
        await _reach(source, "DATABASE_URL")
        await _reach(target, "--to")
        counts = await copy_database(
            source,
            target,
            batch_size=batch_size,
            progress=lambda c: print(f"  {c.table:<{width}}  {c.target:>9} rows", file=out, flush=True),
        )
    except CopyError as exc:
        print(f"Not copied: {exc}", file=out)
        return 1
    finally:
        await source.dispose()
        await target.dispose()
    total = sum(c.target for c in counts)
    print(f"copied {total} rows in {len(counts)} tables; every count matches the source", file=out)
    return 0
