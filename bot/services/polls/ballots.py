"""Ballots that are not one click: a ranking (ranked polls) and an option a member adds.

A ranking is stored as one ``PollVote`` row per ranked option, with its place in ``rank`` (1 is
first), under the same voter key as any vote (an HMAC of poll and member in an anonymous poll,
with no member id and the poll's creation time), so a member's new ranking replaces the old one.
Like a vote, both start by writing to the poll's row (``lock_poll``): a ranking, an added option
and a close are applied one at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import Refused, UserError
from bot.models import Poll, PollVote
from bot.services.polls.reading import PollState, is_closed, lock_poll, state
from bot.services.polls.rules import parse_new_option, rank_slots
from bot.services.voter_keys import vote_secret, voter_key


@dataclass(frozen=True)
class RankingResult:
    state: PollState
    # The member's options, best first, as now stored.
    order: list[str]
    # Whether the member had ranked this poll before (the new ranking replaced it).
    replaced: bool


def parse_ranking(picked: Sequence[str | None], options: int) -> list[int]:
    """The places as filled in (option numbers as text, from 0; None or "" for an empty place)
    -> option indices, best first. Empty places are skipped; an option in two places is refused."""
    order: list[int] = []
    for place, raw in enumerate(picked, start=1):
        if raw is None or not str(raw).strip():
            continue
        try:
            index = int(str(raw))
        except ValueError:
            raise UserError("That choice is not on this poll.") from None
        if not 0 <= index < options:
            raise UserError("That choice is not on this poll.")
        if index in order:
            raise Refused("poll.rank-twice", place=place, first=order.index(index) + 1, option=index)
        order.append(index)
    if not order:
        raise UserError("Pick at least your first choice.")
    return order


async def _key(session: AsyncSession, poll: Poll, user_id: int, hash_key: str | None) -> str:
    if poll.anonymous:
        return voter_key(await vote_secret(session, hash_key), poll.id, user_id)
    return str(user_id)


async def my_ranking(session: AsyncSession, poll: Poll, *, user_id: int, hash_key: str | None) -> list[int]:
    """The member's own ranking of ``poll`` (option indices, best first), to fill the form in."""
    key = await _key(session, poll, user_id, hash_key)
    found = await session.execute(
        select(PollVote.option_index)
        .where(PollVote.poll_id == poll.id, PollVote.voter_key == key)
        .order_by(PollVote.rank, PollVote.id)
    )
    return [i for i in found.scalars() if 0 <= i < len(poll.options)]


async def cast_ranking(
    session: AsyncSession,
    *,
    poll_id: int,
    guild_id: int,
    user_id: int,
    order: Sequence[int],
    hash_key: str | None,
    now: datetime,
) -> RankingResult:
    """Store (or replace) a member's ranking of a ranked poll: ``order`` holds option indices, best
    first, each once, at most ``rank_slots`` of them."""
    poll = await lock_poll(session, poll_id, guild_id)
    if is_closed(poll, now):
        raise Refused("poll.closed", number=poll.id)
    if not poll.ranked:
        raise UserError(f"Poll #{poll.id} is not a ranked poll: click an option to vote.")
    if not order or len(set(order)) != len(order) or not all(0 <= i < len(poll.options) for i in order):
        raise UserError("Rank each option at most once, starting with your first choice.")
    if len(order) > rank_slots(poll):
        raise UserError(f"Rank at most {rank_slots(poll)} options.")
    key = await _key(session, poll, user_id, hash_key)
    stored_user, voted_at = (None, poll.created_at) if poll.anonymous else (user_id, now)
    removed = await session.execute(
        delete(PollVote)
        .where(PollVote.poll_id == poll.id, PollVote.voter_key == key)
        .execution_options(synchronize_session=False)
    )
    for place, index in enumerate(order, start=1):
        session.add(
            PollVote(
                poll_id=poll.id,
                option_index=index,
                rank=place,
                voter_key=key,
                user_id=stored_user,
                created_at=voted_at,
            )
        )
    await session.flush()
    return RankingResult(
        state=await state(session, poll),
        order=[poll.options[i] for i in order],
        replaced=bool(getattr(removed, "rowcount", 0)),
    )


async def add_option(
    session: AsyncSession, *, poll_id: int, guild_id: int, user_id: int, label: str, now: datetime
) -> PollState:
    """A member adds an option to an open poll that allows it. It is credited to them in
    ``option_authors`` unless the poll is anonymous (then nobody is recorded as its author)."""
    poll = await lock_poll(session, poll_id, guild_id)
    if is_closed(poll, now):
        raise Refused("poll.closed", number=poll.id)
    if not poll.member_options:
        raise Refused("poll.no-member-options", number=poll.id)
    option = parse_new_option(label, poll)
    authors = list(poll.option_authors or [None] * len(poll.options))
    authors += [None] * (len(poll.options) - len(authors))
    # New lists, so the JSON columns are seen as changed.
    poll.options = [*poll.options, option]
    poll.option_authors = [*authors, None if poll.anonymous else user_id]
    await session.flush()
    return await state(session, poll)
