"""Voting: a vote, a changed vote (single choice) or a toggled option (multiple choice).

Anonymous polls keep no link from a vote to a member beyond what stops double votes: the
voter key is an HMAC of (poll, member) under the installation's secret (bot.services.voter_keys),
``user_id`` stays NULL, the vote carries the poll's creation time instead of the click time,
and no stance goes to the ledger (a ledger entry would name the member).

Every vote starts by writing to its poll's row (``lock_poll``), so votes on one poll are
serialised on both backends: PostgreSQL locks the row, SQLite takes its write lock before
anything is read. That keeps "one choice per member" true for single-choice polls even when a
member clicks twice at once, and makes a vote and a close never interleave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Literal

from sqlalchemy import Select, bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFound, Refused
from bot.models import Poll, PollVote
from bot.services.polls.reading import PollState, is_closed, lock_poll, state
from bot.services.polls.rules import stance_values
from bot.services.positions import POLL, record_stance
from bot.services.voter_keys import vote_secret, voter_key

VoteAction = Literal["added", "changed", "removed", "unchanged"]


@cache
def _mine() -> Select[tuple[PollVote]]:
    """A member's votes on a poll, by voter key."""
    return select(PollVote).where(
        PollVote.poll_id == bindparam("poll_id"), PollVote.voter_key == bindparam("voter_key")
    )


@dataclass(frozen=True)
class VoteResult:
    state: PollState
    action: VoteAction
    option: str
    previous: str | None
    # The member's choices after this vote.
    chosen: list[str]


async def cast_vote(
    session: AsyncSession,
    *,
    poll_id: int,
    guild_id: int,
    user_id: int,
    option_index: int,
    hash_key: str | None,
    now: datetime,
) -> VoteResult:
    """Vote, change a vote (single choice) or toggle an option (multiple choice)."""
    poll = await lock_poll(session, poll_id, guild_id)
    if is_closed(poll, now):
        raise Refused("poll.closed", number=poll.id)
    if poll.opens_at is not None and poll.message_id is None:
        # Waiting for its scheduled start: nobody has been shown it (a forged press).
        raise Refused("poll.not-open", number=poll.id)
    if not 0 <= option_index < len(poll.options):
        raise NotFound("That option is not on this poll.")
    if poll.ranked:
        raise Refused("poll.ranked", number=poll.id)
    if poll.anonymous:
        key = voter_key(await vote_secret(session, hash_key), poll.id, user_id)
        stored_user, voted_at = None, poll.created_at
    else:
        key, stored_user, voted_at = str(user_id), user_id, now
    mine = list((await session.execute(_mine(), {"poll_id": poll.id, "voter_key": key})).scalars())
    current = {vote.option_index: vote for vote in mine}
    previous: str | None = None
    if poll.multiple:
        if option_index in current:
            await session.delete(current.pop(option_index))
            action: VoteAction = "removed"
        else:
            if poll.max_choices is not None and len(current) >= poll.max_choices:
                raise Refused(
                    "poll.max-choices",
                    number=poll.id,
                    most=poll.max_choices,
                    chosen=[poll.options[i] for i in sorted(current)],
                )
            current[option_index] = _vote(poll, option_index, key, stored_user, voted_at)
            await _insert(session, current[option_index])
            action = "added"
    elif option_index in current:
        action = "unchanged"
    elif current:
        # One row per member in a single-choice poll: move it to the new option.
        vote = mine[0] if len(mine) == 1 else await _collapse(session, mine)
        previous = poll.options[vote.option_index]
        vote.option_index = option_index
        if not poll.anonymous:
            vote.created_at = now
        current = {option_index: vote}
        action = "changed"
    else:
        current[option_index] = _vote(poll, option_index, key, stored_user, voted_at)
        await _insert(session, current[option_index])
        action = "added"
    await session.flush()
    if action in ("added", "changed") and poll.motion_id is not None and not poll.anonymous:
        if poll.results_mode == "live":
            # after_close polls write their stances at the close (the ledger is public, the results
            # are not yet); creator-only polls never do (their results never are).
            await record_stance(
                session,
                guild_id=poll.guild_id,
                user_id=user_id,
                motion_id=poll.motion_id,
                value=stance_values([poll.options[option_index]])[0],
                source=POLL,
                now=now,
                ref_id=poll.id,
            )
    return VoteResult(
        state=await state(session, poll),
        action=action,
        option=poll.options[option_index],
        previous=previous,
        chosen=[poll.options[i] for i in sorted(current)],
    )


_INSERT_VOTE = insert(PollVote.__table__)


async def _insert(session: AsyncSession, vote: PollVote) -> None:
    """Write a new vote with a cached Core insert: the ORM's flush of one new row cost more than
    the row itself on the vote path (docs/benchmarks.md, "Fixes made")."""
    row = {
        "poll_id": vote.poll_id,
        "option_index": vote.option_index,
        "voter_key": vote.voter_key,
        "user_id": vote.user_id,
        "created_at": vote.created_at,
    }
    await session.execute(_INSERT_VOTE, row)


def _vote(poll: Poll, index: int, key: str, user_id: int | None, at: datetime) -> PollVote:
    return PollVote(poll_id=poll.id, option_index=index, voter_key=key, user_id=user_id, created_at=at)


async def _collapse(session: AsyncSession, votes: list[PollVote]) -> PollVote:
    """Keep one vote of a member who somehow holds several in a single-choice poll."""
    keep, *extra = sorted(votes, key=lambda v: v.id)
    for vote in extra:
        await session.delete(vote)
    await session.flush()
    return keep
