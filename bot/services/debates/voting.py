"""The pre-vote and the post-vote: one vote per member and phase, the last one counting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import Conflict, UserError
from bot.models import (
    Choice,
    Debate,
    DebateVote,
    VotePhase,
)
from bot.services.debate_scoring import is_choice
from bot.services.debates.joining import _name
from bot.services.debates.rules import POSTVOTE, PREVOTE, SPEECHES
from bot.services.upsert import upsert


def vote_phase(debate: Debate) -> VotePhase:
    if debate.phase == PREVOTE:
        return "pre"
    if debate.phase == POSTVOTE:
        return "post"
    if debate.phase == SPEECHES:
        raise Conflict(
            "The pre-vote closed when the speeches began; the post-vote opens after the last speech."
        )
    raise Conflict("This debate is over; its votes are counted.")


async def vote(
    session: AsyncSession,
    debate: Debate,
    user_id: int,
    choice: str,
    now: datetime,
    display_name: str | None = None,
) -> VotePhase:
    """Record the member's vote in the open phase (``pre`` or ``post``); a new vote replaces the old."""
    if not is_choice(choice):
        raise UserError("Vote `for`, `against` or `undecided`.")
    phase = vote_phase(debate)
    await upsert(
        session,
        DebateVote,
        {
            "debate_id": debate.id,
            "user_id": user_id,
            "phase": phase,
            "choice": choice,
            "created_at": now,
            "display_name": _name(display_name),
        },
        keys=("debate_id", "user_id", "phase"),
        update=("choice", "created_at", "display_name"),
    )
    return phase


async def votes(session: AsyncSession, debate_id: int, phase: VotePhase) -> dict[int, Choice]:
    query = select(DebateVote.user_id, DebateVote.choice).where(
        DebateVote.debate_id == debate_id, DebateVote.phase == phase
    )
    return dict((await session.execute(query)).tuples().all())
