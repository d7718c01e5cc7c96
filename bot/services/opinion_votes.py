"""/vote: deal a member the motions they have not taken a stance on, one at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFound, UserError
from bot.models import Motion, Stance
from bot.services import positions
from bot.services.motions import visible_motions

# A /vote answer as a ledger stance.
CHOICES: Final[dict[str, int]] = {"agree": 1, "disagree": -1, "pass": 0}


@dataclass(frozen=True)
class Deal:
    """The next motion for a member (None when every motion is answered) and how far they are."""

    motion: Motion | None
    answered: int
    total: int

    @property
    def left(self) -> int:
        return self.total - self.answered


async def _answered(session: AsyncSession, guild_id: int, user_id: int) -> set[int]:
    query = select(Stance.motion_id).where(Stance.guild_id == guild_id, Stance.user_id == user_id)
    return set((await session.execute(query)).scalars())


async def next_motion(session: AsyncSession, guild_id: int, user_id: int) -> Deal:
    """The lowest-numbered visible motion the member has no stance on."""
    motions = await visible_motions(session, guild_id)
    answered = await _answered(session, guild_id, user_id)
    pending = [m for m in motions if m.id not in answered]
    return Deal(pending[0] if pending else None, len(motions) - len(pending), len(motions))


async def answer(
    session: AsyncSession, *, guild_id: int, user_id: int, motion_id: int, choice: str, now: datetime
) -> bool:
    """Record a /vote answer as the member's stance. Returns False when they already had one
    (a second click on an old card changes nothing: /stance set changes a stance)."""
    if choice not in CHOICES:
        raise UserError("Answer with Agree, Disagree or Pass.")
    visible = {m.id for m in await visible_motions(session, guild_id)}
    if motion_id not in visible:
        motion = await session.get(Motion, motion_id)
        if motion is None or motion.guild_id not in (None, guild_id):
            raise NotFound("That motion no longer exists.")
        raise NotFound("That motion is no longer open for votes here.")
    if motion_id in await _answered(session, guild_id, user_id):
        return False
    await positions.record_stance(
        session,
        guild_id=guild_id,
        user_id=user_id,
        motion_id=motion_id,
        value=CHOICES[choice],
        source=positions.VOTE,
        now=now,
    )
    return True
