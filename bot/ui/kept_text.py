"""/source with the kept text: the paragraph itself leads, the pack's summary follows."""

from __future__ import annotations

import discord

from bot.services.pack_index import PackIndex
from bot.ui.limits import FIELD_VALUE, clip

PARAGRAPH_CHARS = 3000  # of the embed's 4096, leaving room for the facts and quotations


def with_kept_paragraph(embed: discord.Embed, index: PackIndex, number: int) -> discord.Embed:
    """``embed`` (a /source card) showing paragraph ``number`` verbatim, when the text is kept."""
    text = index.kept_text.get(number)
    if not text:
        return embed
    summary = embed.description
    embed.description = clip(text, PARAGRAPH_CHARS)
    if summary:
        embed.insert_field_at(0, name="Summary", value=clip(summary, FIELD_VALUE), inline=False)
    embed.set_footer(
        text=f"{index.title} · the paragraph as written (the group's copy); summary and facts are paraphrases"
    )
    return embed
