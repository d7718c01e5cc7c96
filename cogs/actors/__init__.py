"""/who, /actors, /ask and /source: the article's actors and text, always with ¶ numbers."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.packs import ACTOR_KINDS
from bot.services import actors as actor_service
from bot.services import ask as ask_service
from bot.services.pack_index import PackIndex
from bot.ui import reply
from bot.ui.actor_embeds import actor_card, answer_card, did_you_mean, not_covered, source_card
from bot.ui.checks import guild_id_of
from bot.ui.cooldowns import expensive
from bot.ui.limits import CHOICE_NAME, CHOICES, clip
from cogs.actors._views import ActorsPageButton, WhoButton, actors_message, choices_view

if TYPE_CHECKING:
    from bot.app import Roundtable

log = logging.getLogger(__name__)

KIND_CHOICES = [app_commands.Choice(name=kind, value=kind) for kind in ACTOR_KINDS]


class Actors(commands.Cog):
    feature = "Actors and questions"

    def __init__(self, bot: Roundtable) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(WhoButton, ActorsPageButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(WhoButton, ActorsPageButton)

    async def _index(self, interaction: discord.Interaction, *, acknowledge: bool = False) -> PackIndex:
        """The guild's pack, from memory when its choice is known (no unit of work at all).

        With ``acknowledge``, a lookup made under load acknowledges the interaction first (the
        answer then comes as a public follow-up, a "did you mean" included).
        """
        guild_id = guild_id_of(interaction)
        index = self.bot.indexes.cached_for_guild(guild_id)
        if index is not None:
            return index
        busy = acknowledge and self.bot.under_load()
        async with reply.acknowledge_if_busy(interaction, busy, self.bot.deferred_work, ephemeral=False):
            async with self.bot.db.unit_of_work() as session:
                return await self.bot.indexes.for_guild(session, guild_id)

    async def actor_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        index = await self._index(interaction)
        found = actor_service.autocomplete(index, current[:100], limit=CHOICES)
        return [
            app_commands.Choice(
                name=clip(f"{a.name} ({a.kind})", CHOICE_NAME), value=a.name if len(a.name) <= 100 else a.id
            )
            for a in found
        ]

    @app_commands.command(
        name="who", description="Who is this actor, and what does the article say about them?"
    )
    @app_commands.describe(actor="A name, alias, capital or office, e.g. ASEAN, Kishida, Tokyo")
    @app_commands.autocomplete(actor=actor_autocomplete)
    @app_commands.guild_only()
    async def who(self, interaction: discord.Interaction, actor: app_commands.Range[str, 1, 200]) -> None:
        index = await self._index(interaction, acknowledge=True)
        result = actor_service.resolve(index, actor)
        # Under load, acknowledge before building the card (a "did you mean" stays private).
        busy = self.bot.under_load(waits_for_database=False)  # the index is in memory now
        private = result.actor is None
        async with reply.acknowledge_if_busy(interaction, busy, self.bot.deferred_work, ephemeral=private):
            if result.actor is not None:
                await reply.send(interaction, embed=actor_card(index, result.actor))
                return
            slugs = [a.id for a in result.candidates]
            view = choices_view(index, slugs) if slugs else None
            await reply.send(interaction, did_you_mean(result), view=view, ephemeral=True)

    @app_commands.command(name="actors", description="Every actor the article names, grouped by kind")
    @app_commands.describe(kind="Only this kind: state, person, organisation, grouping ...")
    @app_commands.choices(kind=KIND_CHOICES)
    @app_commands.guild_only()
    async def actors(self, interaction: discord.Interaction, kind: str | None = None) -> None:
        index = await self._index(interaction)
        embed, view = actors_message(index, kind, 0)
        await reply.send(interaction, embed=embed, view=view)

    @app_commands.command(
        name="ask", description="Ask a question; the answer comes from the article, with ¶ numbers"
    )
    @app_commands.describe(question="e.g. Why does France object to a NATO office in Tokyo?")
    @app_commands.guild_only()
    @expensive("ask")
    async def ask(self, interaction: discord.Interaction, question: app_commands.Range[str, 3, 300]) -> None:
        # Ranking the passages is the costly part: when interactions queue, acknowledge first.
        busy = self.bot.under_load(waits_for_database=False)
        async with reply.acknowledge_if_busy(interaction, busy, self.bot.deferred_work, ephemeral=False):
            index = await self._index(interaction, acknowledge=True)
            answer = ask_service.ask(index, question)
        if not answer.covered:
            # Private: nothing to show the channel. (Only when the bot was too busy to answer at
            # once has a public "thinking" already fixed this reply's visibility: Discord's rule.)
            await reply.send(interaction, not_covered(index, question), ephemeral=True)
            return
        await reply.send(interaction, embed=answer_card(index, answer))

    @app_commands.command(
        name="source", description="One paragraph of the article: summary, facts, quotations, actors"
    )
    @app_commands.describe(paragraph="The paragraph number (¶)")
    @app_commands.guild_only()
    async def source(
        self, interaction: discord.Interaction, paragraph: app_commands.Range[int, 1, 500]
    ) -> None:
        index = await self._index(interaction)
        actor_service.check_paragraph(index, paragraph)
        await reply.send(interaction, embed=source_card(index, paragraph))


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Actors(bot))
