"""The current speech's timers: a warning and an advance job, keyed by debate and speech, so
pausing, extending or skipping replaces or cancels exactly that speech's jobs."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import (
    Debate,
)
from bot.services import jobs
from bot.services.debates.rules import ADVANCE_KIND, WARN_KIND, warn_before


def _keys(debate_id: int, index: int) -> tuple[str, str]:
    return f"{WARN_KIND}:{debate_id}:{index}", f"{ADVANCE_KIND}:{debate_id}:{index}"


async def _schedule_timers(session: AsyncSession, debate: Debate, seconds_left: float, now: datetime) -> None:
    seconds_left = max(0.0, seconds_left)
    ends_at = now + timedelta(seconds=seconds_left)
    debate.speech_ends_at, debate.paused_remaining = ends_at, None
    warn_key, advance_key = _keys(debate.id, debate.speech_index)
    # The channel it serves, for a front end to find without the debate (its message ids are on it).
    payload = {"debate_id": debate.id, "speech_index": debate.speech_index, "channel_id": debate.channel_id}
    before = warn_before(debate.speech_seconds)
    if seconds_left > 0:
        # A speech resumed (or extended) with less than the warning's lead left is warned at once.
        await jobs.schedule(
            session,
            guild_id=debate.guild_id,
            kind=WARN_KIND,
            due_at=max(now, ends_at - timedelta(seconds=before)),
            now=now,
            payload=payload,
            dedupe_key=warn_key,
        )
    else:
        await jobs.cancel(session, warn_key)
    await jobs.schedule(
        session,
        guild_id=debate.guild_id,
        kind=ADVANCE_KIND,
        due_at=ends_at,
        now=now,
        payload=payload,
        dedupe_key=advance_key,
    )


async def _cancel_timers(session: AsyncSession, debate: Debate, *, keep_advance: bool = False) -> None:
    """Cancel the current speech's timers. A running advance job keeps its own (it is finishing)."""
    if debate.speech_index < 0:
        return
    warn_key, advance_key = _keys(debate.id, debate.speech_index)
    await jobs.cancel(session, warn_key)
    if not keep_advance:
        await jobs.cancel(session, advance_key)
