"""What the playground's page and the README pictures show: the Preview projection they render.

SimCord's Preview left ``<@id>`` raw inside embeds; a reader must see member names instead.
The projection (``Preview.snapshot``) is exactly what the page draws, so no browser is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import discord

from bot.console import ConsoleSession
from bot.console.preview import open_preview
from bot.playground import MEMBERS, SEED_LINES, seed
from bot.settings import Settings

RAW_MENTION = re.compile(r"<@!?\d+>")


def rendered_text(node: Any) -> Iterator[str]:
    """Every piece of text the page draws from message bodies (``*_tokens`` trees), mentions as labels."""
    if isinstance(node, dict):
        if node.get("type") == "mention":
            yield str(node.get("label", ""))
        elif node.get("type") == "text":
            yield str(node.get("content", ""))
        for key, value in node.items():
            if key.endswith("_tokens") or key == "children" or isinstance(value, dict | list):
                yield from rendered_text(value)
    elif isinstance(node, list):
        for item in node:
            yield from rendered_text(item)


async def test_the_playground_shows_members_by_name_inside_embeds(tmp_path: Path) -> None:
    settings = replace(Settings.from_env(), database_url=f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    async with ConsoleSession(settings) as session:
        for name in MEMBERS:
            session.member(name)
        assert await seed(session, SEED_LINES) == []
        viewers = [session.member(name) for name in MEMBERS]
        # The bot's own renderers now write names, so post an embed that mentions members, as
        # any embed still could (a member's text is echoed in some): the preview must name them.
        assert session.place is not None
        channel = session.bot.get_channel(session.place.channel.id)
        assert isinstance(channel, discord.TextChannel)
        alice, bob = session.member("alice"), session.member("bob")
        await channel.send(
            embed=discord.Embed(description=f"For: <@{alice.id}> · Against: <@{bob.id}>"),
            allowed_mentions=discord.AllowedMentions.none(),
        )
        async with open_preview(session, viewers=viewers, layout="channel") as page:
            projection = await page.snapshot()
    embeds = [embed for message in projection["messages"].values() for embed in message.get("embeds", [])]
    assert any(RAW_MENTION.search(str(embed)) for embed in embeds), "the embed with mentions is not shown"
    shown = "\n".join(rendered_text(embeds))
    assert not RAW_MENTION.search(shown), shown
    assert "@alice" in shown and "@bob" in shown
