"""The sharded bot (SHARD_COUNT / SHARD_IDS) in SimCord: commands on every shard, timers on its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import simcord
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import create_bot
from bot.models import Job
from bot.services import identities, jobs
from bot.settings import Settings
from bot.ui.host import BotHost
from tests.conftest import DatabaseFactory


async def test_without_shard_count_the_bot_runs_one_shard_for_every_guild(
    settings: Settings, database_factory: DatabaseFactory
) -> None:
    """One class for both: without SHARD_COUNT, AutoShardedBot runs the single shard 0 (as a plain
    commands.Bot did), and the timers look for work in every guild."""
    assert settings.shard_count is None
    bot = create_bot(settings, db=database_factory(), always_sync=True)
    assert isinstance(bot, BotHost)  # what bot/ui's handlers ask of it
    assert bot.shard_count == 1 and bot.scheduler.shard_count is None
    async with simcord.run(bot) as env:
        assert sorted(bot.shards) == [0]
        guild = env.create_guild("Study group")
        channel = guild.create_text_channel("general")
        reader = guild.add_member(env.create_user("reader"))
        result = await reader.slash(channel, "help")
        assert result.ephemeral and result.response.embeds[0].title == "Roundtable commands"
        seen = bot.get_guild(guild.id)
        assert seen is not None and seen.shard_id == 0
        assert env.errors == []


async def test_help_answers_in_guilds_on_both_shards(
    settings: Settings, database_factory: DatabaseFactory
) -> None:
    bot = create_bot(replace(settings, shard_count=2), db=database_factory(), always_sync=True)
    assert bot.shard_count == 2
    async with simcord.run(bot) as env:
        assert sorted(bot.shards) == [0, 1]
        for shard in (0, 1):
            guild = env.create_guild(f"Group on shard {shard}", shard_id=shard)
            channel = guild.create_text_channel("general")
            reader = guild.add_member(env.create_user(f"reader{shard}"))
            result = await reader.slash(channel, "help")
            assert result.ephemeral
            assert result.response.embeds[0].title == "Roundtable commands"
            seen = bot.get_guild(guild.id)
            assert seen is not None and seen.shard_id == shard == jobs.shard_of(guild.id, 2)
        assert env.errors == []


async def test_a_process_runs_only_the_timers_of_its_shards(
    settings: Settings, database_factory: DatabaseFactory
) -> None:
    """SHARD_IDS=1 of SHARD_COUNT=2: the shard-0 guild's timer waits for the process that owns shard 0,
    and a Slack workspace's timer for a process that serves Slack."""
    bot = create_bot(
        replace(settings, shard_count=2, shard_ids=(1,)), db=database_factory(), always_sync=True
    )
    assert (bot.scheduler.shard_count, bot.scheduler.shard_ids) == (2, (1,))
    ran: list[int] = []

    async def mark(session: AsyncSession, job: Job) -> None:
        ran.append(job.guild_id)

    async with simcord.run(bot) as env:
        assert sorted(bot.shards) == [1]
        mine = env.create_guild("Ours", shard_id=1)
        theirs = env.create_guild("Another process's", shard_id=0)
        channel = mine.create_text_channel("general")
        reader = mine.add_member(env.create_user("reader"))
        assert bot.get_guild(mine.id) is not None and bot.get_guild(theirs.id) is None
        assert (await reader.slash(channel, "help")).ephemeral

        bot.scheduler.register("test-mark", mark)
        now = bot.clock()
        async with bot.db.unit_of_work() as session:
            team = await identities.internal_id(session, "slack", "space", "T0123ABCD", now=now)
            for space in (mine.id, theirs.id, team):
                await jobs.schedule(
                    session, guild_id=space, kind="test-mark", due_at=now + timedelta(seconds=30), now=now
                )
        bot.scheduler.wake()
        await env.advance_time(10)
        assert ran == []  # not due yet
        await env.advance_time(25)
        assert ran == [mine.id]
        async with bot.db.unit_of_work() as session:
            status = dict((await session.execute(select(Job.guild_id, Job.status))).tuples().all())
        assert status == {mine.id: "done", theirs.id: "pending", team: "pending"}
        assert env.errors == []
