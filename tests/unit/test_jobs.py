from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import Database
from bot.models import Job
from bot.scheduler import BATCH, Scheduler
from bot.services import identities, jobs

T0 = datetime(2026, 1, 1, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


async def test_claim_is_exclusive_until_the_lease_runs_out(database: Database) -> None:
    async with database.unit_of_work() as s:
        job = await jobs.schedule(s, guild_id=1, kind="k", due_at=T0, now=T0)
    async with database.unit_of_work() as s:
        first = await jobs.claim(s, job.id, "a", T0)
    assert first is not None and first.startswith("a:")
    async with database.unit_of_work() as s:
        assert await jobs.claim(s, job.id, "b", T0 + timedelta(seconds=10)) is None
    later = T0 + jobs.LEASE + timedelta(seconds=1)
    async with database.unit_of_work() as s:
        second = await jobs.claim(s, job.id, "b", later)  # a crashed: b takes over
    assert second is not None
    with pytest.raises(jobs.LeaseLost):
        async with database.unit_of_work() as s:
            await jobs.finish(s, job.id, first, later)
    async with database.unit_of_work() as s:
        await jobs.finish(s, job.id, second, later)
        stored = await s.get(Job, job.id)
        assert stored is not None and stored.status == "done" and stored.attempts == 2


async def test_a_claim_is_fenced_even_when_the_same_owner_claims_again(database: Database) -> None:
    """The same process name claiming twice (its own lease ran out) still gets two distinct claims."""
    async with database.unit_of_work() as s:
        job = await jobs.schedule(s, guild_id=1, kind="k", due_at=T0, now=T0)
    async with database.unit_of_work() as s:
        stale = await jobs.claim(s, job.id, "a", T0)
    later = T0 + jobs.LEASE + timedelta(seconds=1)
    async with database.unit_of_work() as s:
        fresh = await jobs.claim(s, job.id, "a", later)
    assert stale is not None and fresh is not None and stale != fresh
    with pytest.raises(jobs.LeaseLost):
        async with database.unit_of_work() as s:
            await jobs.finish(s, job.id, stale, later)


async def test_jobs_are_not_claimed_before_they_are_due(database: Database) -> None:
    async with database.unit_of_work() as s:
        job = await jobs.schedule(s, guild_id=1, kind="k", due_at=T0 + timedelta(minutes=5), now=T0)
        assert await jobs.due_ids(s, T0) == []
        assert await jobs.claim(s, job.id, "a", T0) is None
        assert await jobs.next_due_at(s) == T0 + timedelta(minutes=5)


async def test_shards_only_see_their_guilds(database: Database) -> None:
    # shard = (id >> 22) % 2 -> 1,0,1,0,1,0 (a snowflake is positive: 0 is no guild)
    guilds = [n << 22 for n in range(1, 7)]
    async with database.unit_of_work() as s:
        for g in guilds:
            await jobs.schedule(s, guild_id=g, kind="k", due_at=T0, now=T0)
    async with database.unit_of_work() as s:
        zero = await jobs.due_ids(s, T0, shard_count=2, shard_ids=(0,))
        one = await jobs.due_ids(s, T0, shard_count=2, shard_ids=(1,))
        rows = {j: (await s.get(Job, j)).guild_id for j in zero + one}  # type: ignore[union-attr]
    assert len(zero) == len(one) == 3
    assert all(jobs.shard_of(rows[j], 2) == 0 for j in zero)
    assert all(jobs.shard_of(rows[j], 2) == 1 for j in one)


async def test_dedupe_key_reschedules_instead_of_duplicating(database: Database) -> None:
    async with database.unit_of_work() as s:
        first = await jobs.schedule(s, guild_id=1, kind="k", due_at=T0, now=T0, dedupe_key="poll-close:1")
        again = await jobs.schedule(
            s, guild_id=1, kind="k", due_at=T0 + timedelta(hours=1), now=T0, dedupe_key="poll-close:1"
        )
        assert again.id == first.id and again.due_at == T0 + timedelta(hours=1)
        assert await jobs.cancel(s, "poll-close:1")
        assert await jobs.due_ids(s, T0 + timedelta(days=1)) == []


async def test_scheduler_runs_each_due_job_once_and_then_its_follow_up(database: Database) -> None:
    clock = FakeClock()
    ran: list[int] = []
    followed: list[int] = []

    async def handler(session: AsyncSession, job: Job):  # type: ignore[no-untyped-def]
        ran.append(job.payload["n"])

        async def after() -> None:
            followed.append(job.payload["n"])

        return after

    scheduler = Scheduler(database, clock)
    scheduler.register("k", handler)
    async with database.unit_of_work() as s:
        for n in range(3):
            await jobs.schedule(
                s, guild_id=1, kind="k", due_at=T0 + timedelta(seconds=n * 10), now=T0, payload={"n": n}
            )
    assert await scheduler.run_due() == 1
    clock.now = T0 + timedelta(seconds=25)
    assert await scheduler.run_due() == 2
    assert await scheduler.run_due() == 0
    assert ran == followed == [0, 1, 2]


async def test_a_failing_handler_rolls_back_and_is_retried_then_marked_failed(database: Database) -> None:
    clock = FakeClock()
    calls: list[datetime] = []

    async def handler(session: AsyncSession, job: Job) -> None:
        calls.append(clock.now)
        await jobs.schedule(session, guild_id=1, kind="side-effect", due_at=T0, now=T0)
        raise RuntimeError("broken")

    scheduler = Scheduler(database, clock)
    scheduler.register("k", handler)
    async with database.unit_of_work() as s:
        job = await jobs.schedule(s, guild_id=1, kind="k", due_at=T0, now=T0)
    for attempt in range(1, jobs.MAX_ATTEMPTS + 1):
        assert await scheduler.run_due() == 0
        assert await scheduler.run_due() == 0  # backing off: not tried again at once
        async with database.unit_of_work() as s:
            stored = await s.get(Job, job.id)
            assert stored is not None and stored.attempts == attempt and "broken" in (stored.last_error or "")
            assert stored.status == ("failed" if attempt == jobs.MAX_ATTEMPTS else "pending")
            assert [j for j in await jobs.due_ids(s, T0) if j != job.id] == []  # side effect rolled back
            next_try = await jobs.next_due_at(s)
        if attempt < jobs.MAX_ATTEMPTS:
            assert next_try == clock.now + jobs.RETRY_DELAY * attempt
            clock.now = next_try
        else:
            assert next_try is None
    assert len(calls) == jobs.MAX_ATTEMPTS


async def test_a_replaced_job_loses_its_claim_and_runs_at_the_new_time(database: Database) -> None:
    async with database.unit_of_work() as s:
        job = await jobs.schedule(s, guild_id=1, kind="k", due_at=T0, now=T0, dedupe_key="timer:1")
    async with database.unit_of_work() as s:
        token = await jobs.claim(s, job.id, "a", T0)
    assert token is not None
    async with database.unit_of_work() as s:
        again = await jobs.schedule(
            s, guild_id=1, kind="k", due_at=T0 + timedelta(minutes=2), now=T0, dedupe_key="timer:1"
        )
        assert again.id == job.id and again.status == "pending" and again.attempts == 0
    with pytest.raises(jobs.LeaseLost):
        async with database.unit_of_work() as s:
            await jobs.finish(s, job.id, token, T0)
    async with database.unit_of_work() as s:
        assert await jobs.due_ids(s, T0 + timedelta(minutes=1)) == []
        assert await jobs.due_ids(s, T0 + timedelta(minutes=2)) == [job.id]


async def test_cancel_reports_whether_there_was_a_job(database: Database) -> None:
    async with database.unit_of_work() as s:
        await jobs.schedule(s, guild_id=1, kind="k", due_at=T0, now=T0, dedupe_key="timer:2")
    async with database.unit_of_work() as s:
        assert await jobs.cancel(s, "timer:2")
        assert not await jobs.cancel(s, "timer:2")
        assert not await jobs.cancel(s, "never-scheduled")


async def test_run_due_goes_on_past_one_batch(database: Database) -> None:
    clock = FakeClock()
    ran: list[int] = []

    async def handler(session: AsyncSession, job: Job) -> None:
        ran.append(job.id)

    scheduler = Scheduler(database, clock)
    scheduler.register("k", handler)
    count = BATCH * 2 + 3
    async with database.unit_of_work() as s:
        for _ in range(count):
            await jobs.schedule(s, guild_id=1, kind="k", due_at=T0, now=T0)
    assert await scheduler.run_due() == count
    assert len(set(ran)) == count


async def test_stop_lets_the_job_in_hand_finish(database: Database) -> None:
    clock = FakeClock()
    scheduler = Scheduler(database, clock)
    stopping: list[asyncio.Task[None]] = []
    asked = asyncio.Event()

    async def handler(session: AsyncSession, job: Job) -> None:
        if not stopping:  # the process is asked to stop while this job runs
            stopping.append(asyncio.create_task(scheduler.stop()))
            asked.set()
            await asyncio.sleep(0)

    scheduler.register("k", handler)
    async with database.unit_of_work() as s:
        for _ in range(3):
            await jobs.schedule(s, guild_id=1, kind="k", due_at=T0, now=T0)
    scheduler.start()
    await asyncio.wait_for(asked.wait(), timeout=10)
    await stopping[0]
    async with database.unit_of_work() as s:
        statuses = sorted((await s.execute(select(Job.status))).scalars())
    assert statuses == ["done", "pending", "pending"]  # finished the one in hand; claimed no more


async def test_finished_jobs_are_purged_after_a_week_and_waiting_ones_never(database: Database) -> None:
    async with database.unit_of_work() as s:
        done = await jobs.schedule(s, guild_id=1, kind="k", due_at=T0, now=T0)
        waiting = await jobs.schedule(s, guild_id=1, kind="k", due_at=T0 + timedelta(days=30), now=T0)
        await jobs.schedule(s, guild_id=1, kind="k", due_at=T0, now=T0, dedupe_key="gone")
        assert await jobs.cancel(s, "gone")
    async with database.unit_of_work() as s:
        token = await jobs.claim(s, done.id, "a", T0)
        assert token is not None
        await jobs.finish(s, done.id, token, T0)
    async with database.unit_of_work() as s:
        assert await jobs.purge_finished(s, T0 + timedelta(days=6)) == 0  # not a week yet
        assert await jobs.purge_finished(s, T0 + timedelta(days=8)) == 2  # the done and the cancelled one
    async with database.unit_of_work() as s:
        remaining = (await s.execute(select(Job.id))).scalars().all()
    assert remaining == [waiting.id]


# ---------------------------------------------------------------- platforms

SHARED_KIND = "k"


async def _slack_and_discord_jobs(database: Database) -> tuple[int, int, int]:
    """A due job in a Slack workspace and one in a Discord guild (on shard 1 of 2), same kind."""
    async with database.unit_of_work() as s:
        team = await identities.internal_id(s, "slack", "space", "T0123ABCD", now=T0)
        slack = await jobs.schedule(
            s, guild_id=team, kind=SHARED_KIND, due_at=T0, now=T0, payload={"n": "slack"}
        )
        discord = await jobs.schedule(
            s, guild_id=(1 << 22) | 5, kind=SHARED_KIND, due_at=T0, now=T0, payload={"n": "discord"}
        )
    return team, slack.id, discord.id


def _recorder(ran: list[tuple[str, str]], platform: str):  # type: ignore[no-untyped-def]
    async def handler(session: AsyncSession, job: Job) -> None:
        ran.append((platform, job.payload["n"]))

    return handler


async def test_a_discord_scheduler_leaves_another_platforms_jobs_alone(database: Database) -> None:
    _, slack_job, discord_job = await _slack_and_discord_jobs(database)
    ran: list[tuple[str, str]] = []
    scheduler = Scheduler(database, FakeClock())
    assert scheduler.platforms == {"discord"}
    scheduler.register(SHARED_KIND, _recorder(ran, "discord"))
    scheduler.register(SHARED_KIND, _recorder(ran, "slack"), platform="slack")
    assert await scheduler.run_due() == 1
    assert await scheduler.run_due() == 0
    assert ran == [("discord", "discord")]
    async with database.unit_of_work() as s:
        assert (await s.get(Job, slack_job)).status == "pending"  # type: ignore[union-attr]
        assert (await s.get(Job, discord_job)).status == "done"  # type: ignore[union-attr]
        # Nor does it wake for them.
        assert await jobs.next_due_at(s) is None
        assert await jobs.next_due_at(s, platforms={"slack"}) == T0


async def test_a_scheduler_serving_slack_runs_slack_jobs_with_the_slack_handler(database: Database) -> None:
    _, slack_job, discord_job = await _slack_and_discord_jobs(database)
    ran: list[tuple[str, str]] = []
    # Shard settings are Discord's: they do not split another platform's spaces.
    slack_only = Scheduler(database, FakeClock(), platforms={"slack"}, shard_count=2, shard_ids=(0,))
    slack_only.register(SHARED_KIND, _recorder(ran, "discord"))
    slack_only.register(SHARED_KIND, _recorder(ran, "slack"), platform="slack")
    assert await slack_only.run_due() == 1
    assert ran == [("slack", "slack")]
    async with database.unit_of_work() as s:
        assert (await s.get(Job, slack_job)).status == "done"  # type: ignore[union-attr]
        assert (await s.get(Job, discord_job)).status == "pending"  # type: ignore[union-attr]
        # A sharded Discord process for shard 0 does not take the shard-1 guild's job; shard 1 does.
        assert await jobs.due_ids(s, T0, shard_count=2, shard_ids=(0,)) == []
        assert await jobs.due_ids(s, T0, shard_count=2, shard_ids=(1,)) == [discord_job]
        assert await jobs.due_ids(s, T0, platforms=()) == []


async def test_one_scheduler_can_serve_both_platforms(database: Database) -> None:
    await _slack_and_discord_jobs(database)
    ran: list[tuple[str, str]] = []
    both = Scheduler(database, FakeClock(), platforms={"discord", "slack"})
    both.register(SHARED_KIND, _recorder(ran, "discord"))
    both.register(SHARED_KIND, _recorder(ran, "slack"), platform="slack")
    assert await both.run_due() == 2
    assert sorted(ran) == [("discord", "discord"), ("slack", "slack")]
    both.unregister(SHARED_KIND, platform="slack")
    async with database.unit_of_work() as s:
        team = await identities.internal_id(s, "slack", "space", "T0123ABCD")
        job = await jobs.schedule(
            s, guild_id=team, kind=SHARED_KIND, due_at=T0, now=T0, payload={"n": "again"}
        )
    assert await both.run_due() == 0  # no Slack handler any more: the attempt fails and backs off
    async with database.unit_of_work() as s:
        stored = await s.get(Job, job.id)
        assert stored is not None and "no slack handler" in (stored.last_error or "")
