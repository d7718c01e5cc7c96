"""The creator's controls: extend, reopen with a new close, edit before any vote, who has not
voted yet (named polls only), and the closed polls with their results.

Who may: the poll's creator or a moderator (``require_manager``), checked on every press, since
a button's id can be forged. Every change runs under the poll's row lock (``lock_poll``), so a
vote and an edit, or a close and an extend, never interleave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import Conflict, NotAllowed, UserError
from bot.models import Debate, DebateArgument, DebateParticipant, DebateVote, Poll, PollVote
from bot.services.polls.reading import is_closed, lock_poll, tally
from bot.services.polls.rules import (
    MAX_MINUTES,
    duration_minutes,
    parse_minutes,
    parse_options,
    parse_question,
    stance_values,
)
from bot.services.polls.schedule import schedule_timers

# Who counts as a member of the group for "who hasn't voted yet": those who took part in this
# space's polls or debates within this many days.
RECENT: timedelta = timedelta(days=30)
CLOSED_LIST_LIMIT = 25


def may_manage(poll: Poll, *, user_id: int, moderator: bool) -> bool:
    return user_id == poll.creator_id or moderator


def require_manager(poll: Poll, *, user_id: int, moderator: bool) -> None:
    if not may_manage(poll, user_id=user_id, moderator=moderator):
        raise NotAllowed(
            f"Only the member who started poll #{poll.id}, or a moderator, can manage it. "
            "Your vote is yours to change with the poll's buttons."
        )


def parse_length(raw: str | None, *, required: bool) -> int | None:
    """A duration typed in a form (``2h``, ``90m``, ``1d``): minutes, 1 minute to 7 days."""
    minutes = duration_minutes(raw) if raw and raw.strip() else None
    if minutes is None and required:
        raise UserError("Say how long, like `30m`, `2h` or `1d`.")
    return parse_minutes(minutes)


async def extend(
    session: AsyncSession, poll_id: int, guild_id: int, *, raw: str | None, now: datetime
) -> tuple[Poll, bool]:
    """Push the close back by a duration (a poll without a close gets one, that long from now).
    Returns the poll and whether a timer waits (wake the scheduler)."""
    minutes = parse_length(raw, required=True)
    assert minutes is not None
    poll = await lock_poll(session, poll_id, guild_id)
    if poll.closed_at is not None:
        raise Conflict(f"Poll #{poll.id} is closed: reopen it with a new close time instead.")
    start = max(poll.closes_at or now, now)
    closes_at = start + timedelta(minutes=minutes)
    if closes_at - now > timedelta(minutes=MAX_MINUTES):
        raise UserError(
            f"That would close poll #{poll.id} more than {MAX_MINUTES // 1440} days from now: "
            "a poll runs at most a week."
        )
    poll.closes_at = closes_at
    waiting = await schedule_timers(session, poll, now=now)
    await session.flush()
    return poll, waiting


async def reopen(
    session: AsyncSession, poll_id: int, guild_id: int, *, raw: str | None, now: datetime
) -> tuple[Poll, bool]:
    """Open a closed poll again, until a new close (a duration from now; none: until closed by
    hand). Its votes stay; a reminder, when the poll has one, comes again before the new close."""
    minutes = parse_length(raw, required=False)
    poll = await lock_poll(session, poll_id, guild_id)
    if poll.closed_at is None:
        raise Conflict(f"Poll #{poll.id} is still open: extend it instead.")
    poll.closed_at = None
    poll.reminded_at = None
    poll.closes_at = now + timedelta(minutes=minutes) if minutes else None
    if poll.remind_minutes is not None and minutes is not None and poll.remind_minutes >= minutes:
        poll.remind_minutes = None  # the lead no longer fits before the new close
    waiting = await schedule_timers(session, poll, now=now)
    await session.flush()
    return poll, waiting


async def edit(
    session: AsyncSession,
    poll_id: int,
    guild_id: int,
    *,
    question: str | None,
    options: str | None,
    now: datetime,
) -> Poll:
    """Change the question or the options, only while nobody has voted (a vote is for the
    options it saw). Options typed one per line or separated by semicolons."""
    poll = await lock_poll(session, poll_id, guild_id)
    if is_closed(poll, now):
        raise Conflict(f"Poll #{poll.id} is closed: its question and options stay as they were voted on.")
    counted = await tally(session, poll)
    if counted.voters:
        raise Conflict(
            f"Poll #{poll.id} already has votes, so its question and options stay as they are: "
            "a vote is for the options it was given."
        )
    if question is not None and question.strip():
        poll.question = parse_question(question)
    if options is not None and options.strip():
        labels = parse_options(";".join(options.splitlines()) if "\n" in options else options)
        if poll.motion_id is not None:
            stance_values(labels)
        if poll.max_choices is not None and poll.max_choices > len(labels):
            raise UserError(
                f"Poll #{poll.id} lets members pick up to {poll.max_choices}: "
                "keep at least that many options."
            )
        if labels != list(poll.options):
            poll.options = labels
            poll.option_authors = None  # the creator's options now
    await session.flush()
    return poll


@dataclass(frozen=True)
class NotVoted:
    poll: Poll
    # Members of the group (recent participants) who have not voted, by internal id.
    members: list[int]
    voters: int


async def not_voted(session: AsyncSession, poll: Poll, *, now: datetime) -> NotVoted:
    """Who has not voted yet, of the members who took part in this space's polls or debates in
    the last RECENT days. Named polls only: for an anonymous poll it would tell who has voted."""
    if poll.anonymous:
        raise NotAllowed(
            f"Poll #{poll.id} is anonymous: a list of who hasn't voted would tell who has, so there is none."
        )
    since = now - RECENT
    guild = poll.guild_id
    recent_polls = select(Poll.id).where(Poll.guild_id == guild, Poll.created_at >= since)
    recent_debates = select(Debate.id).where(Debate.guild_id == guild, Debate.created_at >= since)
    queries: list[Select[Any]] = [
        select(PollVote.user_id).where(PollVote.poll_id.in_(recent_polls), PollVote.user_id.is_not(None)),
        select(Poll.creator_id).where(Poll.guild_id == guild, Poll.created_at >= since),
        select(DebateParticipant.user_id).where(DebateParticipant.debate_id.in_(recent_debates)),
        select(DebateVote.user_id).where(DebateVote.debate_id.in_(recent_debates)),
        select(DebateArgument.user_id).where(DebateArgument.debate_id.in_(recent_debates)),
    ]
    group: set[int] = set()
    for query in queries:
        group.update(member for member in (await session.execute(query.distinct())).scalars() if member)
    voted = set(
        (
            await session.execute(
                select(PollVote.user_id).where(PollVote.poll_id == poll.id, PollVote.user_id.is_not(None))
            )
        ).scalars()
    )
    return NotVoted(poll=poll, members=sorted(group - voted), voters=len(voted))


async def closed_polls(session: AsyncSession, guild_id: int, *, limit: int = CLOSED_LIST_LIMIT) -> list[Poll]:
    """The space's closed polls, most recently closed first (``limit`` + 1, so the caller knows
    whether there are more); the caller shows counts only where rules.may_see_counts allows."""
    found = await session.execute(
        select(Poll)
        .where(Poll.guild_id == guild_id, Poll.closed_at.is_not(None))
        .order_by(Poll.closed_at.desc(), Poll.id.desc())
        .limit(limit + 1)
    )
    return list(found.scalars())
