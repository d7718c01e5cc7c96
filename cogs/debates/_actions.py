"""What members do in a debate, shared by the buttons and their slash forms.

Each is one unit of work around the neutral action (bot/actions/debates.py: it finds the
debate, by id from a button or the channel's running one, and calls the services), then the
answer in the shared wording (bot/replies/debates.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, cast

import discord
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import debates as actions
from bot.models import Debate
from bot.replies import debates as replies
from bot.replies.commands import discord_spelling
from bot.services import debates
from bot.ui import reply
from bot.ui.checks import guild_id_of, require_moderator
from cogs.debates import _messages, _render, _views

if TYPE_CHECKING:
    from bot.app import Roundtable


def bot_of(interaction: discord.Interaction) -> Roundtable:
    return cast("Roundtable", interaction.client)


async def find_debate(
    session: AsyncSession, interaction: discord.Interaction, debate_id: int | None
) -> Debate:
    """The debate a button names, or the one running in the channel of a slash command."""
    return await actions.find(
        session,
        space_id=guild_id_of(interaction),
        channel_id=interaction.channel_id or 0,
        debate_id=debate_id,
    )


def _on_board(interaction: discord.Interaction, debate: Debate) -> bool:
    message = interaction.message
    return message is not None and debate.message_id == message.id


async def board(status: debates.Status, guild: discord.Guild | None) -> tuple[discord.Embed, discord.ui.View]:
    """The board as it stands: names filled in, buttons only while the pre-vote is open."""
    wanted = set(status.sides["for"]) | set(status.sides["against"])
    status = replace(status, names=await _messages.fill_names(guild, wanted, status.names))
    debate = status.debate
    view = _views.board_view(debate.id, debate.assign, prevote_open=debate.phase == debates.PREVOTE)
    return _render.board_embed(status), view


async def answer_and_refresh(
    interaction: discord.Interaction, text: str, status: debates.Status | None
) -> None:
    """Answer the member privately and show the board's new counts (when ``status`` is given):
    in place when they pressed one of its buttons, else by its stored id after answering."""
    if status is None:
        await reply.send(interaction, text, ephemeral=True)
        return
    debate = status.debate
    embed, view = await board(status, interaction.guild)
    if _on_board(interaction, debate):
        await reply.edit(interaction, embed=embed, view=view)
        await reply.send(interaction, text, ephemeral=True)
        return
    await reply.send(interaction, text, ephemeral=True)
    await _messages.edit(bot_of(interaction), debate.channel_id, debate.message_id, embed=embed, view=view)


async def join(interaction: discord.Interaction, debate_id: int | None, choice: str) -> None:
    bot = bot_of(interaction)
    now = bot.clock()
    async with bot.db.unit_of_work() as session:
        done = await actions.join(
            session,
            space_id=guild_id_of(interaction),
            channel_id=interaction.channel_id or 0,
            debate_id=debate_id,
            member_id=interaction.user.id,
            member_name=interaction.user.display_name,
            choice=choice,
            now=now,
        )
    text = replies.join_text(done.joined, prevote_open=done.status is not None, spell=discord_spelling)
    await answer_and_refresh(interaction, text, done.status)


async def vote(interaction: discord.Interaction, debate_id: int | None, choice: str) -> None:
    bot = bot_of(interaction)
    now = bot.clock()
    async with bot.db.unit_of_work() as session:
        voted = await actions.vote(
            session,
            space_id=guild_id_of(interaction),
            channel_id=interaction.channel_id or 0,
            debate_id=debate_id,
            member_id=interaction.user.id,
            member_name=interaction.user.display_name,
            choice=choice,
            now=now,
        )
    await answer_and_refresh(interaction, replies.vote_text(voted.phase, choice), voted.status)


async def check_debater(interaction: discord.Interaction, debate_id: int | None) -> int:
    """Refuse early (before a form opens) when the member may not argue now; the debate's id."""
    bot = bot_of(interaction)
    async with bot.db.unit_of_work() as session:
        return await actions.check_debater(
            session,
            space_id=guild_id_of(interaction),
            channel_id=interaction.channel_id or 0,
            debate_id=debate_id,
            member_id=interaction.user.id,
        )


async def argue(interaction: discord.Interaction, debate_id: int | None, text: str) -> None:
    bot = bot_of(interaction)
    async with bot.db.unit_of_work() as session:
        argument = await actions.argue(
            session,
            space_id=guild_id_of(interaction),
            channel_id=interaction.channel_id or 0,
            debate_id=debate_id,
            member_id=interaction.user.id,
            text=text,
            now=bot.clock(),
        )
    await reply.send(interaction, replies.argument_text(argument, interaction.user.display_name))


async def skip_all(interaction: discord.Interaction, debate_id: int, *, confirmed: bool) -> None:
    """A moderator's answer to "skip every speech?" (/debate end from the pre-vote): yes opens
    that debate's post-vote, cancel changes nothing. Either way the question is answered."""
    from cogs.debates import _sync  # it builds on this module

    bot = bot_of(interaction)
    async with bot.db.unit_of_work() as session:
        await require_moderator(session, interaction)
        moved = (
            await actions.end(
                session,
                space_id=guild_id_of(interaction),
                channel_id=interaction.channel_id or 0,
                now=bot.clock(),
                skip_all=True,
                debate_id=debate_id,
            )
            if confirmed
            else None
        )
    if moved is None:
        await reply.edit(interaction, content=replies.CANCELLED_TEXT, view=_messages.closed_view())
        return
    bot.scheduler.wake()
    await reply.edit(interaction, content=replies.SKIPPED_TEXT, view=_messages.closed_view())
    await _sync.show(bot, moved)
