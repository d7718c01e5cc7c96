"""What the speech timers' jobs do (the rules; the front ends post what changed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import (
    Debate,
)
from bot.services.debates.finding import motion_of
from bot.services.debates.rules import SPEECHES, Transition
from bot.services.debates.speeches import _advance, speech_state

# ---------------------------------------------------------------- timers (job handlers' rules)


async def timer_speech(session: AsyncSession, payload: dict[str, Any], now: datetime) -> Debate | None:
    """The debate a timer job belongs to, if that speech is still running (else the job is stale)."""
    debate = await session.get(Debate, int(payload.get("debate_id", 0)))
    if (
        debate is None
        or debate.phase != SPEECHES
        or debate.speech_index != payload.get("speech_index")
        or debate.paused_remaining is not None
    ):
        return None
    return debate


async def on_warn(session: AsyncSession, payload: dict[str, Any], now: datetime) -> Transition | None:
    """The warning before a speech's end, if that speech is still running."""
    debate = await timer_speech(session, payload, now)
    if debate is None:
        return None
    return Transition(debate, await motion_of(session, debate), await speech_state(session, debate, now))


async def on_advance(session: AsyncSession, payload: dict[str, Any], now: datetime) -> Transition | None:
    """The speech's time is up: the next speech begins, or after the last, the post-vote opens."""
    debate = await timer_speech(session, payload, now)
    if debate is None or (debate.speech_ends_at is not None and debate.speech_ends_at > now):
        return None
    return await _advance(session, debate, now, from_job=True)
