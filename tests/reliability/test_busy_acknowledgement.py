"""Under load, interactions are acknowledged before their database work, so none outlives
Discord's 3-second window; with the database free they are answered in one response."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import TypeVar, cast

from sqlalchemy import select

from bot.app import Roundtable
from bot.models import PollVote, Stance
from tests.cogs.test_polls import TEA, create, message, receipt
from tests.conftest import World

T = TypeVar("T")


def bot_of(world: World) -> Roundtable:
    return cast(Roundtable, world.env.bot)


@asynccontextmanager
async def busy_database(world: World) -> AsyncIterator[asyncio.Event]:
    """Hold as many units of work open as the database runs at once, until the event is set."""
    db = bot_of(world).db
    release = asyncio.Event()
    holding = [asyncio.Event() for _ in range(db.capacity)]

    async def hold(held: asyncio.Event) -> None:
        async with db.unit_of_work():
            held.set()
            await release.wait()

    holders = [asyncio.create_task(hold(held)) for held in holding]
    for held in holding:
        await held.wait()
    assert db.busy
    try:
        yield release
    finally:
        release.set()
        await asyncio.gather(*holders)


# Interaction callback types (Discord): how an interaction was first acknowledged.
MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE = 4, 5, 6, 7


async def while_busy(world: World, action: Awaitable[T]) -> tuple[T, int | None]:
    """Run ``action`` with the database busy; release it once the interaction was acknowledged.
    Returns the action's result and the callback type sent while the database was held (None:
    not acknowledged until the database was free)."""
    seen = len(callbacks(world))
    async with busy_database(world) as release:
        task: asyncio.Task[T] = asyncio.ensure_future(action)
        for _ in range(2000):
            if len(callbacks(world)) > seen or task.done():
                break
            await asyncio.sleep(0.001)
        early = callbacks(world)[seen] if len(callbacks(world)) > seen else None
        release.set()
        return await task, early


def callbacks(world: World) -> list[int]:
    return [int(r.json["type"]) for r in world.env.http_requests if r.path.endswith("/callback")]


async def test_stance_set_is_acknowledged_first_when_the_database_is_busy(world: World) -> None:
    result, early = await while_busy(
        world, world.alice.slash(world.channel, "stance set", motion="3", stance="agree")
    )
    assert early == DEFERRED_MESSAGE and result.ephemeral
    assert "Recorded on **#3" in receipt(result).content
    async with bot_of(world).db.unit_of_work() as s:
        query = select(Stance.value).where(Stance.user_id == world.alice.id)
        values = list((await s.execute(query)).scalars())
    assert values == [1]

    # The database free again: one response, no "thinking".
    quiet = await world.alice.slash(world.channel, "stance set", motion="3", stance="disagree")
    assert callbacks(world)[-1] == MESSAGE and "agree → **disagree**" in quiet.response.content


async def test_a_vote_click_is_acknowledged_first_and_still_updates_the_poll(world: World) -> None:
    created, _poll_id = await create(world, **TEA)
    poll_message = message(world, created.response.id)
    custom_id = poll_message.components[0].children[1].custom_id  # type: ignore[union-attr]
    before = poll_message.embeds[0].footer.text
    result, early = await while_busy(world, world.bob.click(poll_message, custom_id=custom_id))
    assert early == DEFERRED_UPDATE
    assert "Coffee" in receipt(result).content and receipt(result).ephemeral
    # The live counts still reach the poll message (edited through the deferred interaction).
    assert (before, message(world, created.response.id).embeds[0].footer.text) == (
        "Poll #1 · 0 voters",
        "Poll #1 · 1 voter",
    )
    async with bot_of(world).db.unit_of_work() as s:
        votes = list((await s.execute(select(PollVote.option_index))).scalars())
    assert votes == [1]


async def test_who_answers_from_memory_even_when_the_database_is_busy(world: World) -> None:
    # Cold: the guild's pack is not known yet, so /who needs the database and acknowledges first.
    cold, early = await while_busy(world, world.alice.slash(world.channel, "who", actor="ASEAN"))
    assert early == DEFERRED_MESSAGE
    assert receipt(cold).embeds[0].title == "ASEAN"
    # Warm: answered in one response without waiting for the busy database.
    warm, early = await while_busy(world, world.bob.slash(world.channel, "who", actor="Kishida"))
    assert early == MESSAGE and warm.response.embeds[0].title == "Fumio Kishida"


async def test_a_burst_is_acknowledged_before_the_work_and_answered_after(world: World) -> None:
    # Twenty questions arriving together, as in the benchmark's burst (bench/simcord_raw.py plays
    # Discord: it emits them all before the bot runs any).
    from bench.simcord_raw import AckClock, Emitter, slash_data

    emitter = Emitter(world.env, AckClock(world.env))
    members = [world.member(f"reader{i}") for i in range(20)]
    question = {"question": "Why does China oppose NATO in Asia?"}
    await world.alice.slash(world.channel, "ask", **question)  # the pack index is in memory now
    seen = len(callbacks(world))
    requests_before = len(world.env.http_requests)
    data = [slash_data(m, world.channel, "ask", question) for m in members]
    records = [emitter.slash(m, world.channel, d) for m, d in zip(members, data, strict=True)]
    await emitter.settle(60, idle=0.01)

    # With more than bot.app.BACKLOG_LIMIT (8) waiting behind it, a handler acknowledges first;
    # so do the last eight, a moment after (bot.app.LOAD_LINGER): the work of the rest is ahead.
    assert callbacks(world)[seen:] == [DEFERRED_MESSAGE] * 20
    assert all(r.responded for r in records)
    answers = [r for r in world.env.http_requests[requests_before:] if "/webhooks/" in r.path]
    assert len(answers) == 20  # every deferred question got its answer
    assert all(a.json["embeds"][0]["title"] for a in answers)
    bot = bot_of(world)
    assert bot.backlog == 0 and bot.under_load(waits_for_database=False)

    # Once the linger has passed, a question is answered in one response again.
    await world.env.advance_time(2)
    assert not bot.under_load()
    await world.bob.slash(world.channel, "ask", **question)
    assert callbacks(world)[-1] == MESSAGE
