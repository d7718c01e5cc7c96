"""A crash between a poll's commit and its message (polls.set_message) left the poll open forever
with no message and no timer. On start, such a poll is removed once its interaction has expired
(nothing could post it any more); a younger one may still be in the hands of another process."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.app import Roundtable
from bot.models import Job, Poll
from bot.services import polls
from tests.conftest import World


async def _created_then_crashed(world: World, question: str, minutes: int | None) -> int:
    """What /poll create commits before it posts the message; the process then dies."""
    bot: Roundtable = world.env.bot  # type: ignore[assignment]
    async with bot.db.unit_of_work() as session:
        poll = await polls.create_poll(
            session,
            guild_id=world.guild.id,
            channel_id=world.channel.id,
            creator_id=world.alice.id,
            question=question,
            options="Yes; No",
            motion=None,
            multiple=False,
            anonymous=False,
            hide_results=False,
            minutes=minutes,
            hash_key=None,
            now=bot.clock(),
        )
        return poll.id


async def _rows(world: World, model: type) -> list[object]:
    bot: Roundtable = world.env.bot  # type: ignore[assignment]
    async with bot.db.unit_of_work() as session:
        return list((await session.execute(select(model))).scalars())


async def test_a_poll_whose_message_was_never_posted_is_removed_on_start(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    await _created_then_crashed(world, "Orphan without a timer?", None)
    await _created_then_crashed(world, "Orphan with a timer?", 60 * 24)
    listed = await world.alice.slash(world.channel, "poll list")
    assert "Orphan" in str([e.description for e in listed.response.embeds])
    await world.env.advance_time(16 * 60)  # past the interaction's 15 minutes
    young = await _created_then_crashed(world, "Still being posted elsewhere?", None)

    await world.env.restart_bot(make_bot())
    assert [p.id for p in await _rows(world, Poll)] == [young]  # type: ignore[attr-defined]
    closes = [j for j in await _rows(world, Job) if j.kind == polls.CLOSE_JOB and j.status != "cancelled"]  # type: ignore[attr-defined]
    assert closes == []  # the timer went with its poll
    listed = await world.alice.slash(world.channel, "poll list")
    assert "Orphan" not in str([e.description for e in listed.response.embeds]) + listed.response.content
    created = await world.alice.slash(world.channel, "poll create", question="Tea?", options="Yes; No")
    assert not created.ephemeral  # the bot works on


async def test_a_poll_posted_normally_survives_restarts(
    world: World, make_bot: Callable[[], Roundtable]
) -> None:
    created = await world.alice.slash(world.channel, "poll create", question="Tea?", options="Yes; No")
    assert not created.ephemeral
    await world.env.advance_time(3600)
    await world.env.restart_bot(make_bot())
    assert len(await _rows(world, Poll)) == 1
