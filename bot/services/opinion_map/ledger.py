"""The map's votes, read from one space's current stances (strongly agree counts as agree,
undecided as pass), and the map built from them off the event loop."""

from __future__ import annotations

import asyncio

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Stance
from bot.services.opinion_map.compute import compute_map
from bot.services.opinion_map.model import OpinionMap, VoteMatrix


def vote_of(value: int) -> int:
    """A ledger stance (-2..2) as a map vote: agree 1, disagree -1, pass 0."""
    return (value > 0) - (value < 0)


async def load_votes(session: AsyncSession, guild_id: int, motion_ids: list[int]) -> VoteMatrix:
    """The vote matrix of one space over ``motion_ids`` from the current stances."""
    import numpy as np

    rows = (
        await session.execute(
            select(Stance.user_id, Stance.motion_id, Stance.value).where(
                Stance.guild_id == guild_id, Stance.motion_id.in_(motion_ids)
            )
        )
    ).all()
    users = tuple(sorted({row.user_id for row in rows}))
    row_of = {user: i for i, user in enumerate(users)}
    column_of = {motion: j for j, motion in enumerate(motion_ids)}
    votes = np.full((len(users), len(motion_ids)), np.nan)
    for row in rows:
        votes[row_of[row.user_id], column_of[row.motion_id]] = vote_of(row.value)
    return VoteMatrix(users, tuple(motion_ids), votes)


async def build_map(session: AsyncSession, guild_id: int, motion_ids: list[int]) -> OpinionMap:
    """Load the space's votes on ``motion_ids`` and compute the map in a worker thread."""
    matrix = await load_votes(session, guild_id, motion_ids)
    return await asyncio.to_thread(compute_map, matrix)
