"""NUL and other control characters in members' text are dropped once, at the boundary, for
every command, button and form (bot/input_text.py): PostgreSQL refused U+0000, so `/stance set`
reasons, `/motion add` and `/poll create` questions holding it got "something went wrong"."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import Roundtable
from bot.models import Motion, Poll, StanceEvent
from tests.conftest import World

DIRTY = "tea\x00 for\x07 two\x1b[31m"
CLEAN = "tea for two[31m"


async def _one(world: World, query: object) -> object:
    bot: Roundtable = world.env.bot  # type: ignore[assignment]
    async with bot.db.unit_of_work() as s:
        return (await s.execute(query)).scalars().first()  # type: ignore[call-overload]


async def test_a_reason_with_nul_is_recorded_without_it(world: World) -> None:
    result = await world.alice.slash(world.channel, "stance set", motion="1", stance="agree", reason=DIRTY)
    assert "Recorded" in result.response.content, result.response.content
    assert await _one(world, select(StanceEvent.reason)) == CLEAN


async def test_a_motion_with_nul_is_added_without_it(world: World) -> None:
    title = f"NATO should hold {DIRTY} summits"
    result = await world.moderator.slash(world.channel, "motion add", text=title)
    assert "went wrong" not in result.response.content, result.response.content
    titles = list((await _one(world, select(Motion.title).where(Motion.guild_id == world.guild.id)),))
    assert titles == [f"NATO should hold {CLEAN} summits"]


async def test_a_poll_question_and_options_with_nul_are_kept_without_it(world: World) -> None:
    result = await world.alice.slash(
        world.channel, "poll create", question=f"Which {DIRTY}?", options="Yes\x00; No\x01"
    )
    assert not result.ephemeral, result.response.content
    poll = await _one(world, select(Poll))
    assert poll.question == f"Which {CLEAN}?" and poll.options == ["Yes", "No"]  # type: ignore[attr-defined]


async def test_autocomplete_with_nul_answers(world: World) -> None:
    choices = await world.alice.autocomplete(world.channel, "stance set", "motion", "Tok\x00yo")
    assert any("Tokyo" in c["name"] for c in choices)
