"""Closing a poll, once: by its timer or by a member (its creator or a moderator)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotAllowed, Refused
from bot.models import Poll, PollVote
from bot.services import jobs
from bot.services.polls.reading import PollState, lock_poll, state
from bot.services.polls.rules import close_job_key, open_job_key, remind_job_key, stance_values
from bot.services.positions import POLL, record_stance


async def close_poll(
    session: AsyncSession, poll_id: int, guild_id: int, *, now: datetime, cancel_job: bool
) -> Poll | None:
    """Close the poll once; None when it was already closed (so a repeated close does nothing).

    ``cancel_job``: drop the pending timed close (a close by command); the timer's own handler
    passes False, since its job is finishing in this same transaction.
    """
    poll = await lock_poll(session, poll_id, guild_id)
    if poll.closed_at is not None:
        return None
    poll.closed_at = now
    if cancel_job:
        await jobs.cancel(session, close_job_key(poll.id))
    # A reminder still to come, or a scheduled start not run yet (closed before it opened).
    await jobs.cancel(session, remind_job_key(poll.id))
    await jobs.cancel(session, open_job_key(poll.id))
    if poll.results_mode == "after_close" and poll.motion_id is not None and not poll.anonymous:
        await _record_hidden_stances(session, poll, now)
    await session.flush()
    return poll


async def _record_hidden_stances(session: AsyncSession, poll: Poll, now: datetime) -> None:
    assert poll.motion_id is not None
    values = stance_values(poll.options)
    votes = (
        await session.execute(select(PollVote).where(PollVote.poll_id == poll.id).order_by(PollVote.id))
    ).scalars()
    for vote in votes:
        if vote.user_id is None:
            continue
        await record_stance(
            session,
            guild_id=poll.guild_id,
            user_id=vote.user_id,
            motion_id=poll.motion_id,
            value=values[vote.option_index],
            source=POLL,
            now=now,
            ref_id=poll.id,
        )


async def close_by_member(
    session: AsyncSession, poll: Poll, *, user_id: int, moderator: bool, now: datetime
) -> PollState:
    """A close asked for by a member: the poll's creator or a moderator."""
    if poll.closed_at is not None:
        raise Refused("poll.already-closed", number=poll.id)
    if user_id != poll.creator_id and not moderator:
        raise NotAllowed(f"Only the member who started poll #{poll.id}, or a moderator, can close it.")
    closed = await close_poll(session, poll.id, poll.guild_id, now=now, cancel_job=True)
    if closed is None:  # another close won the race
        raise Refused("poll.already-closed", number=poll.id)
    return await state(session, closed)
