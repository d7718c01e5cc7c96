"""Finding a space's debates (never another space's), their motion, and their live messages."""

from __future__ import annotations

from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFound, RefusedNotFound
from bot.models import (
    Debate,
    Motion,
)
from bot.services import motions
from bot.services.debates.rules import CLOSED

# ---------------------------------------------------------------- finding debates


async def find_active(session: AsyncSession, guild_id: int, channel_id: int) -> Debate | None:
    query = (
        select(Debate)
        .where(Debate.guild_id == guild_id, Debate.channel_id == channel_id, Debate.phase != CLOSED)
        .order_by(Debate.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def active_debate(session: AsyncSession, guild_id: int, channel_id: int) -> Debate:
    debate = await find_active(session, guild_id, channel_id)
    if debate is None:
        raise RefusedNotFound("debate.none-running")
    return debate


async def get_debate(session: AsyncSession, guild_id: int, debate_id: int) -> Debate:
    """A debate by id, only within this guild."""
    debate = await session.get(Debate, debate_id)
    if debate is None or debate.guild_id != guild_id:
        raise NotFound("That debate no longer exists.")
    return debate


async def motion_of(session: AsyncSession, debate: Debate) -> Motion:
    return await motions.get_motion(session, debate.guild_id, debate.motion_id)


async def latest_in_channel(session: AsyncSession, guild_id: int, channel_id: int) -> Debate:
    """The channel's running debate, else its most recent one (closed debates included)."""
    query = (
        select(Debate)
        .where(Debate.guild_id == guild_id, Debate.channel_id == channel_id)
        .order_by((Debate.phase == CLOSED).asc(), Debate.id.desc())
        .limit(1)
    )
    debate = (await session.execute(query)).scalar_one_or_none()
    if debate is None:
        raise NotFound("No debate has been held in this channel yet.")
    return debate


MESSAGE_KINDS: Final = ("board", "speech", "postvote")


async def set_message(
    session: AsyncSession, guild_id: int, debate_id: int, message_id: int, kind: str = "board"
) -> None:
    """Remember one of the debate's live messages, so that it can be edited as the debate moves on."""
    debate = await get_debate(session, guild_id, debate_id)
    if kind == "board":
        debate.message_id = message_id
    elif kind == "speech":
        debate.speech_message_id = message_id
    elif kind == "postvote":
        debate.postvote_message_id = message_id
    else:
        raise ValueError(f"unknown debate message {kind!r}")
