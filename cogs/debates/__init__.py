"""/debate: Oxford-style debates on the text's motions, timed and scored by how far the room moved.

A thin cog: it parses interactions, opens one unit of work, calls ``bot.services.debates`` and
renders. Buttons are DynamicItems (``_views``), member actions are shared with their slash
forms (``_actions``), embeds live in ``_render``.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Literal, TypeVar

import discord
from discord import app_commands
from discord.ext import commands
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Debate, Job
from bot.scheduler import After
from bot.services import debates, motions
from bot.services.debates import Transition
from bot.ui import charts, reply
from bot.ui.autocomplete import motion_autocomplete
from bot.ui.checks import guild_id_of, require_moderator
from bot.ui.debate_charts import alt_text, pre_post_chart
from cogs.debates import _actions, _render, _views

if TYPE_CHECKING:
    from bot.app import RoundtableBot

T = TypeVar("T")
Side = Literal["for", "against", "audience", "debate"]
VoteChoice = Literal["for", "against", "undecided"]


def announcement(transition: Transition) -> tuple[discord.Embed, discord.ui.View]:
    """What the channel sees when the debate moves on: the next speech, or the post-vote."""
    debate = transition.debate
    if transition.speech is None:
        return _render.postvote_embed(transition.motion), _views.postvote_view(debate.id)
    return _render.speech_embed(transition.motion, transition.speech), _views.speech_view(debate.id)


class Debates(commands.Cog):
    feature = "Debates"

    debate = app_commands.Group(
        name="debate", description="Oxford-style debates on the text's motions", guild_only=True
    )

    def __init__(self, bot: RoundtableBot) -> None:
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
        round_names = debates.parse_rounds(rounds)
        now = self.bot.clock()
        async with self.bot.db.unit_of_work() as session:
            await require_moderator(session, interaction)
            chosen = await motions.resolve_motion(session, guild_id, motion)
            debate = await debates.start(
                session,
                guild_id=guild_id,
                channel_id=interaction.channel_id or 0,
                moderator_id=interaction.user.id,
                motion=chosen,
                now=now,
                speech_seconds=speech_seconds,
                rounds=round_names,
                assign=assign,
            )
            status = await debates.status(session, debate, now)
        sent = await reply.send(
            interaction, embed=_render.board_embed(status), view=_views.board_view(debate.id, debate.assign)
        )
        message = sent or await interaction.original_response()
        async with self.bot.db.unit_of_work() as session:
            await debates.set_message(session, guild_id, debate.id, message.id)

    async def _moderate(
        self,
        interaction: discord.Interaction,
        action: Callable[[AsyncSession, Debate], Awaitable[T]],
    ) -> T:
        """Check the moderator, run ``action`` on the channel's debate in one unit of work, wake timers."""
        async with self.bot.db.unit_of_work() as session:
            await require_moderator(session, interaction)
            debate = await _actions.find_debate(session, interaction, None)
            result = await action(session, debate)
        self.bot.scheduler.wake()
        return result

    async def _announce(self, interaction: discord.Interaction, transition: Transition) -> None:
        embed, view = announcement(transition)
        await reply.send(interaction, embed=embed, view=view)

    @debate.command(
        name="next", description="Start the speeches (closes the pre-vote), or the next speech (moderators)"
    )
    async def next_speech(self, interaction: discord.Interaction) -> None:
        now = self.bot.clock()
        transition = await self._moderate(interaction, lambda s, d: debates.next_speech(s, d, now))
        await self._announce(interaction, transition)

    @debate.command(name="pause", description="Pause the speech clock (moderators)")
    async def pause(self, interaction: discord.Interaction) -> None:
        now = self.bot.clock()
        state = await self._moderate(interaction, lambda s, d: debates.pause(s, d, now))
        await reply.send(interaction, _render.paused_text(state))

    @debate.command(name="resume", description="Restart the paused speech clock (moderators)")
    async def resume(self, interaction: discord.Interaction) -> None:
        now = self.bot.clock()
        state = await self._moderate(interaction, lambda s, d: debates.resume(s, d, now))
        await reply.send(interaction, _render.resumed_text(state))

    @debate.command(name="extend", description="Give the current speaker more time (moderators)")
    @app_commands.describe(seconds="Seconds to add")
    async def extend(
        self,
        interaction: discord.Interaction,
        seconds: app_commands.Range[int, 1, debates.MAX_EXTEND_SECONDS] = 30,
    ) -> None:
        now = self.bot.clock()
        state = await self._moderate(interaction, lambda s, d: debates.extend(s, d, seconds, now))
        await reply.send(interaction, _render.extended_text(state, seconds))

    @debate.command(name="end", description="Skip the remaining speeches and open the post-vote (moderators)")
    async def end(self, interaction: discord.Interaction) -> None:
        now = self.bot.clock()
        transition = await self._moderate(interaction, lambda s, d: debates.end_speeches(s, d, now))
        await self._announce(interaction, transition)

    @debate.command(name="close", description="Close the post-vote and post the result (moderators)")
    async def close(self, interaction: discord.Interaction) -> None:
        now = self.bot.clock()
        closed = await self._moderate(interaction, lambda s, d: debates.close(s, d, now))
        await interaction.response.defer(thinking=True)  # the chart takes a moment to draw
        result = closed.debate.result or {}
        pre, post = result["pre"]["percent"], result["post"]["percent"]
        embeds = _render.result_embeds(closed)
        verdict = _render.verdict(result).replace("**", "")
        alt = alt_text(pre, post, verdict.split("\n")[0])
        shift = result["shift"]
        title = (
            f"#{closed.motion.number} before and after: For {_render.points(shift['for'])}, "
            f"Against {_render.points(shift['against'])} points"
        )
        png = await charts.render(pre_post_chart, title, pre, post)
        await reply.send(
            interaction,
            f"The debate on **{_render.motion_line(closed.motion)}** is closed.\nChart (alt text): {alt}",
            embeds=embeds,
            file=charts.chart_file(png, "debate-result.png", alt),
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
        now = self.bot.clock()
        async with self.bot.db.unit_of_work() as session:
            debate = await _actions.find_debate(session, interaction, None)
            status = await debates.status(session, debate, now)
        await reply.send(interaction, embed=_render.status_embed(status), ephemeral=True)

    @debate.command(name="prompt", description="A motion from the text to talk over, untimed")
    @app_commands.describe(motion="A motion (default: one this server has not debated yet)")
    @app_commands.autocomplete(motion=motion_autocomplete)
    async def prompt(self, interaction: discord.Interaction, motion: str | None = None) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            chosen = await debates.prompt_motion(session, guild_id, random.Random(), motion)
            for_names = await debates.actor_names(session, chosen.pack_id, list(chosen.sides_for))
            against_names = await debates.actor_names(session, chosen.pack_id, list(chosen.sides_against))
            sides = await motions.motion_sides(session, chosen)
        await reply.send(interaction, embed=_render.prompt_embed(chosen, for_names, against_names, sides))

    # ------------------------------------------------------------ timers

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise LookupError(f"channel {channel_id} cannot receive messages")
        return channel

    async def _on_warn(self, session: AsyncSession, job: Job) -> After | None:
        transition = await debates.on_warn(session, job.payload, self.bot.clock())
        if transition is None or transition.speech is None:
            return None
        channel_id, text = transition.debate.channel_id, _render.warn_text(transition.speech)

        async def after() -> None:
            await reply.post(await self._channel(channel_id), text)

        return after

    async def _on_advance(self, session: AsyncSession, job: Job) -> After | None:
        transition = await debates.on_advance(session, job.payload, self.bot.clock())
        if transition is None:
            return None
        channel_id = transition.debate.channel_id
        embed, view = announcement(transition)

        async def after() -> None:
            await reply.post(await self._channel(channel_id), embed=embed, view=view)

        return after


async def setup(bot: RoundtableBot) -> None:
    await bot.add_cog(Debates(bot))
