"""/config: who counts as a moderator, and whether members add motions directly."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions import config as config_actions
from bot.errors import NotAllowed
from bot.replies import config as replies
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
            settings = await config_actions.show(session, guild_id)
        role = (
            f"<@&{settings.moderator_role_id}>" if settings.moderator_role_id else "none (Manage Server only)"
        )
        shown = replies.settings_reply(settings, moderators_name="Moderator role", moderators_text=role)
        await reply.answer(interaction, shown)

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
            await config_actions.set_moderator_role(
                session, guild_id, role.id if role is not None else None, self.bot.clock()
            )
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
            await config_actions.set_member_motions(session, guild_id, allow, self.bot.clock())
        await reply.send(interaction, replies.member_motions_text(allow), ephemeral=True)


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Config(bot))
