"""/export positions: the guild's stance ledger as CSV, private members under stable pseudonyms."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions import stances as actions
from bot.replies import stances as replies
from bot.ui import reply
from bot.ui.checks import guild_id_of, require_moderator
from bot.ui.member_names import display_names

if TYPE_CHECKING:
    from bot.app import Roundtable


class Export(commands.Cog):
    feature = "Export"

    export = app_commands.Group(name="export", description="Download the group's data", guild_only=True)

    def __init__(self, bot: Roundtable) -> None:
        self.bot = bot

    @export.command(name="positions", description="Every stance and change as CSV (moderators; privacy kept)")
    async def positions_csv(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            await require_moderator(session, interaction)
            exported = await actions.export_positions(
                session, space_id=guild_id, hash_key=self.bot.settings.vote_hash_key
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        # Discord's display names as the server shows them now (the registry may not hold them).
        names = await display_names(
            interaction.guild, {r.member_id for r in exported.rows if r.member_id is not None}
        )
        await reply.answer(interaction, replies.export_reply(exported, names, self.bot.clock()))


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Export(bot))
