"""/privacy: what Roundtable stores about you in this server (and how to remove it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions import stances as actions
from bot.replies import stances as replies
from bot.replies.looks import discord_looks
from bot.ui import reply
from bot.ui.checks import guild_id_of

if TYPE_CHECKING:
    from bot.app import Roundtable

LOOKS = discord_looks()


class Privacy(commands.Cog):
    feature = "Privacy"

    def __init__(self, bot: Roundtable) -> None:
        self.bot = bot

    @app_commands.command(name="privacy", description="What Roundtable stores about you in this server")
    @app_commands.guild_only()
    async def privacy(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            stored = await actions.stored(
                session,
                space_id=guild_id,
                member_id=interaction.user.id,
                hash_key=self.bot.settings.vote_hash_key,
            )
        await reply.answer(interaction, replies.privacy_reply(stored, LOOKS))


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Privacy(bot))
