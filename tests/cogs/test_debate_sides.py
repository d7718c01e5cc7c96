"""Issue 15: steelman debates balance the sides, say what they assigned and why, and the floor
never goes to an empty side."""

from __future__ import annotations

from sqlalchemy import select

from bot.models import DebateParticipant
from tests.cogs.debate_support import bot_of, only_debate
from tests.conftest import World


async def _sides(world: World) -> dict[str, list[str]]:
    debate = await only_debate(world)
    async with bot_of(world).db.unit_of_work() as session:
        rows = (
            await session.execute(select(DebateParticipant).where(DebateParticipant.debate_id == debate.id))
        ).scalars()
        found: dict[str, list[str]] = {"for": [], "against": [], "audience": []}
        for row in rows:
            found[row.side].append(row.display_name or "?")
    return {side: sorted(names) for side, names in found.items()}


async def test_steelman_keeps_the_sides_even_and_says_why(world: World) -> None:
    carol, dave = world.member("carol"), world.member("dave")
    for member in (world.alice, world.bob, carol, dave):  # everyone agrees with the motion
        await member.slash(world.channel, "stance set", motion="1", stance="agree")
    started = await world.moderator.slash(world.channel, "debate start", motion="1", assign="counter")
    board = started.response

    first = await world.alice.click(board, label="Debate (steelman)")
    assert "You debate **Against**" in first.followups[0].content
    assert "You agree with the motion, so you argue Against" in first.followups[0].content
    second = await world.bob.click(board, label="Debate (steelman)")
    text = second.followups[0].content
    assert "You debate **For**" in text
    assert "Against already has 1 and For 0: you argue For to balance the sides." in text
    await carol.click(board, label="Debate (steelman)")
    await dave.click(board, label="Debate (steelman)")
    assert await _sides(world) == {"for": ["bob", "dave"], "against": ["alice", "carol"], "audience": []}

    speech = await world.moderator.slash(world.channel, "debate next")
    assert "alice" not in speech.response.embeds[0].description  # For opens: Bob, not an empty side
    assert "bob has the floor" in speech.response.embeds[0].description


async def test_asking_for_a_side_in_a_steelman_debate_says_when_it_is_not_granted(world: World) -> None:
    await world.moderator.slash(world.channel, "debate start", motion="1", assign="counter")
    erin = world.member("erin")
    await erin.slash(world.channel, "stance set", motion="1", stance="strongly agree")
    joined = await erin.slash(world.channel, "debate join", side="for")
    text = joined.response.content
    assert "You debate **Against**" in text
    assert text.count("You asked for For, but in a steelman debate the bot picks the side.") == 1
    assert "You agree with the motion" in text
    again = await erin.slash(world.channel, "debate join", side="for")
    assert (
        "You already debate Against. In a steelman debate the bot picks the sides" in again.response.content
    )


async def test_the_speeches_do_not_start_with_an_empty_side(world: World) -> None:
    await world.moderator.slash(world.channel, "debate start", motion="1", assign="counter")
    await world.alice.slash(world.channel, "stance set", motion="1", stance="agree")
    await world.alice.slash(world.channel, "debate join", side="debate")  # Against: For is empty
    refused = await world.moderator.slash(world.channel, "debate next")
    assert refused.ephemeral
    assert refused.response.content.startswith("Nobody debates For yet, so the speeches cannot start.")
    assert "The next member to ask to debate is put on the empty side." in refused.response.content
    assert (await only_debate(world)).phase == "prevote"

    await world.bob.slash(world.channel, "stance set", motion="1", stance="agree")
    filled = await world.bob.slash(world.channel, "debate join", side="debate")
    assert "You debate **For**" in filled.response.content
    started = await world.moderator.slash(world.channel, "debate next")
    assert not started.ephemeral and "bob has the floor" in started.response.embeds[0].description
