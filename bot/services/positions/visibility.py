"""Whether a member's stances are named to others: the privacy setting, read and changed."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import RefusedNotAllowed
from bot.models import MemberSettings
from bot.services.upsert import upsert


async def is_private(session: AsyncSession, *, guild_id: int, user_id: int) -> bool:
    row = await session.get(MemberSettings, (guild_id, user_id))
    return bool(row is not None and row.private)


async def private_members(
    session: AsyncSession, guild_id: int, user_ids: Collection[int] | None = None
) -> set[int]:
    """Members of the guild who keep their stances private (never named to others).

    With ``user_ids``, only those members are looked at (an empty collection: none).
    """
    if user_ids is not None and not user_ids:
        return set()
    query = select(MemberSettings.user_id).where(
        MemberSettings.guild_id == guild_id, MemberSettings.private.is_(True)
    )
    if user_ids is not None:
        query = query.where(MemberSettings.user_id.in_(list(user_ids)))
    return set((await session.execute(query)).scalars())


async def set_private(
    session: AsyncSession, *, guild_id: int, user_id: int, private: bool, now: datetime
) -> None:
    await upsert(
        session,
        MemberSettings,
        {"guild_id": guild_id, "user_id": user_id, "private": private, "updated_at": now},
        keys=("guild_id", "user_id"),
        update=("private", "updated_at"),
    )


async def require_visible(session: AsyncSession, *, guild_id: int, viewer_id: int, member_id: int) -> None:
    """A member always sees their own stances; others see them only when they are public."""
    if viewer_id != member_id and await is_private(session, guild_id=guild_id, user_id=member_id):
        raise RefusedNotAllowed("stances.private-member")
