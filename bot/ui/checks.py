"""Checks cogs run in code (Discord's own permission settings can be changed by server admins)."""

from __future__ import annotations

import discord
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import UserError
from bot.services import guilds


def guild_id_of(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise UserError("That works in a server, not in direct messages.")
    return interaction.guild_id


def _member_facts(interaction: discord.Interaction) -> tuple[bool, list[int]]:
    user = interaction.user
    if isinstance(user, discord.Member):
        return user.guild_permissions.manage_guild, [role.id for role in user.roles]
    return False, []


async def is_moderator(session: AsyncSession, interaction: discord.Interaction) -> bool:
    config = await guilds.peek_config(session, guild_id_of(interaction))
    manage, roles = _member_facts(interaction)
    return guilds.is_moderator(config, manage_guild=manage, role_ids=roles)


async def require_moderator(session: AsyncSession, interaction: discord.Interaction) -> None:
    config = await guilds.peek_config(session, guild_id_of(interaction))
    manage, roles = _member_facts(interaction)
    guilds.require_moderator(config, manage_guild=manage, role_ids=roles)
