"""Processes starting together on one fresh database: every create-if-missing is one atomic
statement, so none of them dies on a unique index (packs at start, a guild's configuration on its
first use)."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import func, select

from bot.db import Database
from bot.models import GuildConfig, PackRow
from bot.services import guilds
from tests.conftest import DatabaseFactory
from tests.positions_support import T0
from tests.reliability.pg_fresh import bot_env, fresh_database, run_bot, start_bot

PROCESSES = 8
FIRST_USE = "@moderator /config member-motions allow:true\n"


async def test_eight_processes_starting_at_once_on_a_fresh_database_all_start() -> None:
    async with fresh_database() as url:
        env = bot_env(url)
        upgraded = run_bot(["db", "upgrade"], env)  # the documented first step
        assert upgraded.returncode == 0, upgraded.stderr
        processes = [start_bot(["console", "--json"], env) for _ in range(PROCESSES)]
        outputs = await asyncio.gather(*(asyncio.to_thread(p.communicate, FIRST_USE, 120) for p in processes))
        for process, (out, err) in zip(processes, outputs, strict=True):
            assert process.returncode == 0 and "Traceback" not in err, err[-2000:]
            replies = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
            assert [r["content"] for r in replies] == ["Members' motions are now added at once."], out
        db = Database(url)
        try:
            async with db.unit_of_work() as session:
                slugs = list((await session.execute(select(PackRow.slug))).scalars())
                configs = (await session.execute(select(func.count()).select_from(GuildConfig))).scalar_one()
        finally:
            await db.dispose()
        assert sorted(slugs) == sorted(set(slugs)) and slugs
        assert configs == 1


async def test_many_first_uses_of_a_guild_at_once_create_one_configuration(
    database: Database, database_factory: DatabaseFactory
) -> None:
    """Each use on a connection of its own, as from several processes (PostgreSQL raised
    IntegrityError in 37 of 100 such first uses)."""
    dbs = [database_factory() for _ in range(12)]

    async def first_use(db: Database) -> bool:
        async with db.unit_of_work() as session:
            config = await guilds.get_config(session, 4242, T0)
            return config.members_add_motions

    try:
        assert await asyncio.gather(*(first_use(db) for db in dbs)) == [False] * len(dbs)
    finally:
        await asyncio.gather(*(db.dispose() for db in dbs))
    async with database.unit_of_work() as session:
        assert (await session.execute(select(func.count()).select_from(GuildConfig))).scalar_one() == 1
