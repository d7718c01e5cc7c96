"""The one dialect-specific statement, on SQLite and PostgreSQL: insert or update, the column
defaults it must fill itself, the ``only_if`` guard, and compiling each shape once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db import Database
from bot.models import GuildConfig
from bot.services import upsert as upsert_module
from bot.services.upsert import upsert

T0 = datetime(2026, 1, 1, tzinfo=UTC)


async def _config(db: Database, guild_id: int) -> GuildConfig | None:
    async with db.unit_of_work() as s:
        return await s.get(GuildConfig, guild_id)


async def test_insert_fills_defaults_then_update_touches_only_the_named_columns(database: Database) -> None:
    async with database.unit_of_work() as s:
        await upsert(
            s,
            GuildConfig,
            {"guild_id": 1, "active_pack": "a", "created_at": T0},
            keys=("guild_id",),
            update=("active_pack",),
        )
    first = await _config(database, 1)
    assert first is not None and (first.active_pack, first.members_add_motions) == ("a", False)

    async with database.unit_of_work() as s:
        await upsert(
            s,
            GuildConfig,
            {"guild_id": 1, "active_pack": "b", "created_at": T0 + timedelta(days=1)},
            keys=("guild_id",),
            update=("active_pack",),
        )
    second = await _config(database, 1)
    assert second is not None and second.active_pack == "b"
    assert second.created_at.replace(tzinfo=UTC) == T0  # not in ``update``: kept


async def test_only_if_guards_the_update_and_each_shape_compiles_once(database: Database) -> None:
    def later(proposed):  # type: ignore[no-untyped-def]
        return GuildConfig.created_at <= proposed.created_at

    async def write(pack: str, at: datetime) -> None:
        async with database.unit_of_work() as s:
            await upsert(
                s,
                GuildConfig,
                {"guild_id": 2, "active_pack": pack, "created_at": at},
                keys=("guild_id",),
                update=("active_pack", "created_at"),
                only_if=later,
            )

    before = len(upsert_module._STATEMENTS)
    await write("new", T0 + timedelta(hours=1))
    shapes = len(upsert_module._STATEMENTS)
    assert shapes == before + 1  # this shape (its own only_if) was compiled and kept
    await write("old", T0)  # older than the stored row: ignored
    config = await _config(database, 2)
    assert config is not None and config.active_pack == "new"
    await write("newer", T0 + timedelta(hours=2))
    config = await _config(database, 2)
    assert config is not None and config.active_pack == "newer"
    assert len(upsert_module._STATEMENTS) == shapes  # the same shape reuses its compiled statement
