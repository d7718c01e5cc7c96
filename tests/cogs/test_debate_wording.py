"""Issue 15, wording in debates: counts agree with their nouns, each step is said once, names not ids."""

from __future__ import annotations

from tests.cogs.debate_support import current, two_debaters
from tests.conftest import World


async def test_counts_of_one_read_in_the_singular(world: World) -> None:
    board = await two_debaters(world)
    await world.alice.slash(world.channel, "debate vote", side="for")
    fields = {f.name: f.value for f in current(world, world.alice, board).embeds[0].fields}
    assert fields["How it runs"].startswith("1. Join For, Against or the audience.\n2. Everyone votes")
    assert fields["Pre-vote: open"].startswith("1 vote so far.")
    assert fields["Audience"] == "0 members"
    await world.moderator.slash(world.channel, "debate next")
    await world.alice.slash(world.channel, "debate argue", text="Security is indivisible.")

    stored = await world.alice.slash(world.channel, "privacy")
    text = stored.response.embeds[0].description
    assert "**Debates:** 1 vote, 1 time on a side, 1 argument" in text


async def test_steelman_boards_say_how_to_join_once(world: World) -> None:
    started = await world.moderator.slash(world.channel, "debate start", motion="1", assign="counter")
    fields = {f.name: f.value for f in started.response.embeds[0].fields}
    first_step = fields["How it runs"].splitlines()[0]
    assert first_step.startswith("1. Pick **Debate (steelman)**")
    assert "Pick your side" not in fields["How it runs"]
