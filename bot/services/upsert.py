"""INSERT ... ON CONFLICT DO UPDATE, the one dialect-specific corner (tested on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase


async def upsert(
    session: AsyncSession,
    model: type[DeclarativeBase],
    values: dict[str, Any],
    *,
    keys: Sequence[str],
    update: Sequence[str],
    only_if: Callable[[Any], ColumnElement[bool]] | None = None,
) -> None:
    """Insert ``values``; when a row with the same ``keys`` exists, overwrite its ``update`` columns.

    ``only_if(excluded)`` limits the overwrite to existing rows for which the condition holds;
    ``excluded`` holds the proposed row's columns (``excluded.updated_at``).
    """
    dialect = session.bind.dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(model).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={column: stmt.excluded[column] for column in update},
        where=only_if(stmt.excluded) if only_if is not None else None,
    )
    await session.execute(stmt)


async def insert_unless_present(
    session: AsyncSession, model: type[DeclarativeBase], values: dict[str, Any], *, keys: Sequence[str]
) -> None:
    """Insert ``values`` unless a row with the same ``keys`` exists (no error either way)."""
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    await session.execute(insert(model).values(**values).on_conflict_do_nothing(index_elements=list(keys)))
