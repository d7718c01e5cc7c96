"""A poll's timers: its scheduled start, its reminder and its close, as jobs in the jobs table.

Each is one job with a dedupe key (rules.open_job_key, remind_job_key, close_job_key), so
scheduling again replaces the waiting job, and the scheduler's claim runs it once across
processes and restarts. ``schedule_timers`` (re)sets all three from the poll's row: at creation,
and when a member extends or reopens the poll. The handlers' halves that touch the database are
here too (``open_due``, ``remind_due``); the front ends post the messages.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFound
from bot.models import Job, Poll
from bot.services import jobs
from bot.services.polls.reading import lock_poll
from bot.services.polls.rules import (
    CLOSE_JOB,
    OPEN_JOB,
    REMIND_JOB,
    close_job_key,
    open_job_key,
    remind_job_key,
)


def remind_at(poll: Poll) -> datetime | None:
    """When the poll's reminder is due: ``remind_minutes`` before its close (None: no reminder)."""
    if poll.remind_minutes is None or poll.closes_at is None:
        return None
    return poll.closes_at - timedelta(minutes=poll.remind_minutes)


def is_scheduled(poll: Poll) -> bool:
    """Waiting for its scheduled start: not posted yet, not closed, with a start time."""
    return poll.opens_at is not None and poll.message_id is None and poll.closed_at is None


async def schedule_timers(session: AsyncSession, poll: Poll, *, now: datetime) -> bool:
    """(Re)schedule the poll's start (while it waits for it), its reminder (unless already
    posted for this close, or already past) and its close; cancel the ones it no longer has.
    True when any job is waiting (the caller wakes the scheduler)."""

    async def at(kind: str, due: datetime, key: str) -> None:
        await jobs.schedule(
            session, guild_id=poll.guild_id, kind=kind, due_at=due, now=now, payload=payload, dedupe_key=key
        )

    payload = {"poll_id": poll.id}
    waiting = False
    if is_scheduled(poll) and poll.opens_at is not None:
        await at(OPEN_JOB, poll.opens_at, open_job_key(poll.id))
        waiting = True
    reminder = remind_at(poll)
    if reminder is not None and poll.reminded_at is None and reminder > now and poll.closed_at is None:
        await at(REMIND_JOB, reminder, remind_job_key(poll.id))
        waiting = True
    else:
        await jobs.cancel(session, remind_job_key(poll.id))
    if poll.closes_at is not None and poll.closed_at is None:
        await at(CLOSE_JOB, poll.closes_at, close_job_key(poll.id))
        waiting = True
    else:
        await jobs.cancel(session, close_job_key(poll.id))
    return waiting


async def cancel_timers(session: AsyncSession, poll_id: int) -> None:
    """Drop every waiting timer of the poll (its start, reminder and close)."""
    for key in (open_job_key(poll_id), remind_job_key(poll_id), close_job_key(poll_id)):
        await jobs.cancel(session, key)


async def has_waiting_start(session: AsyncSession, poll_id: int) -> bool:
    """Whether the poll's scheduled start is still waiting to run (its job pending or running)."""
    found = await session.execute(
        select(Job.id).where(Job.dedupe_key == open_job_key(poll_id), Job.status.in_(jobs.ACTIVE))
    )
    return found.first() is not None


async def open_due(session: AsyncSession, job: Job) -> Poll | None:
    """The scheduled start's database half: the poll to post now, or None when there is nothing
    to post (deleted, closed by a member before it opened, or already posted). A plain read, not
    the row lock: the front end posts the message next, and SQLite's write lock would be held
    across that request."""
    poll = await session.get(Poll, int(job.payload["poll_id"]), populate_existing=True)
    if poll is None or poll.guild_id != job.guild_id:
        return None
    if poll.closed_at is not None or poll.message_id is not None:
        return None
    return poll


async def remind_due(session: AsyncSession, job: Job, *, now: datetime) -> Poll | None:
    """The reminder's database half: marks it posted (``reminded_at``, in the job's own
    transaction, so it is posted once); None when there is nothing to remind of (closed,
    deleted, never posted, or reminded already)."""
    try:
        poll = await lock_poll(session, int(job.payload["poll_id"]), job.guild_id)
    except NotFound:
        return None
    if poll.closed_at is not None or poll.message_id is None or poll.reminded_at is not None:
        return None
    if poll.closes_at is None or now >= poll.closes_at:
        return None
    poll.reminded_at = now
    await session.flush()
    return poll
