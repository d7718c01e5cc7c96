"""INSERT ... ON CONFLICT, the one dialect-specific corner (tested on SQLite and PostgreSQL): every
upsert and insert-unless-present of the house goes through here.

SQLAlchemy 2.0 does not cache the dialects' ON CONFLICT statements (their ``Insert`` sets
``inherit_cache = False``), so executing one compiles it again every time: about 1 ms, more than
the write itself (measured in bench/, see docs/benchmarks.md). Each statement shape is therefore
compiled once per dialect, with named parameters, and run as SQL text with the columns' types,
which SQLAlchemy does cache.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from sqlalchemy import ColumnElement, TextClause, bindparam, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models.base import Base

# Compiled statements, with the column defaults they need, by (dialect, table, keys, update,
# condition, columns, returning).
_STATEMENTS: dict[tuple[Any, ...], tuple[TextClause, dict[str, Any]]] = {}


def dialect_module(name: str) -> ModuleType:
    """``sqlalchemy.dialects.postgresql`` for PostgreSQL, else ``sqlalchemy.dialects.sqlite``,
    imported on first use: a bot on SQLite never loads PostgreSQL's dialects (18 modules, about
    2 MB of memory, docs/benchmarks.md)."""
    package = "postgresql" if name == "postgresql" else "sqlite"
    return importlib.import_module(f"sqlalchemy.dialects.{package}")


def _condition_key(only_if: Callable[[Any], ColumnElement[bool]] | None) -> object | None:
    """A stable key for ``only_if``: its code when it captures nothing (a lambda written in place)."""
    if only_if is None:
        return None
    if getattr(only_if, "__closure__", None) is None and hasattr(only_if, "__code__"):
        return only_if.__code__
    return None


def _compile(
    dialect: str,
    model: type[Base],
    columns: Sequence[str],
    keys: Sequence[str],
    update: Sequence[str],
    only_if: Callable[[Any], ColumnElement[bool]] | None,
    returning: str | None,
) -> tuple[TextClause, dict[str, Any]]:
    """The statement as SQL text, and the values of the column defaults it binds (as text, it no
    longer fills them in itself)."""
    table = model.__table__
    module = dialect_module(dialect)
    base = module.insert(table)
    stmt = base.on_conflict_do_update(
        index_elements=list(keys),
        set_={column: base.excluded[column] for column in update},
        where=only_if(base.excluded) if only_if is not None else None,
    )
    if returning is not None:
        stmt = stmt.returning(table.c[returning])
    compiled = stmt.compile(dialect=module.dialect(paramstyle="named"), column_keys=list(columns))
    names = list(compiled.binds)
    defaults: dict[str, Any] = {}
    for name in names:
        if name in columns:
            continue
        default = table.c[name].default
        if default is None or not default.is_scalar:
            raise TypeError(f"upsert into {table.name} needs a value for {name}")
        defaults[name] = default.arg
    binds = [bindparam(name, type_=table.c[name].type) for name in names]
    # PostgreSQL casts some parameters (``:payload::JSON``); text() reads a name followed by ``:``
    # as no parameter at all, so the cast's colons are escaped.
    return text(compiled.string.replace("::", r"\:\:")).bindparams(*binds), defaults


async def upsert(
    session: AsyncSession,
    model: type[Base],
    values: dict[str, Any],
    *,
    keys: Sequence[str],
    update: Sequence[str],
    only_if: Callable[[Any], ColumnElement[bool]] | None = None,
    returning: str | None = None,
) -> Any:
    """Insert ``values``; when a row with the same ``keys`` exists, overwrite its ``update`` columns.

    ``only_if(excluded)`` limits the overwrite to existing rows for which the condition holds;
    ``excluded`` holds the proposed row's columns (``excluded.updated_at``). With ``returning``
    (a column name, e.g. ``"id"``), that column of the written row is returned (not with ``only_if``,
    which may write nothing).
    """
    dialect = session.bind.dialect.name
    columns = tuple(sorted(values))
    condition = _condition_key(only_if)
    cacheable = only_if is None or condition is not None
    cache_key = (dialect, model, tuple(keys), tuple(update), condition, columns, returning)
    compiled = _STATEMENTS.get(cache_key) if cacheable else None
    if compiled is None:
        compiled = _compile(dialect, model, columns, keys, update, only_if, returning)
        if cacheable:
            _STATEMENTS[cache_key] = compiled
    stmt, defaults = compiled
    # SQL text does not autoflush: write pending objects first (the row may refer to them).
    await session.flush()
    result = await session.execute(stmt, {**defaults, **values} if defaults else values)
    return result.scalar_one() if returning is not None else None


async def insert_unless_present(
    session: AsyncSession, model: type[Base], values: dict[str, Any], *, keys: Sequence[str]
) -> None:
    """Insert ``values`` unless a row with the same ``keys`` exists (no error either way)."""
    insert = dialect_module(session.bind.dialect.name).insert
    await session.execute(insert(model).values(**values).on_conflict_do_nothing(index_elements=list(keys)))
