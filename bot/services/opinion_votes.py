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

# A /vote answer as a ledger stance. A pass records nothing: it only moves on to the next card.
CHOICES: Final[dict[str, int | None]] = {"agree": 1, "disagree": -1, "pass": None}


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


async def next_motion(
    session: AsyncSession, guild_id: int, user_id: int, after_motion_id: int | None = None
) -> Deal:
    """The lowest-numbered visible motion the member has no stance on (numbered after the card
    ``after_motion_id`` when given, so a passed motion is not dealt again straight away)."""
    motions = await visible_motions(session, guild_id)
    answered = await _answered(session, guild_id, user_id)
    pending = [m for m in motions if m.id not in answered]
    after = next((m.number for m in motions if m.id == after_motion_id), None)
    ahead = [m for m in pending if after is None or m.number > after]
    return Deal(ahead[0] if ahead else None, len(motions) - len(pending), len(motions))


async def answer(
    session: AsyncSession, *, guild_id: int, user_id: int, motion_id: int, choice: str, now: datetime
) -> bool:
    """Record a /vote answer as the member's stance. Returns False when nothing was recorded: a
    pass, or a stance they already had (a second click on an old card changes nothing: /stance
    set changes a stance)."""
    if choice not in CHOICES:
        raise UserError("Answer with Agree, Disagree or Pass.")
    visible = {m.id for m in await visible_motions(session, guild_id)}
    if motion_id not in visible:
        motion = await session.get(Motion, motion_id)
        if motion is None or motion.guild_id not in (None, guild_id):
            raise NotFound("That motion no longer exists.")
        raise NotFound("That motion is no longer open for votes here.")
    value = CHOICES[choice]
    if value is None or motion_id in await _answered(session, guild_id, user_id):
        return False
    await positions.record_stance(
        session,
        guild_id=guild_id,
        user_id=user_id,
        motion_id=motion_id,
        value=value,
        source=positions.VOTE,
        now=now,
    )
    return True
