"""/vote's and /map's actions, the same on every front end: deal the next motion, answer one,
and build a map with what its words and chart need.

Each takes internal ids (space, member) and plain values and returns what the replies
(bot/replies/opinion_map.py) and the chart (bot/ui/map_charts.py) render.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Motion
from bot.services import identities, opinion_map, opinion_votes, positions
from bot.services.opinion_map import MAX_NAMED, OpinionMap
from bot.services.opinion_votes import Deal

# Called once the motion set is known to be good, before the slow part (Discord defers here, so
# that a bad motion set is still answered privately at once).
Started = Callable[[], Awaitable[None]]


async def deal(session: AsyncSession, *, space_id: int, member_id: int) -> Deal:
    """``/vote``: the lowest-numbered motion the member has no stance on."""
    return await opinion_votes.next_motion(session, space_id, member_id)


async def answer(
    session: AsyncSession, *, space_id: int, member_id: int, motion_id: int, choice: str, now: datetime
) -> Deal:
    """A press on a vote card: record the answer (a pass records nothing), then the next card,
    numbered after this one so that a passed motion is not dealt again straight away."""
    await opinion_votes.answer(
        session, guild_id=space_id, user_id=member_id, motion_id=motion_id, choice=choice, now=now
    )
    return await opinion_votes.next_motion(session, space_id, member_id, motion_id)


@dataclass(frozen=True)
class Mapped:
    result: OpinionMap
    motions: dict[int, Motion]
    # Placed members who keep their stances private: drawn, never named.
    private: frozenset[int] = frozenset()
    # Display names from the identity registry (Slack; ``from_registry``), for the chart's labels.
    names: dict[int, str] = field(default_factory=dict)

    @property
    def to_name(self) -> list[int]:
        """The members the chart may name: the public ones, when the map is small enough to label."""
        points = self.result.points
        if len(points) > MAX_NAMED:
            return []
        return [p.user_id for p in points if p.user_id not in self.private]


async def build(
    session: AsyncSession,
    *,
    space_id: int,
    motions: str | None,
    started: Started | None = None,
    from_registry: bool = False,
) -> Mapped:
    """``/map group`` and ``/map me``: the map over ``motions`` (numbers, a range or a pack;
    every visible motion when None). ``from_registry``: the names to label the chart with, as
    the identity registry has them (Slack); Discord asks the guild."""
    chosen = await opinion_map.resolve_motion_set(session, space_id, motions)
    if started is not None:
        await started()
    result = await opinion_map.build_map(session, space_id, [m.id for m in chosen])
    private = await positions.private_members(session, space_id, [p.user_id for p in result.points])
    mapped = Mapped(result, {m.id: m for m in chosen}, frozenset(private))
    if from_registry and mapped.to_name:
        names = await identities.names(session, mapped.to_name)
        mapped = Mapped(mapped.result, mapped.motions, mapped.private, names)
    return mapped
