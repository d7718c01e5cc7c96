"""/pack list and /pack use: which loaded content pack (article) this server reads.
/pack reload: moderators apply edited pack files without a restart, in every process."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions import packs as actions
from bot.replies import packs as replies
from bot.services import content
from bot.ui import reply
from bot.ui.checks import guild_id_of, require_moderator
from bot.ui.limits import CHOICE_NAME, CHOICES, clip

if TYPE_CHECKING:
    from bot.app import Roundtable


class Packs(commands.Cog):
    feature = "Content packs"

    pack = app_commands.Group(
        name="pack", description="The articles (content packs) this server can read", guild_only=True
    )

    def __init__(self, bot: Roundtable) -> None:
        self.bot = bot

    async def pack_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.casefold().strip()
        async with self.bot.db.unit_of_work() as session:
            packs = await content.list_packs(session)
        found = [p for p in packs if needle in p.slug or needle in p.title.casefold()][:CHOICES]
        return [
            app_commands.Choice(name=clip(f"{p.title} ({p.slug})", CHOICE_NAME), value=p.slug) for p in found
        ]

    @pack.command(name="list", description="The loaded content packs, and which one this server reads")
    async def list_(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            listed = await actions.list_packs(session, guild_id)
        await reply.answer(interaction, replies.list_reply(listed, space="server"))

    @pack.command(name="use", description="Moderators: choose the article this server reads")
    @app_commands.describe(pack="The pack's id or title (see /pack list)")
    @app_commands.autocomplete(pack=pack_autocomplete)
    async def use(self, interaction: discord.Interaction, pack: app_commands.Range[str, 1, 64]) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            await require_moderator(session, interaction)
            choice = await actions.use_pack(session, self.bot.indexes, guild_id, pack, self.bot.clock())
        await reply.answer(interaction, replies.use_reply(choice, space="server"))

    # --- /pack reload (other processes see it through bot.services.pack_index) --------------------

    @pack.command(name="reload", description="Moderators: read the packs folder again and apply what changed")
    async def reload(self, interaction: discord.Interaction) -> None:
        async with self.bot.db.unit_of_work() as session:
            await require_moderator(session, interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        await reply.answer(interaction, replies.reload_reply(await actions.reload_packs(self.bot)))


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Packs(bot))
