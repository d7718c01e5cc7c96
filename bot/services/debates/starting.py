"""Opening a debate in a channel: one at a time per channel."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import RefusedConflict, UserError
from bot.models import (
    Debate,
    Motion,
)
from bot.services.debates.finding import find_active, motion_of
from bot.services.debates.rules import (
    ASSIGN_MODES,
    DEFAULT_ROUNDS,
    DEFAULT_SPEECH_SECONDS,
    MAX_SPEECH_SECONDS,
    MIN_SPEECH_SECONDS,
    PREVOTE,
)

# ---------------------------------------------------------------- starting, joining, voting


async def start(
    session: AsyncSession,
    *,
    guild_id: int,
    channel_id: int,
    moderator_id: int,
    motion: Motion,
    now: datetime,
    speech_seconds: int = DEFAULT_SPEECH_SECONDS,
    rounds: list[str] | None = None,
    assign: str = "volunteer",
) -> Debate:
    """Open a debate (in its pre-vote) on ``motion``; one debate per channel at a time."""
    if not MIN_SPEECH_SECONDS <= speech_seconds <= MAX_SPEECH_SECONDS:
        raise UserError(f"Speeches last between {MIN_SPEECH_SECONDS} and {MAX_SPEECH_SECONDS} seconds.")
    if assign not in ASSIGN_MODES:
        raise UserError("Sides are assigned by `volunteer` (members choose) or `counter` (steelman).")
    running = await find_active(session, guild_id, channel_id)
    if running is not None:
        raise RefusedConflict("debate.already-running", number=(await motion_of(session, running)).number)
    debate = Debate(
        guild_id=guild_id,
        channel_id=channel_id,
        motion_id=motion.id,
        moderator_id=moderator_id,
        phase=PREVOTE,
        rounds=list(rounds or DEFAULT_ROUNDS),
        speech_seconds=speech_seconds,
        assign=assign,
        speech_index=-1,
        created_at=now,
    )
    session.add(debate)
    try:
        await session.flush()
    except IntegrityError:
        # Another moderator's start won the race (the unique index on open debates per channel);
        # the caller's unit of work rolls back.
        raise RefusedConflict("debate.start-race") from None
    return debate
