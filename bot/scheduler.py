"""Runs due jobs from the jobs table: the timers of debates, polls and anything later.

Handlers are registered by cogs (``bot.scheduler.register("poll-close", handler)``), per
platform: a job runs the handler of its space's platform (``register(kind, handler,
platform="slack")``; Discord when not said). A scheduler claims only the jobs of the platforms
it serves (``platforms``, Discord alone by default), and of Discord guilds only its shards'.
A handler receives the unit of work's session and the job; its database effects commit
together with the job's completion. It may return an ``after`` coroutine function that
runs once that transaction committed (to post results to the platform).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.db import Database
from bot.models import Job
from bot.services import identities, jobs

log = logging.getLogger(__name__)

After = Callable[[], Awaitable[None]]
Handler = Callable[[AsyncSession, Job], Awaitable[After | None]]

# The longest nap between looks at the jobs table (``poll_seconds``). The scheduler also wakes
# when the next job it found is due (or its lease or back-off ends), and when a command of this
# process scheduled one (``wake()``), so the nap bounds only how late it notices a job another
# process added or moved. bot/app.py naps POLL_SECONDS with SHARD_COUNT set (several processes
# share the database) and SOLO_POLL_SECONDS without (nobody else adds jobs). After a failed pass
# it tries again within POLL_SECONDS either way.
POLL_SECONDS = 60.0
SOLO_POLL_SECONDS = 3600.0
PURGE_EVERY = timedelta(days=1)
# Jobs looked up per query; run_due goes on while batches come back full.
BATCH = 50


class Scheduler:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        shard_count: int | None = None,
        shard_ids: tuple[int, ...] | None = None,
        owner: str | None = None,
        poll_seconds: float = POLL_SECONDS,
        platforms: Iterable[str] = jobs.DISCORD_ONLY,
    ) -> None:
        self.db = db
        self.clock = clock
        self.shard_count = shard_count
        self.shard_ids = shard_ids
        self.poll_seconds = poll_seconds
        # The platforms whose spaces' jobs this process runs.
        self.platforms = frozenset(platforms)
        # Shown in jobs.claimed_by: which machine and process holds a job.
        self.owner = owner or f"{socket.gethostname()[:40]}/{os.getpid()}-{secrets.token_hex(2)}"
        self._handlers: dict[tuple[str, str], Handler] = {}
        self._woken = False
        self._napping = False
        self._last_purge: datetime | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def register(self, kind: str, handler: Handler, platform: str = identities.DISCORD) -> None:
        """Run ``handler`` for jobs of ``kind`` in spaces of ``platform``."""
        self._handlers[(platform, kind)] = handler

    def unregister(self, kind: str, platform: str = identities.DISCORD) -> None:
        self._handlers.pop((platform, kind), None)

    def wake(self) -> None:
        """Look at the table again now (a job was just scheduled in this process)."""
        self._woken = True
        if self._napping and self._task is not None:
            # Only ever while it sleeps, so no database work is interrupted.
            self._task.cancel()

    def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._run(), name="roundtable-scheduler")

    async def stop(self) -> None:
        """Stop after the job in hand (its claim would otherwise wait out its lease)."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping = True
        if self._napping or task.done():
            task.cancel()  # napping: nothing in hand
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def run_due(self) -> int:
        """Claim and run every job due now that this process owns. Returns how many ran."""
        ran = 0
        while not self._stopping:
            async with self.db.unit_of_work() as session:
                ids = await jobs.due_ids(
                    session,
                    self.clock(),
                    shard_count=self.shard_count,
                    shard_ids=self.shard_ids,
                    platforms=self.platforms,
                    limit=BATCH,
                )
            ran_now = 0
            for job_id in ids:
                if self._stopping:
                    break
                ran_now += await self._run_one(job_id)
            ran += ran_now
            # A full batch may have more behind it; stop when a batch ran nothing new.
            if len(ids) < BATCH or ran_now == 0:
                break
        return ran

    async def _run_one(self, job_id: int) -> bool:
        async with self.db.unit_of_work() as session:
            token = await jobs.claim(session, job_id, self.owner, self.clock())
        if token is None:
            return False  # another process was quicker, or holds it
        after: After | None = None
        try:
            async with self.db.unit_of_work() as session:
                job = await session.get(Job, job_id)
                if job is None:
                    return False
                platform = identities.platform_of_id(job.guild_id) or await identities.platform_of_space(
                    session, job.guild_id
                )
                handler = self._handlers.get((platform, job.kind))
                if handler is None:
                    raise LookupError(f"no {platform} handler for job kind {job.kind!r}")
                after = await handler(session, job)
                await jobs.finish(session, job_id, token, self.clock())
        except jobs.LeaseLost:
            log.warning("job %s was taken over by another process; its effects were rolled back", job_id)
            return False
        except Exception as exc:
            await self._failed(job_id, token, exc)
            return False
        if after is not None:
            try:
                await after()
            except Exception:
                log.exception("job %s ran, but its follow-up (a message) failed", job_id)
        return True

    async def _failed(self, job_id: int, token: str, exc: Exception) -> None:
        try:
            async with self.db.unit_of_work() as session:
                status = await jobs.fail(session, job_id, token, self.clock(), repr(exc)[:500])
        except jobs.LeaseLost:
            status = "taken over"
        except Exception:
            # The lease runs out and the job is tried again (by us or another process).
            log.exception("could not record the failure of job %s", job_id)
            status = "left to its lease"
        if status == "failed":
            log.error("job %s failed for the last time", job_id, exc_info=exc)
        else:
            log.warning("job %s failed (%s); it will be tried again", job_id, status, exc_info=exc)

    async def _delay(self) -> float:
        async with self.db.unit_of_work() as session:
            due: datetime | None = await jobs.next_due_at(
                session, shard_count=self.shard_count, shard_ids=self.shard_ids, platforms=self.platforms
            )
        if due is None:
            return self.poll_seconds
        return min(self.poll_seconds, max(0.0, (due - self.clock()).total_seconds()))

    async def _run(self) -> None:
        while not self._stopping:
            try:
                await self.run_due()
                if self._stopping:
                    return
                await self._purge_now_and_then()
                delay = await self._delay()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("scheduler pass failed; trying again shortly")
                delay = min(POLL_SECONDS, self.poll_seconds)
            if self._woken:
                self._woken = False
                continue
            if self._stopping:
                return  # stop() came during the database work above: do not nap first
            await self._nap(delay)

    async def _purge_now_and_then(self) -> None:
        """Once a day, drop jobs that finished a week ago (the table would otherwise only grow)."""
        now = self.clock()
        if self._last_purge is not None and now - self._last_purge < PURGE_EVERY:
            return
        self._last_purge = now
        async with self.db.unit_of_work() as session:
            purged = await jobs.purge_finished(session, now)
        if purged:
            log.info("purged %d finished jobs", purged)

    async def _nap(self, delay: float) -> None:
        """A plain sleep (SimCord's virtual clock drives it in tests); wake() cuts it short.

        wake() cancels this task while it naps; the cancellation is taken back here, so it
        never reaches database work. A stop() cancellation (not a wake) goes through.
        """
        self._napping = True
        try:
            await asyncio.sleep(delay)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if not self._woken or self._stopping or task is None:
                raise
            task.uncancel()
        finally:
            self._napping = False
            self._woken = False
