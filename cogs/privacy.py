"""/privacy: what Roundtable stores about you in this server (and how to remove it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.services import privacy
from bot.ui import reply
from bot.ui.checks import guild_id_of
from bot.ui.privacy import stored_embed

if TYPE_CHECKING:
    from bot.app import Roundtable


class Privacy(commands.Cog):
    feature = "Privacy"

    def __init__(self, bot: Roundtable) -> None:
        self.bot = bot

    @app_commands.command(name="privacy", description="What Roundtable stores about you in this server")
    @app_commands.guild_only()
    async def privacy(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            stored = await privacy.stored_about_member(
                session,
                guild_id=guild_id,
                user_id=interaction.user.id,
                hash_key=self.bot.settings.vote_hash_key,
            )
        embed = stored_embed(
            stored,
            title="What Roundtable stores about you here",
            intro=(
                "Only what you did in this server, linked to your member id. "
                "`/stance privacy visibility:private` hides your stances from others "
                "(they still count in totals); "
                "`/stance forget` deletes all of it; `/stance history` shows your stances."
            ),
        )
        await reply.send(interaction, embed=embed, ephemeral=True)


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Privacy(bot))
