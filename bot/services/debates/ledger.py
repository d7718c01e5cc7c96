"""A closed vote's choices become stances in the positions ledger."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import (
    Debate,
    Stance,
    VotePhase,
)
from bot.services import positions
from bot.services.debates.rules import STANCE_OF_CHOICE
from bot.services.debates.voting import votes


async def _record_in_ledger(session: AsyncSession, debate: Debate, phase: VotePhase, now: datetime) -> None:
    """Each member's counted vote of the phase becomes a stance in the ledger (once, when it closes).

    A vote on the side the member already holds keeps the strength of their stance: For from a
    member at "strongly agree" stays "strongly agree", and is no change of mind.
    """
    source = positions.DEBATE_PRE if phase == "pre" else positions.DEBATE_POST
    counted = await votes(session, debate.id, phase)
    held_query = select(Stance.user_id, Stance.value).where(
        Stance.guild_id == debate.guild_id,
        Stance.motion_id == debate.motion_id,
        Stance.user_id.in_(list(counted)),
    )
    held = dict((await session.execute(held_query)).tuples().all()) if counted else {}
    for user_id, choice in sorted(counted.items()):
        value = STANCE_OF_CHOICE[choice]
        current = held.get(user_id)
        if current is not None and value != 0 and (current > 0) == (value > 0) and current != 0:
            value = current  # the same side: keep its strength
        await positions.record_stance(
            session,
            guild_id=debate.guild_id,
            user_id=user_id,
            motion_id=debate.motion_id,
            value=value,
            source=source,
            now=now,
            ref_id=debate.id,
        )
