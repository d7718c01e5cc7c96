from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import Database
from bot.models import Job
from bot.scheduler import Scheduler
from bot.services import jobs

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
        assert await jobs.claim(s, job.id, "a", T0)
    async with database.unit_of_work() as s:
        assert not await jobs.claim(s, job.id, "b", T0 + timedelta(seconds=10))
    later = T0 + jobs.LEASE + timedelta(seconds=1)
    async with database.unit_of_work() as s:
        assert await jobs.claim(s, job.id, "b", later)  # a crashed: b takes over
    with pytest.raises(jobs.LeaseLost):
        async with database.unit_of_work() as s:
            await jobs.finish(s, job.id, "a", later)
    async with database.unit_of_work() as s:
        await jobs.finish(s, job.id, "b", later)
        assert (await s.get(Job, job.id)).status == "done"  # type: ignore[union-attr]


async def test_jobs_are_not_claimed_before_they_are_due(database: Database) -> None:
    async with database.unit_of_work() as s:
        job = await jobs.schedule(s, guild_id=1, kind="k", due_at=T0 + timedelta(minutes=5), now=T0)
        assert await jobs.due_ids(s, T0) == []
        assert not await jobs.claim(s, job.id, "a", T0)
        assert await jobs.next_due_at(s) == T0 + timedelta(minutes=5)


async def test_shards_only_see_their_guilds(database: Database) -> None:
    guilds = [n << 22 for n in range(6)]  # shard = (id >> 22) % 2 -> 0,1,0,1,0,1
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


async def test_a_failing_handler_rolls_back_its_effects_and_marks_the_job_failed(database: Database) -> None:
    clock = FakeClock()

    async def handler(session: AsyncSession, job: Job) -> None:
        await jobs.schedule(session, guild_id=1, kind="side-effect", due_at=T0, now=T0)
        raise RuntimeError("broken")

    scheduler = Scheduler(database, clock)
    scheduler.register("k", handler)
    async with database.unit_of_work() as s:
        job = await jobs.schedule(s, guild_id=1, kind="k", due_at=T0, now=T0)
    assert await scheduler.run_due() == 0
    async with database.unit_of_work() as s:
        stored = await s.get(Job, job.id)
        assert stored is not None and stored.status == "failed" and "broken" in (stored.last_error or "")
        assert await jobs.due_ids(s, T0) == []  # the side effect was rolled back
