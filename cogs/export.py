"""/export positions: the guild's stance ledger as CSV, private members under stable pseudonyms."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.services import positions
from bot.services.voter_keys import vote_secret
from bot.text import plural
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
            secret = await vote_secret(session, self.bot.settings.vote_hash_key)
            rows = await positions.export_rows(session, guild_id=guild_id, secret=secret)
        await interaction.response.defer(ephemeral=True, thinking=True)
        names = await display_names(interaction.guild, {r.member_id for r in rows if r.member_id is not None})
        text = positions.export_csv(rows, names)
        stamp = self.bot.clock().strftime("%Y%m%d-%H%M")
        file = discord.File(io.BytesIO(text.encode("utf-8")), filename=f"positions-{stamp}.csv")
        members = len({row.member_id or row.pseudonym for row in rows})
        private = len({row.pseudonym for row in rows if row.pseudonym})
        await reply.send(
            interaction,
            f"{plural(len(rows), 'stance')} by {plural(members, 'member')}, one row per stance; "
            f"`current` marks the latest. {plural(private, 'private member')} "
            f"{'appears' if private == 1 else 'appear'} "
            "under a pseudonym that stays the same in every export.",
            file=file,
            ephemeral=True,
        )


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Export(bot))
