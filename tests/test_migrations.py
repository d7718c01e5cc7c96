"""Migrations: upgrade an empty database, downgrade to base, upgrade again; models and history agree."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.models import Base
from tests.conftest import DatabaseFactory


def _tables(sync_conn: Any) -> set[str]:
    return set(inspect(sync_conn).get_table_names()) - {"alembic_version"}


def _diff(sync_conn: Any) -> list[Any]:
    context = MigrationContext.configure(sync_conn, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


async def test_upgrade_downgrade_upgrade(database_factory: DatabaseFactory) -> None:
    db = database_factory()
    try:
        await db.upgrade()
        head = await db.current_revision()
        assert head is not None
        async with db.connect() as conn:
            assert await conn.run_sync(_tables) == set(Base.metadata.tables)
        await db.downgrade("base")
        assert await db.current_revision() is None
        async with db.connect() as conn:
            assert await conn.run_sync(_tables) == set()
        await db.upgrade()
        assert await db.current_revision() == head
        async with db.connect() as conn:
            # Every model change has a migration: autogenerate finds nothing left to do.
            assert await conn.run_sync(_diff) == []
    finally:
        await db.dispose()
