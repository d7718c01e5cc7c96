"""Guild configuration and who counts as a moderator."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotAllowed
from bot.models import GuildConfig, Moderator
from bot.services.upsert import insert_unless_present


async def get_config(session: AsyncSession, guild_id: int, now: datetime) -> GuildConfig:
    """The guild's configuration, created with defaults on first use."""
    config = await session.get(GuildConfig, guild_id)
    if config is None:
        # First uses may come at once (two members, two processes): one statement that cannot
        # collide, then read the row that won.
        await insert_unless_present(
            session,
            GuildConfig,
            {"guild_id": guild_id, "created_at": now, "members_add_motions": False},
            keys=("guild_id",),
        )
        config = await session.get(GuildConfig, guild_id, populate_existing=True)
        assert config is not None
    return config


async def peek_config(session: AsyncSession, guild_id: int) -> GuildConfig | None:
    return (
        await session.execute(select(GuildConfig).where(GuildConfig.guild_id == guild_id))
    ).scalar_one_or_none()


def is_moderator(config: GuildConfig | None, *, manage_guild: bool, role_ids: Iterable[int]) -> bool:
    """Manage Server always counts; so does the guild's configured moderator role."""
    if manage_guild:
        return True
    return (
        config is not None
        and config.moderator_role_id is not None
        and config.moderator_role_id in set(role_ids)
    )


def require_moderator(config: GuildConfig | None, *, manage_guild: bool, role_ids: Iterable[int]) -> None:
    if not is_moderator(config, manage_guild=manage_guild, role_ids=role_ids):
        raise NotAllowed(
            "Only moderators can do that (Manage Server, or the moderator role set with /config)."
        )


async def listed_moderators(session: AsyncSession, guild_id: int) -> list[int]:
    """The members named moderators of ``guild_id``, in the order they were added."""
    rows = await session.execute(
        select(Moderator.user_id).where(Moderator.guild_id == guild_id).order_by(Moderator.created_at)
    )
    return list(rows.scalars())


async def is_listed_moderator(session: AsyncSession, guild_id: int, user_id: int) -> bool:
    return await session.get(Moderator, (guild_id, user_id)) is not None


async def name_moderator(session: AsyncSession, guild_id: int, user_id: int, by: int, now: datetime) -> bool:
    """List ``user_id`` as a moderator; False when they already were."""
    if await is_listed_moderator(session, guild_id, user_id):
        return False
    await insert_unless_present(
        session,
        Moderator,
        {"guild_id": guild_id, "user_id": user_id, "added_by": by, "created_at": now},
        keys=("guild_id", "user_id"),
    )
    return True


async def unname_moderator(session: AsyncSession, guild_id: int, user_id: int) -> bool:
    """Take ``user_id`` off the list; False when they were not on it."""
    row = await session.get(Moderator, (guild_id, user_id))
    if row is None:
        return False
    await session.delete(row)
    return True
