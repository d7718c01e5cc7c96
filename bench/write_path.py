"""Write path: stances through the service layer (one unit of work each, as the bot writes them)
against raw aiosqlite with one commit each, the same pragmas and the same rows, in one run.

A third side, not targeted, runs the raw side's two statements through SQLAlchemy's async
engine (Core, no session, no ORM): what the fixed stack costs before any code of ours.

Both sides write to the same database file in alternating blocks, so drift of the machine and
growth of the tables affect them alike.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import aiosqlite
from sqlalchemy.engine import make_url

from bot.db import SQLITE_BUSY_TIMEOUT_MS, Database
from bot.services.positions import SELF, record_stance

SERVICE_GUILD = 700_000_000_000_000_001
RAW_GUILD = 700_000_000_000_000_002
CORE_GUILD = 700_000_000_000_000_003
BLOCK = 100
START = datetime(2026, 2, 1, tzinfo=UTC)

RAW_EVENT = (
    "INSERT INTO stance_events (guild_id, user_id, motion_id, value, source, ref_id, reason, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
RAW_STANCE = (
    "INSERT INTO stances (guild_id, user_id, motion_id, value, source, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (guild_id, user_id, motion_id) DO UPDATE SET value = excluded.value, "
    "source = excluded.source, updated_at = excluded.updated_at "
    "WHERE stances.updated_at <= excluded.updated_at"
)


def _row(i: int, motion_ids: list[int]) -> tuple[int, int, int, datetime]:
    """(user, motion, value, time) of write ``i``: 50 members over the motions, inserts then updates."""
    user_id = 600_000_000_000_000_000 + i % 50
    motion_id = motion_ids[(i // 50) % len(motion_ids)]
    return user_id, motion_id, i % 5 - 2, START + timedelta(seconds=i)


async def _connect_raw(path: str) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path)
    for pragma in (
        "PRAGMA journal_mode=WAL",
        "PRAGMA foreign_keys=ON",
        f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
        "PRAGMA synchronous=NORMAL",
    ):
        await conn.execute(pragma)
    return conn


def _sqlite_time(at: datetime) -> str:
    # How SQLAlchemy's SQLite DateTime stores a (UTC, naive) datetime.
    return at.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


async def measure(db: Database, motion_ids: list[int], writes: int) -> dict[str, Any]:
    path = make_url(db.url).database
    assert path, "the write-path benchmark needs a SQLite file"
    raw = await _connect_raw(path)
    service_seconds = raw_seconds = core_seconds = 0.0
    try:
        for first in range(0, writes, BLOCK):
            block = range(first, min(first + BLOCK, writes))
            start = time.perf_counter()
            for i in block:
                user_id, motion_id, value, at = _row(i, motion_ids)
                async with db.unit_of_work() as session:
                    await record_stance(
                        session,
                        guild_id=SERVICE_GUILD,
                        user_id=user_id,
                        motion_id=motion_id,
                        value=value,
                        source=SELF,
                        now=at,
                    )
            service_seconds += time.perf_counter() - start
            start = time.perf_counter()
            for i in block:
                user_id, motion_id, value, at = _row(i, motion_ids)
                stamp = _sqlite_time(at)
                async with db.engine.begin() as conn:
                    await conn.exec_driver_sql(
                        RAW_EVENT, (CORE_GUILD, user_id, motion_id, value, SELF, None, None, stamp)
                    )
                    await conn.exec_driver_sql(
                        RAW_STANCE, (CORE_GUILD, user_id, motion_id, value, SELF, stamp)
                    )
            core_seconds += time.perf_counter() - start
            start = time.perf_counter()
            for i in block:
                user_id, motion_id, value, at = _row(i, motion_ids)
                stamp = _sqlite_time(at)
                await raw.execute(RAW_EVENT, (RAW_GUILD, user_id, motion_id, value, SELF, None, None, stamp))
                await raw.execute(RAW_STANCE, (RAW_GUILD, user_id, motion_id, value, SELF, stamp))
                await raw.commit()
            raw_seconds += time.perf_counter() - start
    finally:
        await raw.close()
    service_rate = writes / service_seconds
    raw_rate = writes / raw_seconds
    core_rate = writes / core_seconds
    return {
        "writes_per_side": writes,
        "service_per_second": round(service_rate, 1),
        "raw_aiosqlite_per_second": round(raw_rate, 1),
        "sqlalchemy_core_per_second": round(core_rate, 1),
        "service_ms_per_write": round(1000 / service_rate, 3),
        "raw_ms_per_write": round(1000 / raw_rate, 3),
        "sqlalchemy_core_ms_per_write": round(1000 / core_rate, 3),
    }
