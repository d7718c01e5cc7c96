"""The poll's lifecycle on Discord: the "Manage" button and its private panel (Close now, Extend,
Reopen, Edit, Who hasn't voted, the counts), their forms, and the scheduled start's and the
reminder's jobs, which post in the poll's channel.

The buttons are ``DynamicItem``s over ids that carry only the poll's number; every press reads
the poll from the database and checks again that the member is its creator or a moderator.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import poll_manage as actions
from bot.models import Job
from bot.replies import poll_manage as replies
from bot.replies.polls import manage_id
from bot.scheduler import After, Handler
from bot.services import polls
from bot.services.polls import PollState
from bot.services.polls.rules import counts_public
from bot.ui import reply
from bot.ui.checks import guild_id_of, is_moderator
from bot.ui.custom_ids import ID
from bot.ui.errors import guarded, report_error
from bot.ui.host import host_of
from bot.ui.limits import EMBED_DESCRIPTION, TEXT_INPUT_VALUE, chunk_lines, clamp_embeds
from bot.ui.member_names import display_names
from bot.ui.poll_charts import results_chart
from cogs.polls._render import jump_url, poll_embed, results_embed, stamp

if TYPE_CHECKING:
    from bot.app import Roundtable

log = logging.getLogger(__name__)


def _client(interaction: discord.Interaction) -> discord.Client:
    return interaction.client


async def channel_of(client: discord.Client, channel_id: int) -> discord.abc.Messageable | None:
    channel = client.get_channel(channel_id)
    if channel is None:
        try:
            channel = await client.fetch_channel(channel_id)
        except discord.HTTPException:
            return None
    return channel if isinstance(channel, discord.abc.Messageable) else None


async def refresh_message(client: discord.Client, state: PollState) -> None:
    """Show ``state`` on the poll message: its counts as the mode allows, its buttons (only
    "Manage" once closed)."""
    from cogs.polls._views import poll_view  # _views puts this module's button on the message

    poll = state.poll
    if poll.message_id is None:
        return
    channel = await channel_of(client, poll.channel_id)
    if not isinstance(channel, discord.TextChannel | discord.Thread | discord.VoiceChannel):
        return
    try:
        await channel.get_partial_message(poll.message_id).edit(
            embeds=clamp_embeds([poll_embed(state)]), view=poll_view(poll), allowed_mentions=reply.NO_PINGS
        )
    except discord.HTTPException as exc:
        log.warning("could not update the message of poll %s: %s", poll.id, exc)


async def _post_results(client: discord.Client, state: PollState, text: str | None) -> None:
    channel = await channel_of(client, state.poll.channel_id)
    if channel is None:
        log.warning("poll %s closed, but its channel is gone", state.poll.id)
        return
    chart = await results_chart(state)
    await reply.post(channel, text, embed=results_embed(state), file=chart)


# ------------------------------------------------------------ the button and its panel


class ManageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"roundtable:poll:(?P<poll_id>{ID}):manage"
):
    def __init__(self, poll_id: int, *, row: int | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label="Manage",
                emoji="⚙️",
                style=discord.ButtonStyle.secondary,
                custom_id=manage_id(poll_id),
                row=row,
            )
        )
        self.poll_id = poll_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ManageButton:
        return cls(int(match["poll_id"]))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        await show_panel(interaction, self.poll_id)


async def show_panel(interaction: discord.Interaction, poll_id: int) -> None:
    """The Manage button: the panel of the poll it sits on."""
    await _show(interaction, actions.panel, poll_id=poll_id)


async def show_panel_for(interaction: discord.Interaction, poll: str | None) -> None:
    """``/poll manage [poll]``."""
    await _show(interaction, actions.panel_for, poll=poll)


async def _show(interaction: discord.Interaction, load: Callable[..., Awaitable[Any]], **which: Any) -> None:
    bot = host_of(interaction)
    async with bot.db.unit_of_work() as session:
        panel = await load(
            session,
            space_id=guild_id_of(interaction),
            member_id=interaction.user.id,
            is_moderator=lambda: is_moderator(session, interaction),
            now=bot.clock(),
            **which,
        )
    await reply.answer(interaction, replies.panel_reply(panel, stamp))


class ControlButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"roundtable:poll:(?P<poll_id>{ID}):manage:(?P<control>{'|'.join(replies.CONTROLS)})",
):
    def __init__(self, poll_id: int, control: str) -> None:
        super().__init__(discord.ui.Button(label=control, custom_id=replies.control_id(poll_id, control)))
        self.poll_id = poll_id
        self.control = control

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ControlButton:
        return cls(int(match["poll_id"]), match["control"])

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = host_of(interaction)
        space_id = guild_id_of(interaction)
        if self.control == "close":
            async with bot.db.unit_of_work() as session:
                state = await actions.close_now(
                    session,
                    space_id=space_id,
                    poll_id=self.poll_id,
                    member_id=interaction.user.id,
                    is_moderator=lambda: is_moderator(session, interaction),
                    now=bot.clock(),
                )
            await interaction.response.defer(ephemeral=True, thinking=True)
            await refresh_message(_client(interaction), state)
            if counts_public(state.poll):
                await _post_results(_client(interaction), state, replies.closed_by_manager_text(state))
                await reply.send(interaction, replies.closed_now_text(state), ephemeral=True)
                return
            # Creator-only results: the channel hears of the close, the closer alone sees the counts.
            channel = await channel_of(_client(interaction), state.poll.channel_id)
            if channel is not None:
                await reply.post(channel, replies.closed_by_manager_text(state))
            chart = await results_chart(state)
            await reply.send(
                interaction,
                replies.closed_privately_text(state),
                embed=results_embed(state),
                file=chart,
                ephemeral=True,
            )
            return
        if self.control == "missing":
            async with bot.db.unit_of_work() as session:
                found = await actions.not_voted(
                    session,
                    space_id=space_id,
                    poll_id=self.poll_id,
                    member_id=interaction.user.id,
                    is_moderator=lambda: is_moderator(session, interaction),
                    now=bot.clock(),
                )
            await interaction.response.defer(ephemeral=True, thinking=True)
            names = await display_names(interaction.guild, found.members)
            await reply.send(interaction, replies.missing_text(found, names, "server"), ephemeral=True)
            return
        async with bot.db.unit_of_work() as session:
            state = await actions.check_manager(
                session,
                space_id=space_id,
                poll_id=self.poll_id,
                member_id=interaction.user.id,
                is_moderator=lambda: is_moderator(session, interaction),
            )
        modal: discord.ui.Modal
        if self.control == "extend":
            modal = DurationModal(self.poll_id, reopen=False)
        elif self.control == "reopen":
            modal = DurationModal(self.poll_id, reopen=True)
        else:
            modal = EditModal(state)
        await interaction.response.send_modal(modal)


# ------------------------------------------------------------ the forms


class _Form(discord.ui.Modal):
    def __init__(self, poll_id: int, *, title: str) -> None:
        super().__init__(title=title)
        self.poll_id = poll_id

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any] | None = None, /
    ) -> None:
        await report_error(interaction, error)

    async def changed(self, interaction: discord.Interaction, state: PollState, text: str) -> None:
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=reply.NO_PINGS)
        await refresh_message(_client(interaction), state)


class DurationModal(_Form):
    """Extend (how long to add) or Reopen (how long until it closes again; empty: no close)."""

    def __init__(self, poll_id: int, *, reopen: bool) -> None:
        super().__init__(poll_id, title=f"{'Reopen' if reopen else 'Extend'} poll #{poll_id}")
        self.reopen = reopen
        extend_label = "Add how long (like 30m, 2h, 1d)"
        label = "Close again after (like 2h; empty: no close)" if reopen else extend_label
        self.duration: discord.ui.TextInput[DurationModal] = discord.ui.TextInput(
            label=label,
            custom_id="duration",
            max_length=20,
            required=not reopen,
        )
        self.add_item(self.duration)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = host_of(interaction)
        act = actions.reopen if self.reopen else actions.extend
        async with bot.db.unit_of_work() as session:
            changed = await act(
                session,
                space_id=guild_id_of(interaction),
                poll_id=self.poll_id,
                member_id=interaction.user.id,
                is_moderator=lambda: is_moderator(session, interaction),
                duration=self.duration.value or None,
                now=bot.clock(),
            )
        if changed.timers:
            bot.scheduler.wake()
        worded = replies.reopened_text if self.reopen else replies.extended_text
        await self.changed(interaction, changed.state, worded(changed.state, stamp))


class EditModal(_Form):
    def __init__(self, state: PollState) -> None:
        poll = state.poll
        super().__init__(poll.id, title=f"Edit poll #{poll.id}")
        self.question: discord.ui.TextInput[EditModal] = discord.ui.TextInput(
            label="Question", custom_id="question", default=poll.question, max_length=polls.QUESTION_LIMIT
        )
        self.options: discord.ui.TextInput[EditModal] = discord.ui.TextInput(
            label="Options, one per line",
            custom_id="options",
            style=discord.TextStyle.paragraph,
            default="\n".join(poll.options),
            max_length=TEXT_INPUT_VALUE,
        )
        self.add_item(self.question)
        self.add_item(self.options)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = host_of(interaction)
        async with bot.db.unit_of_work() as session:
            state = await actions.edit(
                session,
                space_id=guild_id_of(interaction),
                poll_id=self.poll_id,
                member_id=interaction.user.id,
                is_moderator=lambda: is_moderator(session, interaction),
                question=self.question.value,
                options=self.options.value,
                now=bot.clock(),
            )
        await self.changed(interaction, state, replies.edited_text(state))


DYNAMIC_ITEMS = (ManageButton, ControlButton)


# ------------------------------------------------------------ the timers


def open_job(bot: Roundtable) -> Handler:
    """The scheduled start: post the poll in its channel and remember the message, in the job's
    own unit of work (a failed post is tried again by the scheduler)."""

    async def handler(session: AsyncSession, job: Job) -> After | None:
        from cogs.polls._views import poll_view

        state = await actions.open_due(session, job)
        if state is None:
            return None
        channel = await channel_of(bot, state.poll.channel_id)
        if channel is None:
            log.warning("poll %s was due to open, but its channel is gone", state.poll.id)
            return None
        sent = await reply.post(channel, embed=poll_embed(state), view=poll_view(state.poll))
        await polls.set_message(session, state.poll.id, sent.id)
        return None

    return handler


def remind_job(bot: Roundtable) -> Handler:
    """The reminder, once: marked in the job's transaction, posted after it commits."""

    async def handler(session: AsyncSession, job: Job) -> After | None:
        state = await actions.remind_due(session, job, now=bot.clock())
        if state is None:
            return None

        async def after() -> None:
            channel = await channel_of(bot, state.poll.channel_id)
            if channel is None:
                log.warning("poll %s has a reminder, but its channel is gone", state.poll.id)
                return
            await reply.post(channel, replies.reminder_text(state, stamp, jump_url))

        return after

    return handler


async def list_closed(interaction: discord.Interaction) -> None:
    """``/poll list closed:true``: the closed polls with their results, privately, where the member
    may see them."""
    bot = host_of(interaction)
    guild_id = guild_id_of(interaction)
    async with bot.db.unit_of_work() as session:
        listed = await actions.closed_list(
            session,
            space_id=guild_id,
            viewer_id=interaction.user.id,
            is_moderator=lambda: is_moderator(session, interaction),
        )
    if not listed.items:
        await reply.send(interaction, replies.no_closed_polls("server"), ephemeral=True)
        return
    pages = chunk_lines(replies.closed_list_lines(guild_id, listed, stamp, jump_url), EMBED_DESCRIPTION)
    embeds = [
        discord.Embed(
            title="Closed polls" if i == 0 else None, description=page, colour=discord.Colour.dark_grey()
        )
        for i, page in enumerate(pages)
    ]
    await reply.send(interaction, embeds=embeds, ephemeral=True)
