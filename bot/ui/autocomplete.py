"""Autocomplete callbacks shared by cogs (any option that names a motion)."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.services import motions
from bot.ui.host import host_of
from bot.ui.limits import CHOICE_NAME, CHOICES, clip


async def motion_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Motions by number or words: ``3``, ``#3`` or ``tokyo office``."""
    if interaction.guild_id is None:
        return []
    bot = host_of(interaction)
    async with bot.db.unit_of_work() as session:
        found = await motions.motion_choices(session, interaction.guild_id, current[:100], limit=CHOICES)
    return [
        app_commands.Choice(name=clip(f"#{m.number} {m.title}", CHOICE_NAME), value=str(m.number))
        for m in found
    ]
