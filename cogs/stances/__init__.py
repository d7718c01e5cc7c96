"""/stance: set, history, summary, privacy and forget — the member's side of the positions ledger.

Each command parses, calls its action (bot/actions/stances.py) in one unit of work and answers
with the shared reply (bot/replies/stances.py); the Slack front end does the same.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.actions import stances as actions
from bot.replies import stances as replies
from bot.replies.looks import discord_looks
from bot.replies.model import Reply
from bot.services import positions
from bot.ui import reply
from bot.ui.autocomplete import motion_autocomplete
from bot.ui.checks import guild_id_of
from bot.ui.cooldowns import expensive
from bot.ui.stance_charts import summary_chart
from cogs.stances._views import ForgetButton, HistoryPage

if TYPE_CHECKING:
    from bot.app import Roundtable

log = logging.getLogger(__name__)

LOOKS = discord_looks()
STANCE_CHOICES = [
    app_commands.Choice(name=label, value=label) for _value, label in sorted(positions.STANCES.items())
]
VISIBILITY_CHOICES = [app_commands.Choice(name=v, value=v) for v in ("public", "private")]


class Stances(commands.Cog):
    feature = "Stances"

    stance = app_commands.Group(
        name="stance",
        description="Your stances on the motions, their history and the group's",
        guild_only=True,
    )

    def __init__(self, bot: Roundtable) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(HistoryPage, ForgetButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(HistoryPage, ForgetButton)

    @stance.command(name="set", description="Record your stance on a motion (every change is kept)")
    @app_commands.describe(
        motion="The motion: its number (3 or #3) or words from it",
        stance="Where you stand",
        reason="Why, in a sentence (optional; others see it unless your stances are private)",
    )
    @app_commands.autocomplete(motion=motion_autocomplete)
    @app_commands.choices(stance=STANCE_CHOICES)
    async def set_stance(
        self,
        interaction: discord.Interaction,
        motion: str,
        stance: str,
        reason: app_commands.Range[str, 1, positions.REASON_LIMIT] | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        positions.parse_stance(stance)  # a wrong stance is refused before any waiting
        busy = self.bot.under_load()
        async with reply.acknowledge_if_busy(interaction, busy, self.bot.deferred_work, ephemeral=True):
            # One unit of work, retried when SQLite stays busy (a burst of writers: see docs/benchmarks.md).
            recorded = await self.bot.db.run(
                actions.set_stance,
                space_id=guild_id,
                member_id=interaction.user.id,
                motion=motion,
                stance=stance,
                reason=reason,
                now=self.bot.clock(),
            )
        await reply.answer(interaction, replies.recorded_reply(recorded, LOOKS))

    @stance.command(
        name="history", description="A member's stances over time, with the changes of mind marked"
    )
    @app_commands.describe(
        member="Whose history (default: yours)", motion="Only this motion (number or words)"
    )
    @app_commands.autocomplete(motion=motion_autocomplete)
    async def history(
        self,
        interaction: discord.Interaction,
        member: discord.Member | None = None,
        motion: str | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        member_id = member.id if member is not None else interaction.user.id
        async with self.bot.db.unit_of_work() as session:
            shown = await actions.history(
                session, space_id=guild_id, viewer_id=interaction.user.id, member_id=member_id, motion=motion
            )
        await reply.answer(interaction, replies.history_reply(shown, LOOKS))

    @stance.command(name="summary", description="Where the group stands on a motion, and how it moved")
    @app_commands.describe(
        motion="The motion: its number (3 or #3) or words from it",
        since="The shift since a day (YYYY-MM-DD) or a debate's start (its number); "
        "default: the latest debate",
    )
    @app_commands.autocomplete(motion=motion_autocomplete)
    @expensive("chart")
    async def summary(
        self,
        interaction: discord.Interaction,
        motion: str,
        since: app_commands.Range[str, 1, 40] | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            summarised = await actions.summary(
                session, space_id=guild_id, motion=motion, since=since, now=self.bot.clock()
            )
        if summarised.empty:
            await reply.answer(interaction, replies.summary_reply(summarised, LOOKS, None))
            return
        await reply.think(interaction)
        chart = await summary_chart(summarised)
        await reply.answer(interaction, replies.summary_reply(summarised, LOOKS, chart))

    @stance.command(
        name="privacy", description="Show your stances to the group by name, or keep them private"
    )
    @app_commands.describe(visibility="private: others only see you counted in totals")
    @app_commands.choices(visibility=VISIBILITY_CHOICES)
    async def privacy_setting(self, interaction: discord.Interaction, visibility: str) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            private = await actions.set_privacy(
                session,
                space_id=guild_id,
                member_id=interaction.user.id,
                private=visibility == "private",
                now=self.bot.clock(),
            )
        await reply.answer(interaction, Reply(text=replies.privacy_text(private, LOOKS), private=True))

    @stance.command(name="forget", description="Delete every stance and vote of yours in this server")
    async def forget(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            stored = await actions.stored(
                session,
                space_id=guild_id,
                member_id=interaction.user.id,
                hash_key=self.bot.settings.vote_hash_key,
            )
        if not actions.has_anything(stored):
            await reply.answer(interaction, Reply(text=replies.nothing_stored_text(LOOKS), private=True))
            return
        issued = int(self.bot.clock().timestamp())
        await reply.answer(interaction, replies.forget_question(stored, interaction.user.id, issued, LOOKS))


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Stances(bot))
