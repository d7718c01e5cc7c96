"""Discord's limits (docs/discord-limits.md) and the clamps that keep every reply inside them."""

from __future__ import annotations

import discord

# Re-exported: the cogs' one import for limits and clipping.
from bot.text import ELLIPSIS as ELLIPSIS
from bot.text import chunk_lines as chunk_lines
from bot.text import clip as clip

# Only the limits some reply needs: docs/discord-limits.md lists them all.
CONTENT = 2000
EMBEDS_PER_MESSAGE = 10
EMBED_TOTAL = 6000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR = 256
BUTTON_LABEL = 80
SELECT_OPTIONS = 25
SELECT_TEXT = 100
SELECT_PLACEHOLDER = 150
TEXT_INPUT_VALUE = 4000
CHOICES = 25
CHOICE_NAME = 100
ACTION_ROWS = 5


def clamp_embed(embed: discord.Embed, budget: int = EMBED_TOTAL) -> discord.Embed:
    """Cut every part of ``embed`` to its limit and the whole to ``budget`` characters."""
    if embed.title:
        embed.title = clip(embed.title, EMBED_TITLE)
    if embed.description:
        embed.description = clip(embed.description, EMBED_DESCRIPTION)
    if embed.author and embed.author.name:
        embed.set_author(
            name=clip(embed.author.name, AUTHOR), url=embed.author.url, icon_url=embed.author.icon_url
        )
    if embed.footer and embed.footer.text:
        embed.set_footer(text=clip(embed.footer.text, FOOTER), icon_url=embed.footer.icon_url)
    fields = embed.fields[:EMBED_FIELDS]
    embed.clear_fields()
    for f in fields:
        embed.add_field(
            name=clip(f.name, FIELD_NAME) or "\u200b",
            value=clip(f.value, FIELD_VALUE) or "\u200b",
            inline=f.inline,
        )
    # Over the total: drop trailing fields, then shorten the description.
    while len(embed) > budget and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > budget and embed.description:
        excess = len(embed) - budget
        embed.description = clip(embed.description, max(1, len(embed.description) - excess))
    return embed


def clamp_embeds(embeds: list[discord.Embed]) -> list[discord.Embed]:
    """At most ten embeds whose summed length stays within the message total."""
    kept: list[discord.Embed] = []
    remaining = EMBED_TOTAL
    for embed in embeds[:EMBEDS_PER_MESSAGE]:
        if remaining <= 50:
            break
        clamp_embed(embed, remaining)
        remaining -= len(embed)
        kept.append(embed)
    return kept
