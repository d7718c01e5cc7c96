"""/pack list and /pack use: which loaded content pack (article) this server reads.
/pack reload: moderators apply edited pack files without a restart, in every process."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.pack_reload import FolderRead, read_packs
from bot.services import content, pack_reload
from bot.text import plural
from bot.ui import reply
from bot.ui.checks import guild_id_of, require_moderator
from bot.ui.limits import CHOICE_NAME, CHOICES, EMBED_DESCRIPTION, chunk_lines, clip

if TYPE_CHECKING:
    from bot.app import Roundtable


class Packs(commands.Cog):
    feature = "Content packs"

    pack = app_commands.Group(
        name="pack", description="The articles (content packs) this server can read", guild_only=True
    )

    def __init__(self, bot: Roundtable) -> None:
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

    # --- /pack reload (other processes see it through bot.services.pack_index) --------------------

    @pack.command(name="reload", description="Moderators: read the packs folder again and apply what changed")
    async def reload(self, interaction: discord.Interaction) -> None:
        async with self.bot.db.unit_of_work() as session:
            await require_moderator(session, interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        read = await asyncio.to_thread(read_packs, self.bot.settings.packs_dir)
        async with self.bot.db.unit_of_work() as session:
            changed = await pack_reload.apply_packs(session, read.packs, self.bot.clock())
            generation = await pack_reload.packs_generation(session)
        self.bot.packs = [pack for _, pack in read.packs]
        self.bot.indexes.forget_all()
        self.bot.indexes.reloaded(generation)  # other processes see the new generation by themselves
        await reply.send(interaction, embed=reload_report(read, changed), ephemeral=True)


def reload_report(read: FolderRead, changed: list[str]) -> discord.Embed:
    """What /pack reload applied, and each problem of the packs it could not."""
    titles = {pack.meta.id: pack.meta.title for _, pack in read.packs}
    same = [slug for slug in titles if slug not in changed]
    lines = [f"Updated: {', '.join(f'**{titles[s]}** (`{s}`)' for s in changed)}." if changed else ""]
    lines.append(f"Unchanged: {', '.join(f'`{s}`' for s in same)}." if same else "")
    if not read.packs and not read.problems:
        lines = ["The packs folder holds no pack: nothing changed."]
    embed = discord.Embed(
        title="Packs reloaded" if not read.problems else "Packs reloaded, with problems",
        description="\n".join(line for line in lines if line) or "Nothing to apply.",
        colour=0x009E73 if not read.problems else 0xE69F00,
    )
    for folder, problems in list(read.problems.items())[:5]:
        pages = chunk_lines([f"• {clip(p, 300)}" for p in problems], 1000)
        more = f"\n… and more ({len(problems)} in all)" if len(pages) > 1 else ""
        embed.add_field(
            name=clip(f"{folder}: not applied (the loaded version stays)", 256),
            value=pages[0] + more,
            inline=False,
        )
    embed.set_footer(
        text="Changes apply at once here and in every other process; stances on kept motions stay."
    )
    return embed


async def setup(bot: Roundtable) -> None:
    await bot.add_cog(Packs(bot))
