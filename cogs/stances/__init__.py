"""/stance: set, history, summary, privacy and forget — the member's side of the positions ledger."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Motion
from bot.services import motions, positions, privacy
from bot.ui import reply
from bot.ui.autocomplete import motion_autocomplete
from bot.ui.charts import chart_file, render
from bot.ui.checks import guild_id_of
from bot.ui.cooldowns import expensive
from bot.ui.privacy import stored_embed
from bot.ui.stance_charts import alt_text, distribution_figure
from cogs.stances._render import motion_label, summary_embed
from cogs.stances._views import ForgetButton, HistoryPage, forget_buttons, load_history

if TYPE_CHECKING:
    from bot.app import Roundtable

log = logging.getLogger(__name__)

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
        value = positions.parse_stance(stance)
        user_id = interaction.user.id

        async def record(session: AsyncSession) -> tuple[Motion, int | None, bool]:
            found = await motions.resolve_motion(session, guild_id, motion)
            previous, private = await positions.stance_and_privacy(
                session, guild_id=guild_id, user_id=user_id, motion_id=found.id
            )
            await positions.record_stance(
                session,
                guild_id=guild_id,
                user_id=user_id,
                motion_id=found.id,
                value=value,
                source=positions.SELF,
                now=self.bot.clock(),
                reason=reason,
            )
            return found, previous, private

        busy = self.bot.under_load()
        async with reply.acknowledge_if_busy(interaction, busy, self.bot.deferred_work, ephemeral=True):
            # One unit of work, retried when SQLite stays busy (a burst of writers: see docs/benchmarks.md).
            found, previous, private = await self.bot.db.run(record)
        label = positions.stance_label(value)
        if previous is None:
            change = f"• **{label}**"
        elif previous == value:
            change = f"→ **{label}** (unchanged, noted again)"
        else:
            change = (
                f"{positions.shift_arrow(previous, value)} {positions.stance_label(previous)} → **{label}**"
            )
        text = f"Recorded on **{motion_label(found)}**: {change}."
        if reason:
            text += f"\nReason: {reason}"
        text += (
            "\nYour stances are **private**: others only see them counted in totals."
            if private
            else "\nYour stances are public in this server (`/stance privacy` to change)."
        )
        await reply.send(interaction, text, ephemeral=True)

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
            motion_id = (await motions.resolve_motion(session, guild_id, motion)).id if motion else None
            shown = await load_history(
                session,
                guild_id=guild_id,
                viewer_id=interaction.user.id,
                member_id=member_id,
                motion_id=motion_id,
                page=0,
            )
        # Always private: a history holds reasons, and asking about someone need not tell the channel.
        await reply.send(interaction, embed=shown.embed, view=shown.view, ephemeral=True)

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
        since_at = positions.parse_since(since) if since else None
        async with self.bot.db.unit_of_work() as session:
            found = await motions.resolve_motion(session, guild_id, motion)
            result = await positions.summary(
                session, guild_id=guild_id, motion_id=found.id, now=self.bot.clock(), since=since_at
            )
            private = await positions.private_members(session, guild_id)
        if result.current.total == 0 and result.shift is None:
            await reply.send(
                interaction,
                f"Nobody has taken a stance on **{motion_label(found)}** yet. Be the first: `/stance set`.",
            )
            return
        await reply.think(interaction)
        baseline = result.shift.baseline if result.shift and result.shift.baseline.total else None
        since_shown = result.shift.since if result.shift else None
        png = await render(distribution_figure, motion_label(found), result.current, baseline)
        alt = alt_text(motion_label(found), result.current, baseline, since_shown)
        await reply.send(
            interaction,
            embed=summary_embed(found, result, private, chart=True),
            file=chart_file(png, "stances.png", alt),
        )

    @stance.command(
        name="privacy", description="Show your stances to the group by name, or keep them private"
    )
    @app_commands.describe(visibility="private: others only see you counted in totals")
    @app_commands.choices(visibility=VISIBILITY_CHOICES)
    async def privacy_setting(self, interaction: discord.Interaction, visibility: str) -> None:
        guild_id = guild_id_of(interaction)
        private = visibility == "private"
        async with self.bot.db.unit_of_work() as session:
            await positions.set_private(
                session, guild_id=guild_id, user_id=interaction.user.id, private=private, now=self.bot.clock()
            )
        text = (
            "Your stances are now **private** in this server: others see them only counted in totals "
            "(summaries, maps); exports show you under a pseudonym. You still see your own."
            if private
            else "Your stances are now **public** in this server: others can see them by name."
        )
        await reply.send(interaction, text, ephemeral=True)

    @stance.command(name="forget", description="Delete every stance and vote of yours in this server")
    async def forget(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            stored = await privacy.stored_about_member(
                session,
                guild_id=guild_id,
                user_id=interaction.user.id,
                hash_key=self.bot.settings.vote_hash_key,
            )
        if stored.total == 0 and not (
            stored.motions_proposed or stored.polls_created or stored.debates_moderated
        ):
            await reply.send(
                interaction,
                "Nothing about you is stored in this server: no stances, votes, settings or debate "
                "contributions, so there is nothing to forget.",
                ephemeral=True,
            )
            return
        embed = stored_embed(
            stored,
            title="Forget everything about you here?",
            intro=(
                "This deletes your stances and their history, your privacy setting, your poll votes "
                "(anonymous ones too) and your debate votes, sides and arguments in this server. "
                "It cannot be undone. Other servers are not affected."
            ),
        )
        issued = int(self.bot.clock().timestamp())
        await reply.send(
            interaction, embed=embed, view=forget_buttons(interaction.user.id, issued), ephemeral=True
        )


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Stances(bot))
