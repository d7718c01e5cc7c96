"""Keeping every message of a debate current as it moves on: the board, each speech's live clock
and the post-vote message, edited by the ids stored on the debate (so it works after a restart)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.actions import debates as actions
from bot.actions.debates import Moved
from bot.models import Debate, Motion
from bot.services.debates import SpeechState
from bot.ui import reply
from cogs.debates import _actions, _render, _views
from cogs.debates._messages import closed_view, edit, fill_names

if TYPE_CHECKING:
    from bot.app import Roundtable


def speakers(state: SpeechState) -> set[int]:
    return {state.speaker_id} if state.speaker_id else set()


async def channel_of(bot: Roundtable, channel_id: int) -> discord.abc.Messageable:
    channel = bot.get_channel(channel_id) or await bot.fetch_channel(channel_id)
    if not isinstance(channel, discord.abc.Messageable):
        raise LookupError(f"channel {channel_id} cannot receive messages")
    return channel


async def show(bot: Roundtable, moved: Moved, interaction: discord.Interaction | None = None) -> None:
    """Bring the debate's messages up to date after it moved on, and post what comes next.

    The board closes with the pre-vote; the speech that ended is marked over (its Argue button
    goes); the next speech's live clock, or the post-vote, is posted (as the answer to
    ``interaction`` when there is one) and its id stored.
    """
    transition = moved.transition
    debate, motion = transition.debate, transition.motion
    guild = interaction.guild if interaction is not None else bot.get_guild(debate.guild_id)
    # What comes next first (an interaction must be answered within 3 s), then the edits.
    if transition.speech is None:
        embed, view, kind = _render.postvote_embed(motion), _views.postvote_view(debate.id), "postvote"
    else:
        names = await fill_names(guild, speakers(transition.speech), moved.names)
        embed = _render.speech_embed(motion, transition.speech, names)
        view, kind = _views.speech_view(debate.id), "speech"
    if interaction is not None:
        sent = await reply.send(interaction, embed=embed, view=view)
        message = sent or await interaction.original_response()
    else:
        message = await reply.post(await channel_of(bot, debate.channel_id), embed=embed, view=view)
    async with bot.db.unit_of_work() as session:
        await actions.set_message(
            session, space_id=debate.guild_id, debate_id=debate.id, message_id=message.id, kind=kind
        )
    if moved.prevote_closed:
        await refresh_board(bot, debate.id, guild)
    if moved.ended is not None:
        names = await fill_names(guild, speakers(moved.ended), moved.names)
        await edit(
            bot,
            debate.channel_id,
            moved.ended_message_id,
            embed=_render.speech_embed(motion, moved.ended, names, over=True),
            view=closed_view(),
        )


async def refresh_board(bot: Roundtable, debate_id: int, guild: discord.Guild | None) -> None:
    async with bot.db.unit_of_work() as session:
        status = await actions.board(session, debate_id=debate_id, now=bot.clock())
    if status is None:
        return
    debate = status.debate
    embed, view = await _actions.board(status, guild)
    await edit(bot, debate.channel_id, debate.message_id, embed=embed, view=view)


async def refresh_speech(
    bot: Roundtable,
    debate: Debate,
    motion: Motion,
    state: SpeechState,
    names: dict[int, str],
    *,
    warned: bool = False,
) -> None:
    """Edit the speech's live clock (pause, resume, extend, the warning): no new message."""
    names = await fill_names(bot.get_guild(debate.guild_id), speakers(state), names)
    await edit(
        bot,
        debate.channel_id,
        debate.speech_message_id,
        embed=_render.speech_embed(motion, state, names, warned=warned),
        view=_views.speech_view(debate.id),
    )
