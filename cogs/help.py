"""/help: every command with one line each, grouped by feature."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui import reply
from bot.ui.commands import leaf_commands
from bot.ui.limits import chunk_lines

if TYPE_CHECKING:
    from bot.app import Roundtable

OTHER = "Other"


def command_index(tree: app_commands.CommandTree) -> dict[str, list[str]]:
    """Feature title -> lines '/name — description', from the tree itself so it never goes stale."""
    groups: dict[str, list[str]] = {}
    for _name, leaf in leaf_commands(tree):
        cog = leaf.binding if isinstance(leaf.binding, commands.Cog) else None
        title = getattr(cog, "feature", None) or (cog.qualified_name if cog else OTHER)
        groups.setdefault(title, []).append(f"`/{leaf.qualified_name}` — {leaf.description}")
    return groups


class Help(commands.Cog):
    feature = "Help"

    def __init__(self, bot: Roundtable) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="List Roundtable's commands, grouped by feature")
    async def help(self, interaction: discord.Interaction) -> None:
        embed = discord.Embed(
            title="Roundtable commands",
            description="Read the text together, ask about its actors, take stances, debate and poll.",
            colour=discord.Colour.blurple(),
        )
        for title, lines in command_index(self.bot.tree).items():
            pages = chunk_lines(lines, 1024)
            for i, page in enumerate(pages):
                embed.add_field(name=title if i == 0 else f"{title} (more)", value=page, inline=False)
        await reply.send(interaction, embed=embed, ephemeral=True)


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Help(bot))
