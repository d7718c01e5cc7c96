"""Scheduled work in the jobs table.

A job is claimed atomically (a conditional UPDATE that only one process can win) by the
process that owns the guild's shard, with a lease so that a crashed process's jobs are
taken up again when the lease runs out. Finishing a job is also conditional on still
holding it, and happens in the same transaction as the job's own database effects, so
a job's effects are applied once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, case, func, literal_column, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Job

LEASE = timedelta(seconds=60)


class LeaseLost(Exception):
    """Another process took the job over; the caller's transaction must roll back."""


def shard_of(guild_id: int, shard_count: int) -> int:
    return (guild_id >> 22) % shard_count


def _owned(shard_count: int | None, shard_ids: tuple[int, ...] | None) -> ColumnElement[bool] | None:
    if not shard_count or shard_count <= 1:
        return None
    ids = shard_ids if shard_ids is not None else tuple(range(shard_count))
    # PostgreSQL has bigint >> integer only: keep 22 an inline integer, not a bigint parameter.
    return (Job.guild_id.op(">>")(literal_column("22", Integer)) % shard_count).in_(ids)


def _claimable(now: datetime) -> ColumnElement[bool]:
    return or_(Job.status == "pending", and_(Job.status == "running", Job.lease_until < now))


async def schedule(
    session: AsyncSession,
    *,
    guild_id: int,
    kind: str,
    due_at: datetime,
    now: datetime,
    payload: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> Job:
    """Add a job; with ``dedupe_key``, replace the pending job of that key instead of adding a second."""
    if dedupe_key is not None:
        existing = (
            await session.execute(select(Job).where(Job.dedupe_key == dedupe_key))
        ).scalar_one_or_none()
        if existing is not None:
            existing.due_at, existing.payload, existing.status = due_at, payload or {}, "pending"
            existing.claimed_by = existing.lease_until = None
            return existing
    job = Job(
        guild_id=guild_id,
        kind=kind,
        payload=payload or {},
        due_at=due_at,
        status="pending",
        dedupe_key=dedupe_key,
        attempts=0,
        created_at=now,
    )
    session.add(job)
    await session.flush()
    return job


async def cancel(session: AsyncSession, dedupe_key: str) -> bool:
    result = await session.execute(
        update(Job)
        .where(Job.dedupe_key == dedupe_key, Job.status.in_(("pending", "running")))
        .values(status="cancelled", dedupe_key=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def due_ids(
    session: AsyncSession,
    now: datetime,
    *,
    shard_count: int | None = None,
    shard_ids: tuple[int, ...] | None = None,
    limit: int = 50,
) -> list[int]:
    query = select(Job.id).where(Job.due_at <= now, _claimable(now)).order_by(Job.due_at, Job.id).limit(limit)
    owned = _owned(shard_count, shard_ids)
    if owned is not None:
        query = query.where(owned)
    return list((await session.execute(query)).scalars())


async def claim(session: AsyncSession, job_id: int, owner: str, now: datetime) -> bool:
    """Take the job if nobody holds it (or its holder's lease ran out). True when we won it."""
    result = await session.execute(
        update(Job)
        .where(Job.id == job_id, Job.due_at <= now, _claimable(now))
        .values(status="running", claimed_by=owner, lease_until=now + LEASE, attempts=Job.attempts + 1)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def finish(
    session: AsyncSession, job_id: int, owner: str, now: datetime, *, error: str | None = None
) -> None:
    """Mark the job done (or failed) if we still hold it; otherwise raise LeaseLost."""
    result = await session.execute(
        update(Job)
        .where(Job.id == job_id, Job.claimed_by == owner, Job.status == "running")
        .values(status="failed" if error else "done", done_at=now, dedupe_key=None, last_error=error)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise LeaseLost(f"job {job_id} is no longer held by {owner}")


async def next_due_at(
    session: AsyncSession, *, shard_count: int | None = None, shard_ids: tuple[int, ...] | None = None
) -> datetime | None:
    # A job another process holds comes due again only when its lease runs out.
    when = case((Job.status == "running", Job.lease_until), else_=Job.due_at)
    query = select(func.min(when)).where(Job.status.in_(("pending", "running")))
    owned = _owned(shard_count, shard_ids)
    if owned is not None:
        query = query.where(owned)
    return (await session.execute(query)).scalar_one_or_none()
