"""Keeping a debate's messages current: member names for embeds, and edits of posted messages.

The ids of the board, the live speech clock and the post-vote message are in the database
(``debates``), so every edit works after a restart too.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.ui import member_names
from bot.ui.limits import clamp_embeds
from bot.ui.reply import NO_PINGS

if TYPE_CHECKING:
    from bot.app import Roundtable

log = logging.getLogger(__name__)

# Members looked up by REST per message at most (the bot has no members intent).
NAME_LOOKUPS = 50


async def fill_names(guild: discord.Guild | None, wanted: set[int], stored: dict[int, str]) -> dict[int, str]:
    """``stored`` names (taken when members joined or voted); the others looked up in the guild
    the way /export positions does (``bot.ui.member_names``: the cache, then a REST fetch)."""
    missing = wanted - stored.keys()
    found = await member_names.display_names(guild, missing, limit=NAME_LOOKUPS) if missing else {}
    return {**stored, **found}


def closed_view() -> discord.ui.View:
    """No components: editing a message with it removes its buttons."""
    return discord.ui.View(timeout=None)


async def edit(
    bot: Roundtable,
    channel_id: int,
    message_id: int | None,
    *,
    embed: discord.Embed,
    view: discord.ui.View | None = None,
) -> None:
    """Edit one of the debate's posted messages; a deleted message or channel is logged, not raised."""
    if message_id is None:
        return
    try:
        channel = bot.get_channel(channel_id) or await bot.fetch_channel(channel_id)
        if not isinstance(channel, discord.TextChannel | discord.Thread | discord.VoiceChannel):
            return
        message = channel.get_partial_message(message_id)
        if view is None:
            await message.edit(embeds=clamp_embeds([embed]), allowed_mentions=NO_PINGS)
        else:
            await message.edit(embeds=clamp_embeds([embed]), view=view, allowed_mentions=NO_PINGS)
    except discord.NotFound:
        log.info("debate message %s in channel %s is gone; not edited", message_id, channel_id)
    except discord.HTTPException:
        log.warning("could not edit debate message %s in channel %s", message_id, channel_id, exc_info=True)
