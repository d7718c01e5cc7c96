"""What polls look like on Discord: the neutral cards (bot/replies/polls.py) as embeds, with
Discord's time stamps and jump links."""

from __future__ import annotations

from datetime import datetime
from typing import cast, get_args

import discord
from discord.utils import TimestampStyle

from bot.replies import polls as replies
from bot.services.polls import OpenPoll, PollState
from bot.ui.cards import to_embed


def stamp(moment: datetime, style: str) -> str:
    """A Discord time stamp, shown in each member's own time zone (``style``: R, f, t ...)."""
    if style not in get_args(TimestampStyle):
        raise ValueError(f"not a Discord time stamp style: {style!r}")
    return discord.utils.format_dt(moment, cast(TimestampStyle, style))


def jump_url(guild_id: int, channel_id: int, message_id: int | None) -> str | None:
    if message_id is None:
        return None
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"


def poll_embed(state: PollState) -> discord.Embed:
    """The poll message: options (with live counts unless hidden) and how the poll works."""
    return to_embed(replies.poll_card(state, stamp))


def results_embed(state: PollState) -> discord.Embed:
    """Counts, shares and the bar chart (attached as ``poll-<id>.png``, its alt text on the file)."""
    poll = state.poll
    return to_embed(replies.results_card(state, jump_url(poll.guild_id, poll.channel_id, poll.message_id)))


def list_lines(guild_id: int, items: list[OpenPoll]) -> list[str]:
    return replies.list_lines(guild_id, items, stamp, jump_url)
