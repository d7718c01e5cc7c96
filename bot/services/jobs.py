"""Scheduled work in the jobs table.

A job is claimed atomically (a conditional UPDATE that only one process can win) by a
process that serves its space's platform: for a Discord guild (a positive id), the process
that owns the guild's shard; for another platform's space (a negative id, bot.services.identities),
any process serving that platform. Claims hold a lease so that a crashed process's jobs are
taken up again when the lease runs out. Every claim gets its own token (stored in
``claimed_by`` as ``<owner>:<nonce>``); finishing a job is conditional on still holding that
token and happens in the same transaction as the job's own database effects, so a job's
effects are applied once even when a slow holder lost its lease to another process.

States: ``pending`` (waiting for ``due_at``, and for ``lease_until`` when set: the back-off
after a failed attempt) -> ``running`` (claimed until ``lease_until``) -> ``done``, or
``failed`` after MAX_ATTEMPTS errors, or ``cancelled``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, delete, false, func, literal_column, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Identity, Job
from bot.models.identities import DISCORD, SPACE
from bot.services.upsert import upsert

LEASE = timedelta(seconds=60)
# A handler that raises is tried again after RETRY_DELAY x attempts, up to MAX_ATTEMPTS in all.
MAX_ATTEMPTS = 3
RETRY_DELAY = timedelta(seconds=10)
ACTIVE = ("pending", "running")
# The platforms a process serves unless told otherwise.
DISCORD_ONLY = frozenset({DISCORD})


class LeaseLost(Exception):
    """Another process took the job over; the caller's transaction must roll back."""


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's rule: the shard that receives a guild's events."""
    return (guild_id >> 22) % shard_count


def _in_shards(shard_count: int | None, shard_ids: tuple[int, ...] | None) -> ColumnElement[bool] | None:
    if not shard_count or shard_count <= 1:
        return None
    ids = shard_ids if shard_ids is not None else tuple(range(shard_count))
    # PostgreSQL has bigint >> integer only: keep 22 an inline integer, not a bigint parameter.
    return (Job.guild_id.op(">>")(literal_column("22", Integer)) % shard_count).in_(ids)


def _owned(
    shard_count: int | None, shard_ids: tuple[int, ...] | None, platforms: Iterable[str]
) -> ColumnElement[bool]:
    """The jobs a process serving ``platforms`` (and, for Discord, these shards) may claim.

    Shards are Discord's: they split Discord guilds only. Another platform's spaces have
    negative ids, registered with their platform in the identities table.
    """
    served: list[ColumnElement[bool]] = []
    wanted = frozenset(platforms)
    if DISCORD in wanted:
        shards = _in_shards(shard_count, shard_ids)
        discord = Job.guild_id > 0
        served.append(discord if shards is None else discord & shards)
    others = sorted(wanted - {DISCORD})
    if others:
        spaces = select(Identity.id).where(Identity.kind == SPACE, Identity.platform.in_(others))
        served.append((Job.guild_id < 0) & Job.guild_id.in_(spaces))
    return or_(*served) if served else false()


def _claimable(now: datetime) -> ColumnElement[bool]:
    # pending: lease_until is NULL, or the end of a retry back-off; running: the holder's lease.
    return Job.status.in_(ACTIVE) & or_(Job.lease_until.is_(None), Job.lease_until <= now)


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
    """Add a job; with ``dedupe_key``, replace the job of that key instead of adding a second.

    Replacing is one INSERT .. ON CONFLICT, so two units of work scheduling the same key at
    once cannot both insert. A replaced job that another process is running loses its claim:
    that run rolls back and the job runs again at the new ``due_at``.
    """
    values: dict[str, Any] = {
        "guild_id": guild_id,
        "kind": kind,
        "payload": payload or {},
        "due_at": due_at,
        "status": "pending",
        "dedupe_key": dedupe_key,
        "claimed_by": None,
        "lease_until": None,
        "attempts": 0,
        "last_error": None,
        "created_at": now,
    }
    if dedupe_key is None:
        job = Job(**values)
        session.add(job)
        await session.flush()
        return job
    replace = [column for column in values if column not in ("dedupe_key", "created_at")]
    job_id = await upsert(session, Job, values, keys=("dedupe_key",), update=replace, returning="id")
    stored = await session.get(Job, job_id, populate_existing=True)
    assert stored is not None
    return stored


async def cancel(session: AsyncSession, dedupe_key: str) -> bool:
    """Cancel the waiting (or running) job of that key. True when there was one."""
    result = await session.execute(
        update(Job)
        .execution_options(synchronize_session=False)
        .where(Job.dedupe_key == dedupe_key, Job.status.in_(ACTIVE))
        .values(status="cancelled", dedupe_key=None, claimed_by=None, lease_until=None)
        .returning(Job.id)
    )
    return result.first() is not None


async def purge_finished(
    session: AsyncSession, now: datetime, *, older_than: timedelta = timedelta(days=7)
) -> int:
    """Delete jobs that finished (done, failed or cancelled) more than ``older_than`` ago."""
    cutoff = now - older_than
    result = await session.execute(
        delete(Job)
        .execution_options(synchronize_session=False)
        .where(
            Job.status.in_(("done", "failed", "cancelled")),
            func.coalesce(Job.done_at, Job.due_at) < cutoff,
        )
        .returning(Job.id)
    )
    return len(result.all())


async def due_ids(
    session: AsyncSession,
    now: datetime,
    *,
    shard_count: int | None = None,
    shard_ids: tuple[int, ...] | None = None,
    platforms: Iterable[str] = DISCORD_ONLY,
    limit: int = 50,
) -> list[int]:
    query = (
        select(Job.id)
        .where(Job.due_at <= now, _claimable(now), _owned(shard_count, shard_ids, platforms))
        .order_by(Job.due_at, Job.id)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def claim(session: AsyncSession, job_id: int, owner: str, now: datetime) -> str | None:
    """Take the job if nobody holds it (or its holder's lease ran out).

    Returns the claim's token when we won it (pass it to ``finish``), else None. Commit the
    claim before running the job, so that other processes see it held.
    """
    token = f"{owner}:{secrets.token_hex(4)}"
    result = await session.execute(
        update(Job)
        .execution_options(synchronize_session=False)
        .where(Job.id == job_id, Job.due_at <= now, _claimable(now))
        .values(status="running", claimed_by=token, lease_until=now + LEASE, attempts=Job.attempts + 1)
        .returning(Job.id)
    )
    return token if result.first() is not None else None


async def finish(
    session: AsyncSession, job_id: int, token: str, now: datetime, *, error: str | None = None
) -> None:
    """Mark the job done (or failed) if we still hold its claim; otherwise raise LeaseLost."""
    result = await session.execute(
        update(Job)
        .execution_options(synchronize_session=False)
        .where(Job.id == job_id, Job.claimed_by == token, Job.status == "running")
        .values(status="failed" if error else "done", done_at=now, dedupe_key=None, last_error=error)
        .returning(Job.id)
    )
    if result.first() is None:
        raise LeaseLost(f"job {job_id} is no longer held by {token}")


async def fail(session: AsyncSession, job_id: int, token: str, now: datetime, error: str) -> str:
    """After a handler error: back to ``pending`` for a later attempt, or ``failed`` after the last.

    Returns the new status. Raises LeaseLost when the claim is no longer ours.
    """
    attempts = (
        await session.execute(select(Job.attempts).where(Job.id == job_id, Job.claimed_by == token))
    ).scalar_one_or_none()
    if attempts is None:
        raise LeaseLost(f"job {job_id} is no longer held by {token}")
    if attempts >= MAX_ATTEMPTS:
        await finish(session, job_id, token, now, error=error)
        return "failed"
    result = await session.execute(
        update(Job)
        .execution_options(synchronize_session=False)
        .where(Job.id == job_id, Job.claimed_by == token, Job.status == "running")
        .values(status="pending", claimed_by=None, last_error=error, lease_until=now + RETRY_DELAY * attempts)
        .returning(Job.id)
    )
    if result.first() is None:
        raise LeaseLost(f"job {job_id} is no longer held by {token}")
    return "pending"


async def next_due_at(
    session: AsyncSession,
    *,
    shard_count: int | None = None,
    shard_ids: tuple[int, ...] | None = None,
    platforms: Iterable[str] = DISCORD_ONLY,
) -> datetime | None:
    """When a job of ours can next be claimed: its due time, or the end of its lease or back-off."""
    # lease_until, when set, is always later than due_at (it is set at or after the due time).
    query = select(func.min(func.coalesce(Job.lease_until, Job.due_at))).where(
        Job.status.in_(ACTIVE), _owned(shard_count, shard_ids, platforms)
    )
    return (await session.execute(query)).scalar_one_or_none()
