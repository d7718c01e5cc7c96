"""Several bot processes over one database: each job runs exactly once, by the shard that owns its guild.

Each Scheduler here stands for a process: its own Database (engine and connections), its own
owner name and its shard. They run concurrently on one event loop, so their transactions
interleave on the server. A handler records its run in ``job_runs`` inside the job's own
transaction: a run that was rolled back leaves no row, a run that counted leaves exactly one.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import Database
from bot.models import Job
from bot.scheduler import Scheduler
from bot.services import jobs
from tests.conftest import PG_URL, DatabaseFactory

T0 = datetime(2026, 1, 1, tzinfo=UTC)
JOBS = 1000
# The variants need fewer jobs to make their point, and keep the suite quick.
FEWER_JOBS = 300
GUILDS = 150
SHARDS = 2
KIND = "scale-test"


class Clock:
    """One clock for every process, moved by the test (to run past a dead process's lease)."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _postgres_only(backend: str) -> None:
    if backend != "postgres":
        if not PG_URL:
            pytest.skip("needs PostgreSQL: set TEST_DATABASE_URL (several processes share one server)")
        pytest.skip("several processes share a PostgreSQL server; the SQLite variant is a separate test")


def _guild_ids(rng: random.Random) -> list[int]:
    """Realistic 63-bit snowflakes, spread over both shards."""
    ids = [rng.randrange(1 << 40, 1 << 62) for _ in range(GUILDS)]
    assert {jobs.shard_of(g, SHARDS) for g in ids} == set(range(SHARDS))
    return ids


async def _prepare(db: Database, rng: random.Random, count: int) -> None:
    await db.upgrade()
    guilds = _guild_ids(rng)
    async with db.unit_of_work() as session:
        await session.execute(
            text(
                "CREATE TABLE job_runs (job_id BIGINT NOT NULL, guild_id BIGINT NOT NULL, "
                "shard INTEGER NOT NULL, owner VARCHAR(100) NOT NULL)"
            )
        )
        await session.execute(
            insert(Job),
            [
                {
                    "guild_id": rng.choice(guilds),
                    "kind": KIND,
                    "payload": {"n": n},
                    "due_at": T0 - timedelta(seconds=rng.randrange(0, 600)),
                    "status": "pending",
                    "attempts": 0,
                    "created_at": T0 - timedelta(hours=1),
                }
                for n in range(count)
            ],
        )


class Process:
    """A scheduler for some shards, as one bot process runs it; ``crash_after`` kills it mid-job."""

    def __init__(
        self, factory: DatabaseFactory, clock: Clock, shard: int, name: str, crash_after: int | None = None
    ) -> None:
        self.db = factory()
        self.shard = shard
        self.crash_after = crash_after
        self.ran = 0
        self.scheduler = Scheduler(self.db, clock, shard_count=SHARDS, shard_ids=(shard,), owner=name)
        self.scheduler.register(KIND, self.handler)

    async def handler(self, session: AsyncSession, job: Job) -> None:
        await session.execute(
            text(
                "INSERT INTO job_runs (job_id, guild_id, shard, owner) VALUES (:job, :guild, :shard, :owner)"
            ),
            {"job": job.id, "guild": job.guild_id, "shard": self.shard, "owner": self.scheduler.owner},
        )
        self.ran += 1
        if self.ran == self.crash_after:
            # The process dies here: after the job's writes, before its transaction commits.
            task = asyncio.current_task()
            assert task is not None
            task.cancel()
            await asyncio.sleep(0)

    async def drain(self) -> int:
        """Run until nothing is left for this process (another process may take some jobs)."""
        total = 0
        while ran := await self.scheduler.run_due():
            total += ran
        return total

    async def close(self) -> None:
        await self.db.dispose()


async def _runs(db: Database) -> list[tuple[int, int, int, str]]:
    async with db.unit_of_work() as session:
        rows = await session.execute(text("SELECT job_id, guild_id, shard, owner FROM job_runs"))
        return [(r[0], r[1], r[2], r[3]) for r in rows]


async def _jobs(db: Database) -> dict[int, Job]:
    async with db.unit_of_work() as session:
        return {job.id: job for job in (await session.execute(select(Job))).scalars()}


def _assert_each_ran_once_by_its_shard(runs: list[tuple[int, int, int, str]], stored: dict[int, Job]) -> None:
    counts = Counter(job_id for job_id, *_ in runs)
    assert set(counts) == set(stored), "some jobs never ran"
    assert [job_id for job_id, n in counts.items() if n > 1] == [], "some jobs ran twice"
    for job_id, guild_id, shard, _owner in runs:
        assert stored[job_id].guild_id == guild_id
        assert jobs.shard_of(guild_id, SHARDS) == shard, f"job {job_id} ran on shard {shard}"
    assert {job.status for job in stored.values()} == {"done"}


async def _crash_and_recover(factory: DatabaseFactory, count: int) -> None:
    clock = Clock()
    first = factory()
    try:
        await _prepare(first, random.Random(9), count)
    finally:
        await first.dispose()

    # Dies about half-way through its shard (shard 0 holds about half of the jobs).
    doomed = Process(factory, clock, shard=0, name="shard0-a", crash_after=count // 4)
    other = Process(factory, clock, shard=1, name="shard1-a")
    # Each drain is a task of its own: the crash cancels only the doomed process.
    results = await asyncio.gather(doomed.drain(), other.drain(), return_exceptions=True)
    crashed = [r for r in results if isinstance(r, BaseException)]
    assert len(crashed) == 1 and isinstance(crashed[0], asyncio.CancelledError)
    await doomed.close()  # the process is gone; its last claim is still in the table

    stored = await _jobs(other.db)
    held = [job for job in stored.values() if job.status == "running"]
    assert len(held) == 1 and held[0].claimed_by is not None and held[0].claimed_by.startswith("shard0-a:")
    assert jobs.shard_of(held[0].guild_id, SHARDS) == 0
    assert held[0].id not in {job_id for job_id, *_ in await _runs(other.db)}  # its writes rolled back
    assert {j.status for j in stored.values() if jobs.shard_of(j.guild_id, SHARDS) == 1} == {"done"}

    # The process comes back under a new name: it runs the rest of shard 0 at once, but the
    # job its predecessor held only once that claim's lease has run out.
    reborn = Process(factory, clock, shard=0, name="shard0-b")
    try:
        assert await reborn.drain() == sum(1 for j in stored.values() if j.status == "pending")
        assert (await _jobs(reborn.db))[held[0].id].status == "running"
        clock.now = T0 + jobs.LEASE + timedelta(seconds=1)
        assert await reborn.drain() == 1
        assert await other.drain() == 0

        stored = await _jobs(reborn.db)
        runs = await _runs(reborn.db)
        assert len(stored) == count
        _assert_each_ran_once_by_its_shard(runs, stored)
        assert stored[held[0].id].attempts == 2
        assert Counter(job.attempts for job in stored.values()) == {1: count - 1, 2: 1}
        owners = Counter(owner for *_, owner in runs)
        assert owners["shard0-a"] == doomed.ran - 1 and owners["shard1-a"] == other.ran
        assert owners["shard0-b"] == reborn.ran
    finally:
        await reborn.close()
        await other.close()


async def test_two_shards_run_every_job_once_even_when_one_dies_mid_job(
    backend: str, database_factory: DatabaseFactory
) -> None:
    _postgres_only(backend)
    await _crash_and_recover(database_factory, JOBS)


async def test_sqlite_variant(backend: str, database_factory: DatabaseFactory) -> None:
    """Two processes on one SQLite file (WAL): SQLite's single writer lock serialises the claims."""
    if backend != "sqlite":
        pytest.skip("the SQLite variant of the test above")
    await _crash_and_recover(database_factory, FEWER_JOBS)


async def test_two_processes_for_the_same_shard_still_run_each_job_once(
    backend: str, database_factory: DatabaseFactory
) -> None:
    """A rolling deploy: the old and the new process of shard 0 (and one of shard 1) race."""
    _postgres_only(backend)
    clock = Clock()
    setup = database_factory()
    try:
        await _prepare(setup, random.Random(4), FEWER_JOBS)
    finally:
        await setup.dispose()
    procs = [
        Process(database_factory, clock, shard=0, name="shard0-old"),
        Process(database_factory, clock, shard=0, name="shard0-new"),
        Process(database_factory, clock, shard=1, name="shard1"),
    ]
    try:
        await asyncio.gather(*(p.drain() for p in procs))
        stored = await _jobs(procs[0].db)
        assert len(stored) == FEWER_JOBS
        _assert_each_ran_once_by_its_shard(await _runs(procs[0].db), stored)
        assert all(p.ran > 0 for p in procs), [p.ran for p in procs]  # both shard-0 processes took part
    finally:
        for p in procs:
            await p.close()
