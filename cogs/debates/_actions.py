"""What members do in a debate, shared by the buttons and their slash forms.

Each action is one unit of work: find the debate (by id from a button, or the channel's
running debate for a slash command), call the service, then answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Debate
from bot.services import debates
from bot.ui import reply
from bot.ui.checks import guild_id_of
from cogs.debates import _render

if TYPE_CHECKING:
    from bot.app import RoundtableBot


def bot_of(interaction: discord.Interaction) -> RoundtableBot:
    return cast("RoundtableBot", interaction.client)


async def find_debate(
    session: AsyncSession, interaction: discord.Interaction, debate_id: int | None
) -> Debate:
    """The debate a button names, or the one running in the channel of a slash command."""
    guild_id = guild_id_of(interaction)
    if debate_id is None:
        return await debates.active_debate(session, guild_id, interaction.channel_id or 0)
    return await debates.get_debate(session, guild_id, debate_id)


def _on_board(interaction: discord.Interaction, debate: Debate) -> bool:
    message = interaction.message
    return message is not None and debate.message_id == message.id


async def join(interaction: discord.Interaction, debate_id: int | None, choice: str) -> None:
    bot = bot_of(interaction)
    now = bot.clock()
    async with bot.db.unit_of_work() as session:
        debate = await find_debate(session, interaction, debate_id)
        joined = await debates.join(session, debate, interaction.user.id, choice, now)
        status = await debates.status(session, debate, now)
    text = (
        "You are in the **audience**."
        if joined.side == "audience"
        else f"You debate **{_render.NAMES[joined.side]}**."
    )
    if joined.note:
        text += f" {joined.note}"
    if debate.phase == debates.PREVOTE:
        text += " Don't forget to vote (`/debate vote`)."
    if _on_board(interaction, debate) and debate.phase == debates.PREVOTE:
        await reply.edit(interaction, embed=_render.board_embed(status))
    await reply.send(interaction, text, ephemeral=True)


async def vote(interaction: discord.Interaction, debate_id: int | None, choice: str) -> None:
    bot = bot_of(interaction)
    async with bot.db.unit_of_work() as session:
        debate = await find_debate(session, interaction, debate_id)
        phase = await debates.vote(session, debate, interaction.user.id, choice, bot.clock())
    until = "the speeches start" if phase == "pre" else "a moderator closes the vote"
    await reply.send(
        interaction,
        f"Your {phase}-vote: **{_render.NAMES[choice]}**. You can change it until {until}; "
        "only your last vote counts.",
        ephemeral=True,
    )


async def check_debater(interaction: discord.Interaction, debate_id: int | None) -> int:
    """Refuse early (before a form opens) when the member may not argue now; the debate's id."""
    bot = bot_of(interaction)
    async with bot.db.unit_of_work() as session:
        debate = await find_debate(session, interaction, debate_id)
        await debates.debater_side(session, debate, interaction.user.id)
        return debate.id


async def argue(interaction: discord.Interaction, debate_id: int | None, text: str) -> None:
    bot = bot_of(interaction)
    async with bot.db.unit_of_work() as session:
        debate = await find_debate(session, interaction, debate_id)
        argument = await debates.argue(session, debate, interaction.user.id, text, bot.clock())
    await reply.send(interaction, _render.argument_text(argument))
