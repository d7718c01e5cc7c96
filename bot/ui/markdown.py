"""Member-typed text shown where Discord renders markdown (message content, embed titles,
descriptions and field names): escaped, so ``**A**`` reads as typed instead of turning bold.

Not for places Discord shows as plain text (button labels, footers, autocomplete choices,
attachment descriptions, CSV cells): there the backslashes would show.
"""

from __future__ import annotations

import discord

from bot.ui.limits import clip


def escaped(text: str, limit: int | None = None) -> str:
    """``text`` (cut to ``limit`` characters first, when given) with its markdown escaped."""
    return discord.utils.escape_markdown(clip(text, limit) if limit is not None else text)
