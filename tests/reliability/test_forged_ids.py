"""Forged custom ids with numbers past 64 bits are refused politely, never "something went wrong"
(OverflowError on SQLite, asyncpg DataError on PostgreSQL); the largest number inside the range
reaches the handler and finds nothing."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands

from bot.app import Roundtable
from bot.ui import reply
from bot.ui.custom_ids import NOT_OURS
from tests.conftest import World

HUGE = "99999999999999999999999"
TWO_TO_63 = str(2**63)
FORGED = [
    f"roundtable:poll:{HUGE}:0",
    f"roundtable:poll:1:{HUGE}",
    f"roundtable:poll:{TWO_TO_63}:0",
    f"roundtable:who:{HUGE}:asean",
    f"roundtable:actors:{HUGE}:state:0",
    f"roundtable:actors:1:state:{HUGE}",
    f"roundtable:vote:{HUGE}:agree",
    f"roundtable:stance-history:{HUGE}:1:0:next",
    f"roundtable:stance-history:1:{HUGE}:0:next",
    f"roundtable:stance-forget:{HUGE}:1:yes",
    f"roundtable:debate:{HUGE}:join:for",
    f"roundtable:debate:{HUGE}:vote:for",
    f"roundtable:debate:{HUGE}:argue",
    f"roundtable:motions:{HUGE}:next",
]
# Inside the range: handled as usual (nothing by that number exists).
LARGEST = "9219999999999999999"
IN_RANGE = [
    f"roundtable:poll:{LARGEST}:0",
    f"roundtable:vote:{LARGEST}:agree",
    f"roundtable:debate:{LARGEST}:argue",
]


@pytest.fixture
def simcord_bot(make_bot) -> Roundtable:  # type: ignore[no-untyped-def]
    """The bot, plus a test-only command posting buttons with the given custom ids (Discord lets a
    modified client send any custom id; SimCord only clicks buttons a message holds)."""
    bot = make_bot()

    @app_commands.command(name="show-forged", description="test only")
    async def show(interaction: discord.Interaction, ids: str) -> None:
        view = discord.ui.View(timeout=None)
        for i, custom_id in enumerate(ids.split(" ")):
            view.add_item(discord.ui.Button(label=str(i), custom_id=custom_id))
        await reply.send(interaction, "forged", view=view)

    bot.tree.add_command(show)
    return bot


async def _click_each(world: World, custom_ids: list[str]) -> list[str]:
    shown = await world.alice.slash(world.channel, "show-forged", ids=" ".join(custom_ids))
    answers = []
    for custom_id in custom_ids:
        result = await world.bob.click(shown.response, custom_id=custom_id)
        answer = result.followups[-1] if result.followups else result.response
        assert result.ephemeral or (answer is not None and answer.flags.ephemeral), custom_id
        answers.append(answer.content)
    return answers


async def test_numbers_past_64_bits_are_refused_politely(world: World) -> None:
    answers = await _click_each(world, FORGED)
    assert answers == [NOT_OURS] * len(FORGED)
    assert world.take_errors() == []


async def test_the_largest_number_in_range_reaches_the_handler(world: World) -> None:
    answers = await _click_each(world, IN_RANGE)
    for custom_id, content in zip(IN_RANGE, answers, strict=True):
        assert "went wrong" not in content and content != NOT_OURS, (custom_id, content)
