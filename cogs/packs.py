"""/pack list and /pack use: which loaded content pack (article) this server reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.services import content
from bot.text import plural
from bot.ui import reply
from bot.ui.checks import guild_id_of, require_moderator
from bot.ui.limits import CHOICE_NAME, CHOICES, EMBED_DESCRIPTION, chunk_lines, clip

if TYPE_CHECKING:
    from bot.app import RoundtableBot


class Packs(commands.Cog):
    feature = "Content packs"

    pack = app_commands.Group(
        name="pack", description="The articles (content packs) this server can read", guild_only=True
    )

    def __init__(self, bot: RoundtableBot) -> None:
        self.bot = bot

    async def pack_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.casefold().strip()
        async with self.bot.db.unit_of_work() as session:
            packs = await content.list_packs(session)
        found = [p for p in packs if needle in p.slug or needle in p.title.casefold()][:CHOICES]
        return [
            app_commands.Choice(name=clip(f"{p.title} ({p.slug})", CHOICE_NAME), value=p.slug) for p in found
        ]

    @pack.command(name="list", description="The loaded content packs, and which one this server reads")
    async def list_(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            packs = await content.list_packs(session)
            active = await content.active_pack(session, guild_id)
        lines = [
            f"{'▶ ' if p.id == active.id else '• '}**{p.title}** (`{p.slug}`) — {p.author}, {p.publication}; "
            f"{plural(p.paragraph_count, 'paragraph')}"
            for p in packs
        ]
        pages = chunk_lines(lines, EMBED_DESCRIPTION - 100)
        more = f"\n… and more ({plural(len(packs), 'pack')} in all)" if len(pages) > 1 else ""
        description = pages[0] + more
        embed = discord.Embed(title="Content packs", description=description, colour=0x5865F2)
        embed.set_footer(text=f"This server reads: {active.title}. Moderators change it with /pack use.")
        await reply.send(interaction, embed=embed, ephemeral=True)

    @pack.command(name="use", description="Moderators: choose the article this server reads")
    @app_commands.describe(pack="The pack's id or title (see /pack list)")
    @app_commands.autocomplete(pack=pack_autocomplete)
    async def use(self, interaction: discord.Interaction, pack: app_commands.Range[str, 1, 64]) -> None:
        guild_id = guild_id_of(interaction)
        async with self.bot.db.unit_of_work() as session:
            await require_moderator(session, interaction)
            wanted = await content.resolve_pack(session, pack)
            already = (await content.active_pack(session, guild_id)).id == wanted.id
            if not already:
                await content.set_active_pack(session, guild_id, wanted.slug, self.bot.clock())
            title = wanted.title
        if already:
            text = f"This server already reads **{title}**: nothing changed."
            await reply.send(interaction, text, ephemeral=True)
            return
        self.bot.indexes.forget_guild(guild_id)
        await reply.send(
            interaction, f"This server now reads **{title}**: /who, /ask, /actors and /source use it."
        )


async def setup(bot: RoundtableBot) -> None:
    await bot.add_cog(Packs(bot))
