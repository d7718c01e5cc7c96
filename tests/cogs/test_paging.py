"""The one paging component (bot/ui/paging.py) behind /actors, /motions and /stance history: its ids
keep the formats earlier versions sent, so buttons on old messages still page them."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from bot.app import Roundtable
from bot.ui import reply
from bot.ui.paging import clamp, page_count, page_of
from tests.conftest import World


def _buttons(message: Any) -> list[dict[str, Any]]:
    return [c for row in message.components for c in row.get("components", [])]


@pytest.fixture
def simcord_bot(make_bot) -> Roundtable:  # type: ignore[no-untyped-def]
    """The bot, plus a test-only command posting a button with a given custom id: a message an
    earlier version of the bot posted."""
    bot = make_bot()

    @app_commands.command(name="show-old", description="test only")
    async def show(interaction: discord.Interaction, custom_id: str) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(discord.ui.Button(label="Next ▶", custom_id=custom_id))
        await reply.send(interaction, "an old message", view=view)

    bot.tree.add_command(show)
    return bot


def test_page_arithmetic() -> None:
    assert [page_count(n, 10) for n in (0, 1, 10, 11, 25)] == [1, 1, 1, 2, 3]
    assert [clamp(p, 3) for p in (-1, 0, 2, 7)] == [0, 0, 2, 2]
    assert list(page_of(list(range(25)), 2, 10)) == [20, 21, 22, 23, 24]


async def test_the_three_lists_keep_their_custom_id_formats(world: World) -> None:
    actors = await world.alice.slash(world.channel, "actors")
    ids = [b["custom_id"] for b in _buttons(actors.response)]
    pack = ids[0].split(":")[2]
    assert ids == [f"roundtable:actors:{pack}:all:0:prev", f"roundtable:actors:{pack}:all:1:next"]
    # Older /actors buttons carried no direction; the component reads both.
    old = await world.alice.slash(world.channel, "show-old", custom_id=f"roundtable:actors:{pack}:all:1")
    await world.bob.click(old.response, custom_id=f"roundtable:actors:{pack}:all:1")
    message = next(m for m in world.channel.history(viewer=world.alice) if m.id == old.response.id)
    assert "Page 2 of 5" in (message.embeds[0].footer.text or "")
    assert [b.label for row in message.components for b in row.children] == ["◀ Previous", "Next ▶"]


async def test_an_old_motions_button_still_gives_a_private_copy(world: World) -> None:
    shown = await world.alice.slash(world.channel, "motions")
    ids = [b["custom_id"] for b in _buttons(shown.response)]
    assert ids[1].startswith("roundtable:motions:1:next")
    old = await world.alice.slash(world.channel, "show-old", custom_id="roundtable:motions:1:next")
    copy = await world.bob.click(old.response, custom_id="roundtable:motions:1:next")
    assert copy.ephemeral
    embed = copy.response.embeds[0]
    assert (embed.footer.text or "").startswith("Page 2/")
    assert _buttons(copy.response)[0]["custom_id"] == "roundtable:motions:0:prev:own"
