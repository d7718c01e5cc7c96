"""One rule for typed motion, poll and pack names (bot/services/resolve.py) through the real bot:
act only on an exact or clearly unique match, otherwise ask "did you mean ...?" privately and act
on the press of the member who asked (issue 15)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.models import Debate, Motion, PendingChoice, Poll, StanceEvent
from tests.cogs.positions_cog_support import assert_no_pings_and_within_limits, buttons, text_of
from tests.conftest import World

MOTION_3 = "#3 NATO should make the AP4 a regular presence at its summits"


async def _two_polls(world: World) -> None:
    await world.alice.slash(world.channel, "poll create", question="Pick a chapter", options="A; B")
    await world.alice.slash(
        world.channel, "poll create", question="Should NATO open a Tokyo office?", options="Yes; No"
    )


async def _closed(world: World) -> dict[str, bool]:
    async with world.env.bot.db.unit_of_work() as s:
        rows = (await s.execute(select(Poll.question, Poll.closed_at))).all()
    return {question: closed is not None for question, closed in rows}


async def _stances(world: World) -> int:
    async with world.env.bot.db.unit_of_work() as s:
        return int((await s.execute(select(func.count()).select_from(StanceEvent))).scalar_one())


async def test_a_weak_poll_name_closes_nothing_and_the_press_closes_the_one_meant(world: World) -> None:
    await _two_polls(world)
    weak = await world.alice.slash(world.channel, "poll close", poll="abc")
    assert weak.ephemeral and "No poll matches 'abc'" in weak.response.content
    assert not any((await _closed(world)).values())

    await world.alice.slash(
        world.channel, "poll create", question="Should NATO open a Seoul office?", options="Yes; No"
    )
    asked = await world.alice.slash(world.channel, "poll close", poll="nato office")
    assert asked.ephemeral and "More than one poll could be 'nato office'" in asked.response.content
    assert not any((await _closed(world)).values())
    labels = [b["label"] for b in buttons(asked.response)]
    assert sorted(labels) == ["#2 Should NATO open a Tokyo office?", "#3 Should NATO open a Seoul office?"]
    assert all(b["custom_id"].startswith("roundtable:pick:") for b in buttons(asked.response))

    pressed = await world.alice.click(asked.response, label="#3 Should NATO open a Seoul office?")
    assert await _closed(world) == {
        "Pick a chapter": False,
        "Should NATO open a Tokyo office?": False,
        "Should NATO open a Seoul office?": True,
    }
    [question] = [m for m in world.channel.history(viewer=world.alice) if m.id == asked.response.id]
    assert "You chose **#3 Should NATO open a Seoul office?**" in question.content and not buttons(question)
    [results] = pressed.followups
    assert not results.ephemeral and "Seoul" in text_of(results)
    assert_no_pings_and_within_limits(world.env)


def _last_text(result: Any) -> str:
    messages = [*([result.response] if result.response else []), *result.followups]
    return text_of(messages[-1])


async def test_upper_case_names_the_tokyo_poll_and_motion(world: World) -> None:
    await _two_polls(world)
    closed = await world.alice.slash(world.channel, "poll close", poll="TOKYO OFFICE")
    assert not closed.ephemeral
    assert await _closed(world) == {"Pick a chapter": False, "Should NATO open a Tokyo office?": True}
    taken = await world.bob.slash(world.channel, "stance set", motion="TOKYO OFFICE", stance="agree")
    assert "Recorded on **#1 NATO should open a liaison office in Tokyo**" in taken.response.content


async def test_common_words_and_near_misses_record_no_stance(world: World) -> None:
    the = await world.alice.slash(world.channel, "stance set", motion="the", stance="agree")
    assert the.ephemeral and "More than one motion could be 'the'" in the.response.content
    assert len(buttons(the.response)) == 5  # the five best of the many titles holding "the"
    seoul = await world.alice.slash(
        world.channel, "stance set", motion="seoul summit", stance="agree", reason="Vilnius"
    )
    assert seoul.ephemeral and (
        f"Did you mean **{MOTION_3}**?" in seoul.response.content
    )
    assert await _stances(world) == 0

    # The press records the stance with every argument the member gave (the reason too).
    await world.alice.click(seoul.response, label=MOTION_3)
    async with world.env.bot.db.unit_of_work() as s:
        [(value, reason)] = (await s.execute(select(StanceEvent.value, StanceEvent.reason))).all()
    assert (value, reason) == (1, "Vilnius")


def _questions(world: World) -> list[Any]:
    return [m for m in world.channel.history(viewer=world.alice) if "roundtable:pick:" in str(m.components)]


async def test_the_question_survives_a_restart(world: World, make_bot) -> None:  # type: ignore[no-untyped-def]
    asked = await world.moderator.slash(world.channel, "motion show", motion="seoul summit")
    await world.env.restart_bot(make_bot())
    await world.moderator.click(asked.response, label=MOTION_3)
    async with world.env.bot.db.unit_of_work() as s:
        assert (await s.execute(select(func.count()).select_from(PendingChoice))).scalar_one() == 0
    [shown] = [m for m in world.channel.history(viewer=world.moderator) if "AP4" in text_of(m) and m.embeds]
    assert MOTION_3 in text_of(shown)


async def test_debate_start_waits_for_the_pick_and_keeps_its_own_board(world: World) -> None:
    asked = await world.moderator.slash(world.channel, "debate start", motion="the")
    assert asked.ephemeral and "More than one motion could be 'the'" in asked.response.content
    async with world.env.bot.db.unit_of_work() as s:
        assert (await s.execute(select(func.count()).select_from(Debate))).scalar_one() == 0
    label = next(b["label"] for b in buttons(asked.response) if b["label"].startswith("#3 "))
    pressed = await world.moderator.click(asked.response, label=label)
    [board] = pressed.followups
    assert not board.ephemeral and board.embeds[0].title.startswith("Debate: #3 ")
    async with world.env.bot.db.unit_of_work() as s:
        debate = (await s.execute(select(Debate))).scalar_one()
    assert debate.message_id == board.id  # the board, not the question it answered


async def test_poll_results_without_a_poll_shows_the_newest_one_anyone_may_see(world: World) -> None:
    await world.alice.slash(world.channel, "poll create", question="Pick a chapter", options="A; B")
    await world.alice.slash(
        world.channel, "poll create", question="Who wins?", options="Red; Blue", hide_results=True
    )
    shown = await world.bob.slash(world.channel, "poll results")
    assert not shown.ephemeral
    [message] = shown.followups or [shown.response]
    assert "Pick a chapter" in text_of(message)


async def test_motion_approve_asks_between_two_pending_proposals(world: World) -> None:
    await world.alice.slash(world.channel, "motion add", text="NATO should open an office in Seoul")
    await world.bob.slash(world.channel, "motion add", text="NATO should open an office in Manila")
    asked = await world.moderator.slash(world.channel, "motion approve", motion="nato office")
    assert asked.ephemeral and "More than one motion could be 'nato office'" in asked.response.content
    async with world.env.bot.db.unit_of_work() as s:
        statuses = dict(
            (await s.execute(select(Motion.number, Motion.status).where(Motion.guild_id.is_not(None)))).all()
        )
    assert statuses == {33: "pending", 34: "pending"}
    pressed = await world.moderator.click(asked.response, label="#34 NATO should open an office in Manila")
    assert "Approved motion **#34**" in pressed.followups[0].content
    async with world.env.bot.db.unit_of_work() as s:
        statuses = dict(
            (await s.execute(select(Motion.number, Motion.status).where(Motion.guild_id.is_not(None)))).all()
        )
    assert statuses == {33: "pending", 34: "approved"}
