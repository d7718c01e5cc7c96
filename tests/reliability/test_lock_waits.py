"""A vote or stance write that waits on a lock held elsewhere (another process, `LOCK TABLE`,
SQLite `BEGIN IMMEDIATE`) is acknowledged before Discord's 3-second window closes, even when
nothing in this process is busy; every such wait is bounded on both backends, and a wait that
hits its bound answers "busy, try again" with nothing half-written."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

import bot.db
from bot.app import Roundtable
from bot.models import PollVote, Stance, StanceEvent
from tests.cogs.test_polls import TEA, create, message, receipt
from tests.conftest import DatabaseFactory, World
from tests.reliability.test_busy_acknowledgement import DEFERRED_MESSAGE, DEFERRED_UPDATE, callbacks

T = TypeVar("T")
HOLD = 2.8  # past Discord's window would be 3 s: acknowledged well before (bot.ui.reply)


@asynccontextmanager
async def held_elsewhere(
    backend: str,
    database_factory: DatabaseFactory,
    table: str,
    seconds: float,
    let_go: threading.Event | None = None,
) -> AsyncIterator[asyncio.Task[None]]:
    """Another process holds a write lock for ``seconds`` of real time: on PostgreSQL
    `LOCK TABLE <table> IN EXCLUSIVE MODE` (reads go on, writes wait), on SQLite the file's write
    lock (`BEGIN IMMEDIATE`). Yields the task that lets go (earlier when ``let_go`` is set)."""
    let_go = let_go or threading.Event()
    if backend == "sqlite":
        path = make_url(database_factory.url).database
        holder = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")

        async def release_sqlite() -> None:
            await asyncio.to_thread(let_go.wait, seconds)
            holder.rollback()
            holder.close()

        task = asyncio.ensure_future(release_sqlite())
        try:
            yield task
        finally:
            await task
        return
    other = database_factory()
    conn = await other.engine.connect()
    await conn.begin()
    await conn.execute(text(f"LOCK TABLE {table} IN EXCLUSIVE MODE"))

    async def release_pg() -> None:
        await asyncio.to_thread(let_go.wait, seconds)
        await conn.rollback()
        await conn.close()
        await other.dispose()

    task = asyncio.ensure_future(release_pg())
    try:
        yield task
    finally:
        await task


def _real_sleep(seconds: float) -> None:
    import time

    time.sleep(seconds)


async def first_callback_while(
    released: asyncio.Task[None], world: World, action: Awaitable[T]
) -> tuple[T, int | None]:
    """Run ``action``; the type of its first acknowledgement if it came while the lock was held."""
    seen = len(callbacks(world))
    task: asyncio.Task[T] = asyncio.ensure_future(action)
    early = None
    while not released.done() and not task.done():
        if len(callbacks(world)) > seen:
            early = callbacks(world)[seen]
            break
        await asyncio.to_thread(_real_sleep, 0.02)
    return await task, early


async def _count(world: World, model: Any) -> int:
    bot: Roundtable = world.env.bot  # type: ignore[assignment]
    async with bot.db.unit_of_work() as s:
        return int((await s.execute(select(func.count()).select_from(model))).scalar_one())


async def test_a_stance_waiting_on_a_lock_elsewhere_is_acknowledged_in_time(
    world: World, backend: str, database_factory: DatabaseFactory
) -> None:
    async with held_elsewhere(backend, database_factory, "stances", HOLD) as released:
        result, early = await first_callback_while(
            released, world, world.alice.slash(world.channel, "stance set", motion="2", stance="agree")
        )
    assert early == DEFERRED_MESSAGE  # "thinking", before the lock was let go
    assert result.ephemeral and "Recorded on **#2" in receipt(result).content
    assert await _count(world, Stance) == 1


async def test_a_vote_waiting_on_a_lock_elsewhere_is_acknowledged_in_time(
    world: World, backend: str, database_factory: DatabaseFactory
) -> None:
    created, _poll_id = await create(world, **TEA)
    poll_message = message(world, created.response.id)
    custom_id = poll_message.components[0].children[0].custom_id  # type: ignore[union-attr]
    async with held_elsewhere(backend, database_factory, "polls", HOLD) as released:
        result, early = await first_callback_while(
            released, world, world.bob.click(poll_message, custom_id=custom_id)
        )
    assert early == DEFERRED_UPDATE
    assert "Tea" in receipt(result).content and receipt(result).ephemeral
    assert await _count(world, PollVote) == 1


async def test_a_wait_past_its_bound_answers_busy_and_writes_nothing(
    world: World,
    backend: str,
    database_factory: DatabaseFactory,
    make_bot: Callable[[], Roundtable],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Bounds of 0.3 s instead of 5 s, so the test need not hold a lock for long.
    monkeypatch.setattr(bot.db, "SQLITE_BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(bot.db, "LOCK_TIMEOUT_MS", 300, raising=False)
    await world.env.restart_bot(make_bot())
    let_go = threading.Event()
    # Held until answered (at most 20 s: the bound is 5 tries of 0.3 s, but a loaded machine is slow).
    async with held_elsewhere(backend, database_factory, "stances", 20, let_go) as released:
        result = await world.alice.slash(
            world.channel, "stance set", motion="2", stance="agree", reason="kept?"
        )
        assert not released.done()  # answered while the lock was still held
        let_go.set()
    assert result.ephemeral and "database is busy" in receipt(result).content
    assert (await _count(world, Stance), await _count(world, StanceEvent)) == (0, 0)
    again = await world.alice.slash(world.channel, "stance set", motion="2", stance="agree")
    assert "Recorded" in again.response.content
