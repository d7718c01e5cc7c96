"""/config: who counts as a moderator, and whether members add motions directly."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import NotAllowed
from bot.services import content, guilds
from bot.ui import reply
from bot.ui.checks import guild_id_of, require_moderator

if TYPE_CHECKING:
    from bot.app import Roundtable


def _manages_server(interaction: discord.Interaction) -> bool:
    user = interaction.user
    return isinstance(user, discord.Member) and user.guild_permissions.manage_guild


class Config(commands.Cog):
    feature = "Server settings"

    config = app_commands.Group(
        name="config", description="Roundtable's settings for this server", guild_only=True
    )

    def __init__(self, bot: Roundtable) -> None:
        self.bot = bot

    @config.command(name="show", description="This server's Roundtable settings (moderators)")
    async def show(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            await require_moderator(session, interaction)
            config = await guilds.peek_config(session, guild_id)
            pack = await content.active_pack(session, guild_id)
        role = (
            f"<@&{config.moderator_role_id}>"
            if config and config.moderator_role_id
            else "none (Manage Server only)"
        )
        allowed = bool(config and config.members_add_motions)
        embed = discord.Embed(title="Server settings", colour=discord.Colour.blurple())
        embed.add_field(name="Moderator role", value=role, inline=False)
        embed.add_field(
            name="Members add motions",
            value="directly" if allowed else "as proposals a moderator approves",
            inline=False,
        )
        embed.add_field(name="Text being read", value=f"{pack.title} (`{pack.slug}`)", inline=False)
        await reply.send(interaction, embed=embed, ephemeral=True)

    @config.command(
        name="moderator-role", description="Members with this role count as moderators (Manage Server)"
    )
    @app_commands.describe(role="The role; leave it out to have no moderator role (Manage Server only)")
    async def moderator_role(
        self, interaction: discord.Interaction, role: discord.Role | None = None
    ) -> None:
        guild_id = guild_id_of(interaction)
        # Only Manage Server may choose who moderates: a moderator role could otherwise hand itself out.
        if not _manages_server(interaction):
            raise NotAllowed("Only members with Manage Server can choose the moderator role.")
        async with self.bot.db.unit_of_work() as session:
            config = await guilds.get_config(session, guild_id, self.bot.clock())
            config.moderator_role_id = role.id if role is not None else None
        text = (
            f"Members with <@&{role.id}> now count as moderators, besides Manage Server."
            if role is not None
            else "No moderator role: only members with Manage Server are moderators."
        )
        await reply.send(interaction, text, ephemeral=True)

    @config.command(
        name="member-motions", description="Let members add motions without approval (moderators)"
    )
    @app_commands.describe(allow="True: members' motions are added at once; False: moderators approve them")
    async def member_motions(self, interaction: discord.Interaction, allow: bool) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            await require_moderator(session, interaction)
            config = await guilds.get_config(session, guild_id, self.bot.clock())
            config.members_add_motions = allow
        text = (
            "Members' motions are now added at once."
            if allow
            else "Members' motions now wait for a moderator (`/motion pending`)."
        )
        await reply.send(interaction, text, ephemeral=True)


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Config(bot))
