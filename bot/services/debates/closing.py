"""Closing the post-vote: the ledger, the score and the stored result."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import Conflict, RefusedConflict
from bot.models import (
    Debate,
    DebateArgument,
)
from bot.services import positions
from bot.services.debate_result import DebateResult
from bot.services.debate_scoring import score
from bot.services.debates.finding import motion_of
from bot.services.debates.joining import names
from bot.services.debates.ledger import _record_in_ledger
from bot.services.debates.rules import CLOSED, PREVOTE, SPEECHES, Closed
from bot.services.debates.voting import votes

# ---------------------------------------------------------------- closing and the result


async def close(session: AsyncSession, debate: Debate, now: datetime) -> Closed:
    """Close the post-vote, record it in the ledger, score the debate and store the result."""
    if debate.phase in (PREVOTE, SPEECHES):
        raise RefusedConflict("debate.postvote-not-open")
    if debate.phase == CLOSED:
        raise Conflict("This debate is already closed.")
    await _record_in_ledger(session, debate, "post", now)
    result = score(await votes(session, debate.id, "pre"), await votes(session, debate.id, "post"))
    private = await positions.private_members(session, debate.guild_id, [m.user_id for m in result.moves])
    stored = DebateResult.of(result, private)
    debate.result = stored.to_json()
    debate.phase = CLOSED
    debate.closed_at = now
    motion = await motion_of(session, debate)
    return Closed(
        debate,
        motion,
        result,
        stored,
        private,
        await arguments(session, debate.id),
        await names(session, debate.id),
    )


async def arguments(session: AsyncSession, debate_id: int) -> list[DebateArgument]:
    query = (
        select(DebateArgument)
        .where(DebateArgument.debate_id == debate_id)
        .order_by(DebateArgument.speech_index, DebateArgument.created_at, DebateArgument.id)
    )
    return list((await session.execute(query)).scalars())
