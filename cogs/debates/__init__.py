"""/debate: Oxford-style debates on the text's motions, timed and scored by how far the room moved.

A thin cog: it parses interactions, opens one unit of work, calls the neutral actions
(``bot.actions.debates``, shared with Slack) and renders. Buttons are DynamicItems
(``_views``), member actions are shared with their slash forms (``_actions``), embeds live in
``_render`` (in the sentences of ``bot.replies.debates``), and ``_sync`` keeps the debate's
posted messages current.
"""

from __future__ import annotations

import io
import random
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Literal, TypeVar

import discord
from discord import app_commands
from discord.ext import commands
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import debates as actions
from bot.models import Job
from bot.replies import debates as replies
from bot.scheduler import After
from bot.services import debate_transcript, debates
from bot.services.debates import SpeechState
from bot.ui import charts, reply
from bot.ui.autocomplete import motion_autocomplete
from bot.ui.checks import guild_id_of, require_moderator
from bot.ui.debate_charts import alt_text, pre_post_chart
from cogs.debates import _actions, _messages, _render, _sync, _views

if TYPE_CHECKING:
    from bot.app import Roundtable

T = TypeVar("T")
Side = Literal["for", "against", "audience", "debate"]
VoteChoice = Literal["for", "against", "undecided"]


class Debates(commands.Cog):
    feature = "Debates"

    debate = app_commands.Group(
        name="debate", description="Oxford-style debates on the text's motions", guild_only=True
    )

    def __init__(self, bot: Roundtable) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*_views.DYNAMIC_ITEMS)
        self.bot.scheduler.register(debates.WARN_KIND, self._on_warn)
        self.bot.scheduler.register(debates.ADVANCE_KIND, self._on_advance)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*_views.DYNAMIC_ITEMS)
        self.bot.scheduler.unregister(debates.WARN_KIND)
        self.bot.scheduler.unregister(debates.ADVANCE_KIND)

    # ------------------------------------------------------------ moderators

    @debate.command(name="start", description="Open a debate on a motion in this channel (moderators)")
    @app_commands.describe(
        motion="The motion, by number or words",
        speech_seconds="Length of each speech in seconds (default 180)",
        rounds="Round names, comma-separated (default: opening, rebuttal, closing)",
        assign="volunteer: members pick a side; counter: the side opposite their stance (steelman)",
    )
    @app_commands.autocomplete(motion=motion_autocomplete)
    async def start(
        self,
        interaction: discord.Interaction,
        motion: str,
        speech_seconds: app_commands.Range[
            int, debates.MIN_SPEECH_SECONDS, debates.MAX_SPEECH_SECONDS
        ] = debates.DEFAULT_SPEECH_SECONDS,
        rounds: app_commands.Range[str, 1, 200] | None = None,
        assign: Literal["volunteer", "counter"] = "volunteer",
    ) -> None:
        guild_id = guild_id_of(interaction)
        debates.parse_rounds(rounds)  # a wrong round list is refused before the moderator check
        async with self.bot.db.unit_of_work() as session:
            await require_moderator(session, interaction)
            status = await actions.start(
                session,
                space_id=guild_id,
                channel_id=interaction.channel_id or 0,
                moderator_id=interaction.user.id,
                motion=motion,
                now=self.bot.clock(),
                speech_seconds=speech_seconds,
                rounds=rounds,
                assign=assign,
            )
        embed, view = await _actions.board(status, interaction.guild)
        sent = await reply.send(interaction, embed=embed, view=view)
        message = sent or await interaction.original_response()
        async with self.bot.db.unit_of_work() as session:
            await actions.set_message(
                session, space_id=guild_id, debate_id=status.debate.id, message_id=message.id
            )

    async def _moderate(
        self,
        interaction: discord.Interaction,
        action: Callable[[AsyncSession, int, int], Awaitable[T]],
    ) -> T:
        """Check the moderator, run ``action`` (on the space and channel) in one unit of work, wake timers."""
        async with self.bot.db.unit_of_work() as session:
            await require_moderator(session, interaction)
            result = await action(session, guild_id_of(interaction), interaction.channel_id or 0)
        self.bot.scheduler.wake()
        return result

    async def _clock_command(
        self,
        interaction: discord.Interaction,
        action: Callable[[AsyncSession, int, int], Awaitable[actions.Clocked]],
        text: Callable[[SpeechState], str],
    ) -> None:
        clocked = await self._moderate(interaction, action)
        await reply.send(interaction, text(clocked.state), ephemeral=True)
        await _sync.refresh_speech(self.bot, clocked.debate, clocked.motion, clocked.state, clocked.names)

    @debate.command(
        name="next", description="Start the speeches (closes the pre-vote), or the next speech (moderators)"
    )
    async def next_speech(self, interaction: discord.Interaction) -> None:
        now = self.bot.clock()
        moved = await self._moderate(
            interaction,
            lambda s, space, channel: actions.next_speech(s, space_id=space, channel_id=channel, now=now),
        )
        await _sync.show(self.bot, moved, interaction)

    @debate.command(name="pause", description="Pause the speech clock (moderators)")
    async def pause(self, interaction: discord.Interaction) -> None:
        now = self.bot.clock()
        await self._clock_command(
            interaction,
            lambda s, space, channel: actions.pause(s, space_id=space, channel_id=channel, now=now),
            replies.paused_text,
        )

    @debate.command(name="resume", description="Restart the paused speech clock (moderators)")
    async def resume(self, interaction: discord.Interaction) -> None:
        now = self.bot.clock()
        await self._clock_command(
            interaction,
            lambda s, space, channel: actions.resume(s, space_id=space, channel_id=channel, now=now),
            replies.resumed_text,
        )

    @debate.command(name="extend", description="Give the current speaker more time (moderators)")
    @app_commands.describe(seconds="Seconds to add")
    async def extend(
        self,
        interaction: discord.Interaction,
        seconds: app_commands.Range[int, 1, debates.MAX_EXTEND_SECONDS] = 30,
    ) -> None:
        now = self.bot.clock()
        await self._clock_command(
            interaction,
            lambda s, space, channel: actions.extend(
                s, space_id=space, channel_id=channel, seconds=seconds, now=now
            ),
            lambda state: replies.extended_text(state, seconds),
        )

    @debate.command(name="end", description="Skip the remaining speeches and open the post-vote (moderators)")
    async def end(self, interaction: discord.Interaction) -> None:
        now = self.bot.clock()
        try:
            moved = await self._moderate(
                interaction,
                lambda s, space, channel: actions.end(s, space_id=space, channel_id=channel, now=now),
            )
        except debates.SkipsEverySpeech as asking:
            view = _views.skip_all_view(asking.debate_id)
            await reply.send(interaction, replies.skip_all_text(), view=view, ephemeral=True)
            return
        await _sync.show(self.bot, moved, interaction)

    @debate.command(name="close", description="Close the post-vote and post the result (moderators)")
    async def close(self, interaction: discord.Interaction) -> None:
        now = self.bot.clock()
        closed = await self._moderate(
            interaction,
            lambda s, space, channel: actions.close(s, space_id=space, channel_id=channel, now=now),
        )
        await interaction.response.defer(thinking=True)  # the chart takes a moment to draw
        wanted = {m.user_id for m in closed.score.moves} | {a.user_id for a in closed.arguments}
        closed = replace(closed, names=await _messages.fill_names(interaction.guild, wanted, closed.names))
        debate = closed.debate
        await _messages.edit(
            self.bot,
            debate.channel_id,
            debate.postvote_message_id,
            embed=_render.postvote_embed(closed.motion, closed=True),
            view=_messages.closed_view(),
        )
        await _sync.refresh_board(self.bot, debate.id, interaction.guild)
        result = closed.result
        pre, post = result.pre.percent, result.post.percent
        embeds = _render.result_embeds(closed)
        alt = alt_text(pre, post, replies.chart_verdict(result))
        png = await charts.render(pre_post_chart, replies.chart_title(closed), pre, post)
        await reply.send(
            interaction,
            replies.closed_line(closed.motion),
            embeds=embeds,
            file=charts.chart_file(png, "debate-result.png", alt),
        )

    @debate.command(name="transcript", description="Every argument of this channel's debate, as a file")
    async def transcript(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            found = await actions.transcript(
                session, space_id=guild_id, channel_id=interaction.channel_id or 0
            )
        debate = found.debate
        names = await _messages.fill_names(
            interaction.guild, {a.user_id for a in found.arguments}, found.names
        )
        text = debate_transcript.markdown(replace(found, names=names))
        file = discord.File(io.BytesIO(text.encode("utf-8")), filename=replies.transcript_filename(debate.id))
        await reply.send(
            interaction,
            replies.transcript_text(debate.id, found.motion, len(found.arguments)),
            file=file,
            ephemeral=True,
        )

    # ------------------------------------------------------------ everyone

    @debate.command(name="join", description="Join a side of this channel's debate, or its audience")
    @app_commands.describe(side="for, against or audience (debate: let the bot pick, in steelman debates)")
    async def join(self, interaction: discord.Interaction, side: Side) -> None:
        await _actions.join(interaction, None, side)

    @debate.command(name="vote", description="Vote in the pre-vote or the post-vote (your last vote counts)")
    async def vote(self, interaction: discord.Interaction, side: VoteChoice) -> None:
        await _actions.vote(interaction, None, side)

    @debate.command(name="argue", description="Record your argument for the current round (debaters)")
    @app_commands.describe(text="Your argument")
    async def argue(
        self, interaction: discord.Interaction, text: app_commands.Range[str, 1, debates.ARGUMENT_LIMIT]
    ) -> None:
        await _actions.argue(interaction, None, text)

    @debate.command(name="status", description="Where this channel's debate stands")
    async def status(self, interaction: discord.Interaction) -> None:
        async with self.bot.db.unit_of_work() as session:
            status = await actions.status(
                session,
                space_id=guild_id_of(interaction),
                channel_id=interaction.channel_id or 0,
                now=self.bot.clock(),
            )
        await reply.send(interaction, embed=_render.status_embed(status), ephemeral=True)

    @debate.command(name="prompt", description="A motion from the text to talk over, untimed")
    @app_commands.describe(motion="A motion (default: one this server has not debated yet)")
    @app_commands.autocomplete(motion=motion_autocomplete)
    async def prompt(self, interaction: discord.Interaction, motion: str | None = None) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            found = await actions.prompt(session, space_id=guild_id, motion=motion, rng=random.Random())
        embed = _render.prompt_embed(found.motion, found.for_names, found.against_names, found.sides)
        await reply.send(interaction, embed=embed)

    # ------------------------------------------------------------ timers

    async def _on_warn(self, session: AsyncSession, job: Job) -> After | None:
        clocked = await actions.speech_warning(session, job, now=self.bot.clock())
        if clocked is None:
            return None

        async def after() -> None:
            await _sync.refresh_speech(
                self.bot, clocked.debate, clocked.motion, clocked.state, clocked.names, warned=True
            )

        return after

    async def _on_advance(self, session: AsyncSession, job: Job) -> After | None:
        moved = await actions.speech_end(session, job, now=self.bot.clock())
        if moved is None:
            return None

        async def after() -> None:
            await _sync.show(self.bot, moved)

        return after


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Debates(bot))
