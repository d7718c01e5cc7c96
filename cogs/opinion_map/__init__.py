"""/vote and /map: Pol.is-style opinion groups and consensus, drawn from the positions ledger.

``/map`` is a group (``/map group``, ``/map me``) because Discord cannot invoke a command that
has subcommands by itself: ``/map`` and ``/map me`` cannot both exist. The work is in
bot/actions/opinion_map.py, the words in bot/replies/opinion_map.py (shared with Slack).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions import opinion_map as actions
from bot.actions.opinion_map import Mapped
from bot.replies import opinion_map as replies
from bot.replies.commands import discord_spelling
from bot.replies.model import Reply
from bot.ui import reply
from bot.ui.checks import guild_id_of
from bot.ui.cooldowns import expensive
from bot.ui.map_charts import map_chart
from bot.ui.member_names import display_names
from cogs.opinion_map._views import VoteButton, show_deal

if TYPE_CHECKING:
    from bot.app import Roundtable

MOTIONS_HELP = 'Motion numbers like "1,2,5" or "1-8", or a pack\'s name; every motion when left out'


class OpinionMapCog(commands.Cog):
    feature = "Opinion map"

    map = app_commands.Group(
        name="map",
        description="The group's opinion map: who thinks alike, and what everyone shares",
        guild_only=True,
    )

    def __init__(self, bot: Roundtable) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(VoteButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(VoteButton)

    @app_commands.command(name="vote", description="Answer the motions you have no stance on, one at a time")
    @app_commands.guild_only()
    async def vote(self, interaction: discord.Interaction) -> None:
        async with self.bot.db.unit_of_work() as session:
            deal = await actions.deal(
                session, space_id=guild_id_of(interaction), member_id=interaction.user.id
            )
        await show_deal(interaction, deal, edit=False)

    async def _compute(
        self, interaction: discord.Interaction, motions: str | None, *, ephemeral: bool
    ) -> Mapped:
        async def started() -> None:
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)

        async with self.bot.db.unit_of_work() as session:
            return await actions.build(
                session, space_id=guild_id_of(interaction), motions=motions, started=started
            )

    @map.command(name="group", description="Draw the opinion groups, what each believes, and the consensus")
    @app_commands.describe(motions=MOTIONS_HELP)
    @expensive("map")
    async def map_group(self, interaction: discord.Interaction, motions: str | None = None) -> None:
        mapped = await self._compute(interaction, motions, ephemeral=False)
        result = mapped.result
        if not result.ready:
            await reply.answer(interaction, replies.shortfall_reply(result, discord_spelling))
            return
        names = await display_names(interaction.guild, mapped.to_name)
        chart = await map_chart(mapped, names, title="Opinion map")
        card = replies.map_card(result, mapped.motions, discord_spelling)
        await reply.answer(interaction, Reply(cards=[card], files=[chart]))

    @map.command(name="me", description="Which opinion group you are in and what it believes (private)")
    @app_commands.describe(motions=MOTIONS_HELP)
    @expensive("map")
    async def map_me(self, interaction: discord.Interaction, motions: str | None = None) -> None:
        mapped = await self._compute(interaction, motions, ephemeral=True)
        result, member_id = mapped.result, interaction.user.id
        if not result.ready:
            await reply.answer(
                interaction, replies.shortfall_reply(result, discord_spelling, member_id=member_id)
            )
            return
        if result.placement(member_id) is None:
            card = replies.me_card(result, mapped.motions, member_id, discord_spelling, image=False)
            await reply.answer(interaction, Reply(cards=[card], private=True))
            return
        names = await display_names(interaction.guild, mapped.to_name)
        chart = await map_chart(mapped, names, title="Where you stand", highlight=member_id)
        card = replies.me_card(result, mapped.motions, member_id, discord_spelling, image=True)
        await reply.answer(interaction, Reply(cards=[card], files=[chart], private=True))


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(OpinionMapCog(bot))
