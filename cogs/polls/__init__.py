"""/poll: create (or quick, from a motion), vote with buttons, close, list, results with a chart, export."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import polls as actions
from bot.models import Job
from bot.replies import polls as replies
from bot.replies.poll_manage import scheduled_text
from bot.scheduler import After
from bot.services import polls
from bot.services.polls import PollState
from bot.services.polls.rules import OPEN_JOB, REMIND_JOB
from bot.services.polls.schedule import is_scheduled
from bot.ui import reply
from bot.ui.autocomplete import motion_autocomplete
from bot.ui.cards import to_file
from bot.ui.checks import guild_id_of, is_moderator
from bot.ui.cooldowns import expensive
from bot.ui.limits import CHOICE_NAME, CHOICES, EMBED_DESCRIPTION, chunk_lines, clamp_embeds, clip
from bot.ui.member_names import display_names
from bot.ui.poll_charts import results_chart
from cogs.polls import _manage
from cogs.polls._ballots import CONTROL_ITEMS
from cogs.polls._render import list_lines, poll_embed, results_embed, stamp
from cogs.polls._views import PollButton, poll_view

if TYPE_CHECKING:
    from bot.app import Roundtable

log = logging.getLogger(__name__)

RESULTS_CHOICES = [
    app_commands.Choice(name="live: everyone sees the counts as votes come in", value="live"),
    app_commands.Choice(name="after close: counts for everyone once the poll closes", value="after_close"),
    app_commands.Choice(name="creator: only you and the moderators see the counts", value="creator"),
]


@app_commands.guild_only()
class Polls(commands.GroupCog, group_name="poll", group_description="Polls: anonymous, timed, charted"):
    feature = "Polls"

    def __init__(self, bot: Roundtable) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(PollButton, *CONTROL_ITEMS, *_manage.DYNAMIC_ITEMS)
        self.bot.scheduler.register(polls.CLOSE_JOB, self._close_job)
        self.bot.scheduler.register(OPEN_JOB, _manage.open_job(self.bot))
        self.bot.scheduler.register(REMIND_JOB, _manage.remind_job(self.bot))

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(PollButton, *CONTROL_ITEMS, *_manage.DYNAMIC_ITEMS)
        self.bot.scheduler.unregister(polls.CLOSE_JOB)
        self.bot.scheduler.unregister(OPEN_JOB)
        self.bot.scheduler.unregister(REMIND_JOB)

    # ------------------------------------------------------------ commands

    @app_commands.command(name="create", description="Start a poll with buttons: 2-25 options separated by ;")
    @app_commands.describe(
        question="What to ask (up to 256 characters)",
        options="Options separated by semicolons, like: Yes; No; Not sure (each up to 80 characters)",
        multiple="Let members pick several options (default: one)",
        anonymous="Nobody, moderators included, can see who voted what",
        minutes="Close automatically after this many minutes",
        hide_results="Hide the counts from everyone until the poll closes (results: after_close)",
        motion="Link a motion: votes become stances in the ledger (no options: the five stances)",
        results="Who sees the counts: live, after the close, or only you and the moderators",
        max_choices="Members may pick up to this many options",
        ranked="Members order the options; the winner is found by instant runoff",
        member_options="Let members add options",
        duration="Close automatically after 90m, 2h, 1d... (up to 7 days)",
        remind="Post a reminder this long before the close, like 30m",
        opens="Post the poll later: a UTC time like 14:00, or a duration from now like 2h",
    )
    @app_commands.choices(results=RESULTS_CHOICES)
    @app_commands.autocomplete(motion=motion_autocomplete)
    async def create(
        self,
        interaction: discord.Interaction,
        question: str,
        options: str | None = None,
        multiple: bool = False,
        anonymous: bool = False,
        minutes: int | None = None,
        hide_results: bool = False,
        motion: str | None = None,
        results: str | None = None,
        max_choices: app_commands.Range[int, 1, 25] | None = None,
        ranked: bool = False,
        member_options: bool = False,
        duration: str | None = None,
        remind: str | None = None,
        opens: str | None = None,
    ) -> None:
        await self._start(
            interaction,
            question=question,
            options=options,
            multiple=multiple,
            anonymous=anonymous,
            minutes=minutes,
            hide_results=hide_results,
            motion=motion,
            results=results,
            max_choices=max_choices,
            ranked=ranked,
            member_options=member_options,
            duration=duration,
            remind=remind,
            opens=opens,
        )

    @app_commands.command(name="quick", description="A ready-made poll on one of the article's motions")
    @app_commands.describe(
        motion="The motion to poll (the five stances, recorded in the ledger unless anonymous)",
        minutes="Close automatically after this many minutes",
        anonymous="Nobody, moderators included, can see who voted what (no ledger entries)",
        hide_results="Hide the counts from everyone until the poll closes (results: after_close)",
        results="Who sees the counts: live, after the close, or only you and the moderators",
        duration="Close automatically after 90m, 2h, 1d... (up to 7 days)",
        remind="Post a reminder this long before the close, like 30m",
        opens="Post the poll later: a UTC time like 14:00, or a duration from now like 2h",
    )
    @app_commands.choices(results=RESULTS_CHOICES)
    @app_commands.autocomplete(motion=motion_autocomplete)
    async def quick(
        self,
        interaction: discord.Interaction,
        motion: str,
        minutes: int | None = None,
        anonymous: bool = False,
        hide_results: bool = False,
        results: str | None = None,
        duration: str | None = None,
        remind: str | None = None,
        opens: str | None = None,
    ) -> None:
        await self._start(
            interaction,
            question=None,
            options=None,
            multiple=False,
            anonymous=anonymous,
            minutes=minutes,
            hide_results=hide_results,
            motion=motion,
            results=results,
            duration=duration,
            remind=remind,
            opens=opens,
        )

    @app_commands.command(
        name="close", description="Close a poll now and post its results (creator or moderator)"
    )
    @app_commands.describe(poll="The poll (default: the newest open one)")
    async def close(self, interaction: discord.Interaction, poll: str | None = None) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            state = await actions.close(
                session,
                space_id=guild_id,
                poll=poll,
                member_id=interaction.user.id,
                is_moderator=lambda: is_moderator(session, interaction),
                now=self.bot.clock(),
            )
        # Results that are not public (creator mode) go to the closer alone.
        private = not state.results_visible
        await reply.think(interaction, ephemeral=private)
        await self._finish_poll_message(state)
        chart = await results_chart(state)
        await reply.send(interaction, embed=results_embed(state), file=chart, ephemeral=private)
        if private and isinstance(interaction.channel, discord.abc.Messageable):
            await reply.post(interaction.channel, replies.closed_text(state))  # the close, not the counts

    @app_commands.command(name="results", description="A poll's counts, shares and bar chart")
    @app_commands.describe(poll="The poll (default: the newest one)")
    @expensive("chart")
    async def results(self, interaction: discord.Interaction, poll: str | None = None) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            state = await actions.results(
                session,
                space_id=guild_id,
                poll=poll,
                viewer_id=interaction.user.id,
                is_moderator=lambda: is_moderator(session, interaction),
            )
        # Counts that are not public yet are the creator's and moderators': shown to them alone.
        private = not state.results_visible
        await reply.think(interaction, ephemeral=private)
        chart = await results_chart(state)
        await reply.send(interaction, embed=results_embed(state), file=chart, ephemeral=private)

    @app_commands.command(name="list", description="The open polls in this server (or the closed ones)")
    @app_commands.describe(closed="The closed polls instead, with their results")
    async def list_open(self, interaction: discord.Interaction, closed: bool = False) -> None:
        guild_id = guild_id_of(interaction)
        if closed:
            await _manage.list_closed(interaction)
            return
        async with self.bot.db.unit_of_work() as session:
            items = await actions.open_list(session, space_id=guild_id)
        if not items:
            await reply.send(interaction, replies.no_open_polls("server"), ephemeral=True)
            return
        pages = chunk_lines(list_lines(guild_id, items), EMBED_DESCRIPTION)
        embeds = [
            discord.Embed(
                title="Open polls" if i == 0 else None, description=page, colour=discord.Colour.blurple()
            )
            for i, page in enumerate(pages)
        ]
        await reply.send(interaction, embeds=embeds, ephemeral=True)

    @app_commands.command(
        name="export",
        description="A poll as a CSV file (who voted what: the creator and moderators, never if anonymous)",
    )
    @app_commands.describe(poll="The poll (default: the newest one)")
    async def export(self, interaction: discord.Interaction, poll: str | None = None) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            exported = await actions.export(
                session,
                space_id=guild_id,
                poll=poll,
                viewer_id=interaction.user.id,
                is_moderator=lambda: is_moderator(session, interaction),
                hash_key=self.bot.settings.vote_hash_key,
                from_registry=False,
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = exported.data
        names = await display_names(interaction.guild, data.named_members)
        file = to_file(replies.export_file(data, names))
        await reply.send(interaction, replies.export_note(data), file=file, ephemeral=True)

    @app_commands.command(
        name="manage",
        description="Your poll's controls, privately: close, extend, reopen, edit, who hasn't voted",
    )
    @app_commands.describe(poll="The poll (default: the newest one)")
    async def manage(self, interaction: discord.Interaction, poll: str | None = None) -> None:
        await _manage.show_panel_for(interaction, poll)

    # ------------------------------------------------------------ autocomplete

    @close.autocomplete("poll")
    async def _open_poll_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._poll_choices(interaction, current, open_only=True)

    @results.autocomplete("poll")
    @export.autocomplete("poll")
    @manage.autocomplete("poll")
    async def _poll_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._poll_choices(interaction, current, open_only=False)

    async def _poll_choices(
        self, interaction: discord.Interaction, current: str, *, open_only: bool
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        async with self.bot.db.unit_of_work() as session:
            found = await actions.choices(
                session, space_id=interaction.guild_id, typed=current, open_only=open_only, limit=CHOICES
            )
        return [
            app_commands.Choice(
                name=clip(f"#{p.id} {p.question}" + (" (closed)" if p.closed_at else ""), CHOICE_NAME),
                value=str(p.id),
            )
            for p in found
        ]

    # ------------------------------------------------------------ helpers

    async def _start(
        self,
        interaction: discord.Interaction,
        *,
        question: str | None,
        options: str | None,
        multiple: bool,
        anonymous: bool,
        minutes: int | None,
        hide_results: bool,
        motion: str | None,
        results: str | None = None,
        max_choices: int | None = None,
        ranked: bool = False,
        member_options: bool = False,
        duration: str | None = None,
        remind: str | None = None,
        opens: str | None = None,
    ) -> None:
        guild_id = guild_id_of(interaction)
        channel_id = interaction.channel_id
        assert channel_id is not None

        async def post(state: PollState) -> int:
            sent = await reply.send(interaction, embed=poll_embed(state), view=poll_view(state.poll))
            message = sent or await interaction.original_response()
            return message.id

        started = await actions.start(
            self.bot,
            actions.NewPoll(
                space_id=guild_id,
                channel_id=channel_id,
                creator_id=interaction.user.id,
                question=question,
                options=options,
                motion=motion,
                multiple=multiple,
                anonymous=anonymous,
                hide_results=hide_results,
                minutes=minutes,
                results=results,
                max_choices=max_choices,
                ranked=ranked,
                member_options=member_options,
                duration=duration,
                remind=remind,
                opens=opens,
            ),
            post,
        )
        if is_scheduled(started.poll):
            await reply.send(interaction, scheduled_text(started, stamp), ephemeral=True)

    async def _close_job(self, session: AsyncSession, job: Job) -> After | None:
        """The timed close: runs once (even after a restart), then posts the final results."""
        state = await actions.close_due(session, job, now=self.bot.clock())
        if state is None:
            return None  # the poll was deleted, or closed by command already

        async def after() -> None:
            channel = await self._channel(state.poll.channel_id)
            if channel is None:
                log.warning("poll %s closed, but its channel is gone", state.poll.id)
                return
            await self._finish_poll_message(state)
            if not state.results_visible:  # creator mode: the close is news, the counts are not
                await reply.post(channel, replies.closed_text(state))
                return
            chart = await results_chart(state)
            await reply.post(
                channel,
                replies.closed_text(state),
                embed=results_embed(state),
                file=chart,
            )

        return after

    async def _channel(self, channel_id: int) -> discord.abc.Messageable | None:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except discord.HTTPException:
                return None
        return channel if isinstance(channel, discord.abc.Messageable) else None

    async def _finish_poll_message(self, state: PollState) -> None:
        """Show the final counts on the poll message and take its buttons away."""
        poll = state.poll
        if poll.message_id is None:
            return
        channel = await self._channel(poll.channel_id)
        if not isinstance(channel, discord.TextChannel | discord.Thread | discord.VoiceChannel):
            return
        try:
            await channel.get_partial_message(poll.message_id).edit(
                embeds=clamp_embeds([poll_embed(state)]),
                view=poll_view(poll),
                allowed_mentions=reply.NO_PINGS,
            )
        except discord.HTTPException as exc:
            # Deleted message or lost permission: the results are still posted; late clicks are refused.
            log.warning("could not update the message of poll %s: %s", poll.id, exc)


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Polls(bot))
