"""The positions ledger: append-only stance history, plus each member's current stance."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import UserError
from bot.models import Stance, StanceEvent
from bot.services.upsert import upsert

# Stance values: -2 strongly disagree .. 2 strongly agree.
STANCES: Final[dict[int, str]] = {
    -2: "strongly disagree",
    -1: "disagree",
    0: "undecided",
    1: "agree",
    2: "strongly agree",
}

SELF: Final = "self"
DEBATE_PRE: Final = "debate-pre"
DEBATE_POST: Final = "debate-post"
POLL: Final = "poll"
VOTE: Final = "vote"
SOURCES: Final = (SELF, DEBATE_PRE, DEBATE_POST, POLL, VOTE)

REASON_LIMIT: Final = 1000


async def record_stance(
    session: AsyncSession,
    *,
    guild_id: int,
    user_id: int,
    motion_id: int,
    value: int,
    source: str,
    now: datetime,
    reason: str | None = None,
    ref_id: int | None = None,
) -> StanceEvent:
    """Append a stance to the history and make it the member's current stance on the motion."""
    if value not in STANCES:
        raise UserError("A stance runs from strongly disagree (-2) to strongly agree (2).")
    if source not in SOURCES:
        raise ValueError(f"unknown stance source {source!r}")
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > REASON_LIMIT:
        raise UserError(f"Keep the reason under {REASON_LIMIT} characters (yours has {len(reason)}).")
    event = StanceEvent(
        guild_id=guild_id,
        user_id=user_id,
        motion_id=motion_id,
        value=value,
        source=source,
        ref_id=ref_id,
        reason=reason,
        created_at=now,
    )
    session.add(event)
    await upsert(
        session,
        Stance,
        {
            "guild_id": guild_id,
            "user_id": user_id,
            "motion_id": motion_id,
            "value": value,
            "source": source,
            "updated_at": now,
        },
        keys=("guild_id", "user_id", "motion_id"),
        update=("value", "source", "updated_at"),
    )
    await session.flush()
    return event
