"""The console's simulated clock continues from the database's latest time.

SimCord's clock starts at 2026-01-01 in every process. On a database an earlier run used,
that would put new stances "before" old ones and mint message ids the database already
holds, so a run starts just after the latest moment the database recorded: the newest event
timestamp in any table, or the time the last console run ended (a ``:wait`` with no writes).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, inspect, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.db import Database, make_engine
from bot.models import AppMeta, Base, UTCDateTime
from bot.services.upsert import upsert

log = logging.getLogger(__name__)

CLOCK_KEY = "console:clock"
# Columns that record when something happened. Scheduled times (a poll's closes_at, a job's
# due_at, a speech's end) lie in the future and must not move the clock.
EVENT_COLUMNS = frozenset({"created_at", "updated_at", "joined_at", "closed_at", "done_at", "loaded_at"})
# The new run starts this long after the latest recorded moment.
MARGIN = timedelta(seconds=1)


async def latest_time(url: str) -> datetime | None:
    """The latest moment the database at ``url`` recorded, or None for a new database."""
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return await _latest(conn)
    finally:
        await engine.dispose()


async def _latest(conn: AsyncConnection) -> datetime | None:
    present = set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
    moments: list[datetime] = []
    for table in Base.metadata.sorted_tables:
        if table.name not in present:
            continue
        columns = [c for c in table.columns if c.name in EVENT_COLUMNS and isinstance(c.type, UTCDateTime)]
        if not columns:
            continue
        row = (await conn.execute(select(*(func.max(c) for c in columns)))).one()
        moments.extend(value for value in row if value is not None)
    if AppMeta.__tablename__ in present:
        stored = await conn.scalar(select(AppMeta.value).where(AppMeta.key == CLOCK_KEY))
        if stored:
            try:
                moments.append(datetime.fromisoformat(stored).astimezone(UTC))
            except ValueError:
                log.warning("ignoring an unreadable %s: %r", CLOCK_KEY, stored)
    return max(moments, default=None)


def start_offset(latest: datetime | None, simulated_now: datetime) -> float:
    """Seconds to move a fresh simulated clock forward so it starts after ``latest``."""
    if latest is None:
        return 0.0
    return max(0.0, (latest + MARGIN - simulated_now).total_seconds())


async def remember_time(db: Database, now: datetime) -> None:
    """Record where the simulated clock stood, for the next run on this database."""
    async with db.unit_of_work() as session:
        await upsert(
            session, AppMeta, {"key": CLOCK_KEY, "value": now.isoformat()}, keys=("key",), update=("value",)
        )
