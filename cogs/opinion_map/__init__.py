"""/vote and /map: Pol.is-style opinion groups and consensus, drawn from the positions ledger.

``/map`` is a group (``/map group``, ``/map me``) because Discord cannot invoke a command that
has subcommands by itself: ``/map`` and ``/map me`` cannot both exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.models import Motion
from bot.services import opinion_map, opinion_votes, positions
from bot.services.opinion_map import OpinionMap
from bot.ui import reply
from bot.ui.charts import chart_file, render
from bot.ui.checks import guild_id_of
from bot.ui.cooldowns import expensive
from bot.ui.map_charts import MAX_NAMED, MapDot, opinion_scatter
from bot.ui.member_names import display_names
from cogs.opinion_map._render import FILENAME, alt_text, map_embed, me_embed, shortfall_text
from cogs.opinion_map._views import VoteButton, show_deal

if TYPE_CHECKING:
    from bot.app import Roundtable

MOTIONS_HELP = 'Motion numbers like "1,2,5" or "1-8", or a pack\'s name; every motion when left out'


async def _names(guild: discord.Guild | None, m: OpinionMap, private: set[int]) -> dict[int, str]:
    """Display names of the members on the map, except private ones; fetched (the bot has no
    members intent) only when the chart will label them."""
    if len(m.points) > MAX_NAMED:
        return {}
    return await display_names(guild, [p.user_id for p in m.points if p.user_id not in private])


def _dots(m: OpinionMap, names: dict[int, str], highlight: int | None = None) -> list[MapDot]:
    return [
        MapDot(p.x, p.y, p.group, names.get(p.user_id), highlight=p.user_id == highlight) for p in m.points
    ]


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
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            deal = await opinion_votes.next_motion(session, guild_id, interaction.user.id)
        await show_deal(interaction, deal, edit=False)

    async def _compute(
        self, interaction: discord.Interaction, motions: str | None, *, ephemeral: bool
    ) -> tuple[OpinionMap, dict[int, Motion], set[int]]:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            chosen = await opinion_map.resolve_motion_set(session, guild_id, motions)
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)
            result = await opinion_map.build_map(session, guild_id, [m.id for m in chosen])
            private = await positions.private_members(session, guild_id, [p.user_id for p in result.points])
        return result, {m.id: m for m in chosen}, private

    @map.command(name="group", description="Draw the opinion groups, what each believes, and the consensus")
    @app_commands.describe(motions=MOTIONS_HELP)
    @expensive("map")
    async def map_group(self, interaction: discord.Interaction, motions: str | None = None) -> None:
        result, by_id, private = await self._compute(interaction, motions, ephemeral=False)
        if not result.ready:
            await reply.send(interaction, shortfall_text(result))
            return
        alt = alt_text(result, by_id)
        labels = [f"Group {g.label}" for g in result.groups]
        dots = _dots(result, await _names(interaction.guild, result, private))
        png = await render(opinion_scatter, "Opinion map", dots, labels)
        await reply.send(interaction, embed=map_embed(result, by_id), file=chart_file(png, FILENAME, alt))

    @map.command(name="me", description="Which opinion group you are in and what it believes (private)")
    @app_commands.describe(motions=MOTIONS_HELP)
    @expensive("map")
    async def map_me(self, interaction: discord.Interaction, motions: str | None = None) -> None:
        result, by_id, private = await self._compute(interaction, motions, ephemeral=True)
        user_id = interaction.user.id
        if not result.ready:
            votes = result.vote_counts.get(user_id, 0)
            await reply.send(
                interaction, f"{shortfall_text(result)}\nYou have answered {votes} of them.", ephemeral=True
            )
            return
        if result.placement(user_id) is None:
            await reply.send(interaction, embed=me_embed(result, by_id, user_id, image=False), ephemeral=True)
            return
        alt = alt_text(result, by_id)
        labels = [f"Group {g.label}" for g in result.groups]
        dots = _dots(result, await _names(interaction.guild, result, private), highlight=user_id)
        png = await render(opinion_scatter, "Where you stand", dots, labels)
        await reply.send(
            interaction,
            embed=me_embed(result, by_id, user_id, image=True),
            file=chart_file(png, FILENAME, alt),
            ephemeral=True,
        )


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(OpinionMapCog(bot))
