"""Members' display names for exports and charts, without the privileged members intent.

The bot's member cache holds only the members Discord happened to send (interactions, mostly),
so a name missing from it is fetched by REST: up to ``limit`` per call, a few at a time. A member
who left, or whom the bot may not see, is simply left out; callers decide what to show instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

import discord

log = logging.getLogger(__name__)

# Members looked up by REST per call at most (an export of a big server stays a few seconds).
NAME_LOOKUPS = 200
# REST lookups in flight at once: quick for a chart's thirty names, gentle on the rate limits.
CONCURRENT_LOOKUPS = 5


async def display_names(
    guild: discord.Guild | None, member_ids: Iterable[int], *, limit: int = NAME_LOOKUPS
) -> dict[int, str]:
    """Display names by member id, for the members the bot has cached or could fetch."""
    if guild is None:
        return {}
    names: dict[int, str] = {}
    missing: list[int] = []
    for member_id in sorted(set(member_ids)):
        member = guild.get_member(member_id)
        if member is not None:
            names[member_id] = member.display_name
        else:
            missing.append(member_id)
    gate = asyncio.Semaphore(CONCURRENT_LOOKUPS)

    async def fetch(member_id: int) -> None:
        async with gate:
            try:
                member = await guild.fetch_member(member_id)
            except discord.HTTPException as exc:  # left the server, or hidden from the bot
                log.debug("no name for a member of guild %s: %s", guild.id, exc.status)
                return
        names[member_id] = member.display_name

    await asyncio.gather(*(fetch(member_id) for member_id in missing[:limit]))
    return names
