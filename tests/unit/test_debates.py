"""The debate flow on a real database: phases, speech timers as jobs, the ledger, the result."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import Database
from bot.errors import Conflict, NotAllowed, NotFound, UserError
from bot.models import Debate, DebateVote, Job, MemberSettings, Motion, StanceEvent
from bot.packs import load_pack
from bot.services import content, debates, jobs, motions, positions
from tests.conftest import PACKS

T0 = datetime(2026, 1, 1, tzinfo=UTC)
GUILD, CHANNEL, MOD = 10, 20, 1
FOR1, FOR2, AGAINST1 = 101, 102, 201


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


async def _seed(db: Database) -> Motion:
    async with db.unit_of_work() as s:
        await content.sync_packs(s, [load_pack(PACKS / "nato-in-asia")], T0)
        return await motions.resolve_motion(s, GUILD, "1")


async def _start(db: Database, motion: Motion, **options: object) -> int:
    async with db.unit_of_work() as s:
        debate = await debates.start(
            s, guild_id=GUILD, channel_id=CHANNEL, moderator_id=MOD, motion=motion, now=T0, **options
        )
        return debate.id


async def _pending(db: Database, debate_id: int) -> dict[str, datetime]:
    async with db.unit_of_work() as s:
        rows = (await s.execute(select(Job).where(Job.status == "pending"))).scalars()
        return {j.dedupe_key: j.due_at for j in rows if j.dedupe_key and f":{debate_id}:" in j.dedupe_key}


async def _debate(db: Database, debate_id: int) -> Debate:
    async with db.unit_of_work() as s:
        return await debates.get_debate(s, GUILD, debate_id)


def test_rounds_are_parsed_and_checked() -> None:
    assert debates.parse_rounds(None) == ["opening", "rebuttal", "closing"]
    assert debates.parse_rounds(" Opening , Closing ") == ["opening", "closing"]
    for bad in ("a,a", ",".join(["r"] * 7), "<@1>", ","):
        with pytest.raises(UserError):
            debates.parse_rounds(bad)


def test_for_always_opens_so_the_sides_alternate() -> None:
    schedule = debates.speech_schedule(["opening", "rebuttal", "closing"])
    assert [(s.round_name, s.side) for s in schedule] == [
        ("opening", "for"),
        ("opening", "against"),
        ("rebuttal", "for"),
        ("rebuttal", "against"),
        ("closing", "for"),
        ("closing", "against"),
    ]
    assert [s.index for s in schedule] == list(range(6))


async def test_one_debate_per_channel_and_guilds_do_not_see_each_other(database: Database) -> None:
    motion = await _seed(database)
    debate_id = await _start(database, motion)
    with pytest.raises(Conflict, match="already running here"):
        await _start(database, motion)
    async with database.unit_of_work() as s:  # another channel is fine
        await debates.start(s, guild_id=GUILD, channel_id=99, moderator_id=MOD, motion=motion, now=T0)
    async with database.unit_of_work() as s:
        with pytest.raises(NotFound):
            await debates.get_debate(s, GUILD + 1, debate_id)
        with pytest.raises(NotFound):
            await debates.active_debate(s, GUILD + 1, CHANNEL)


async def test_two_moderators_starting_at_once_get_one_debate(database_factory) -> None:  # type: ignore[no-untyped-def]
    """Two processes (two engines) start a debate in one channel at the same instant: the database's
    unique index on open debates lets one through; the other is told, and nothing of it is kept."""
    first, second = database_factory(), database_factory()
    await first.upgrade()
    try:
        motion = await _seed(first)

        async def attempt(db: Database) -> str:
            try:
                async with db.unit_of_work() as s:
                    await debates.start(
                        s, guild_id=GUILD, channel_id=CHANNEL, moderator_id=MOD, motion=motion, now=T0
                    )
                    await asyncio.sleep(0.05)  # both inserts are in flight before either commits
                return "started"
            except Conflict as exc:
                return str(exc)

        outcomes = await asyncio.gather(attempt(first), attempt(second))
        assert outcomes.count("started") == 1, outcomes
        assert any("already running" in o or "just started" in o for o in outcomes if o != "started")
        async with first.unit_of_work() as s:
            open_here = (await s.execute(select(Debate).where(Debate.channel_id == CHANNEL))).scalars().all()
        assert len(open_here) == 1
    finally:
        await first.dispose()
        await second.dispose()


async def test_a_whole_debate_with_timers_ledger_and_result(database: Database) -> None:
    motion = await _seed(database)
    debate_id = await _start(database, motion, speech_seconds=60, rounds=["opening", "closing"])
    async with database.unit_of_work() as s:
        debate = await debates.get_debate(s, GUILD, debate_id)
        for user, side in ((FOR1, "for"), (AGAINST1, "against"), (FOR2, "for"), (7, "audience")):
            await debates.join(s, debate, user, side, at(1 + user / 1000))
        for user, choice in ((FOR1, "for"), (AGAINST1, "against"), (7, "against"), (8, "undecided")):
            assert await debates.vote(s, debate, user, choice, at(5)) == "pre"
    assert await _pending(database, debate_id) == {}

    # The first "next" closes the pre-vote (into the ledger) and starts For's opening.
    async with database.unit_of_work() as s:
        debate = await debates.get_debate(s, GUILD, debate_id)
        move = await debates.next_speech(s, debate, at(10))
        assert move.speech is not None and not move.postvote
        assert (move.speech.speech.side, move.speech.speaker_id, move.speech.remaining) == ("for", FOR1, 60)
        with pytest.raises(Conflict, match="pre-vote closed"):
            await debates.vote(s, debate, 7, "for", at(11))
    assert await _pending(database, debate_id) == {
        f"debate-warn:{debate_id}:0": at(58),  # 20% of a 60 s speech before its end
        f"debate-advance:{debate_id}:0": at(70),
    }
    async with database.unit_of_work() as s:
        events = (await s.execute(select(StanceEvent).order_by(StanceEvent.user_id))).scalars().all()
        assert [(e.user_id, e.value, e.source, e.ref_id) for e in events] == [
            (7, -1, positions.DEBATE_PRE, debate_id),
            (8, 0, positions.DEBATE_PRE, debate_id),
            (FOR1, 1, positions.DEBATE_PRE, debate_id),
            (AGAINST1, -1, positions.DEBATE_PRE, debate_id),
        ]

    # Pause keeps the remaining time and cancels the timers; resume and extend reschedule them.
    async with database.unit_of_work() as s:
        debate = await debates.get_debate(s, GUILD, debate_id)
        state = await debates.pause(s, debate, at(30))
        assert state.paused and state.remaining == 40
        with pytest.raises(Conflict):
            await debates.pause(s, debate, at(31))
    assert await _pending(database, debate_id) == {}
    async with database.unit_of_work() as s:
        debate = await debates.get_debate(s, GUILD, debate_id)
        await debates.extend(s, debate, 15, at(100))  # while paused: 55 s left
        state = await debates.resume(s, debate, at(100))
        assert state.remaining == 55 and not state.paused
    assert await _pending(database, debate_id) == {
        f"debate-warn:{debate_id}:0": at(143),
        f"debate-advance:{debate_id}:0": at(155),
    }
    async with database.unit_of_work() as s:  # a stale job (wrong speech) does nothing
        assert await debates.on_advance(s, {"debate_id": debate_id, "speech_index": 3}, at(155)) is None
        assert await debates.on_advance(s, {"debate_id": debate_id, "speech_index": 0}, at(150)) is None
        warned = await debates.on_warn(s, {"debate_id": debate_id, "speech_index": 0}, at(143))
        assert warned is not None and warned.speech is not None and warned.speech.remaining == 12

    # Time is up (run as the scheduler does: claim, then handle and finish in one transaction):
    # Against's opening; the second For speech goes to the next For debater.
    async with database.unit_of_work() as s:
        key = f"debate-advance:{debate_id}:0"
        job_id = (await s.execute(select(Job.id).where(Job.dedupe_key == key))).scalar_one()
        token = await jobs.claim(s, job_id, "test", at(155))
        assert token is not None
    async with database.unit_of_work() as s:
        move = await debates.on_advance(s, {"debate_id": debate_id, "speech_index": 0}, at(155))
        await jobs.finish(s, job_id, token, at(155))
        assert move is not None and move.speech is not None
        assert (move.speech.speech.side, move.speech.speaker_id) == ("against", AGAINST1)
        debate = move.debate
        await debates.argue(s, debate, AGAINST1, "  Distance makes NATO's promise hollow.  ", at(160))
        with pytest.raises(NotAllowed):
            await debates.argue(s, debate, 7, "I am in the audience", at(160))
        with pytest.raises(Conflict, match="debaters keep their side"):
            await debates.join(s, debate, FOR1, "audience", at(160))
        move = await debates.next_speech(s, debate, at(170))
        assert move.speech is not None
        assert (move.speech.speech.round_name, move.speech.speaker_id) == ("closing", FOR2)
        await debates.argue(s, debate, FOR2, "Security is indivisible.", at(171))
    # Speech 1's timers were cancelled by "next".
    assert set(await _pending(database, debate_id)) == {
        f"debate-warn:{debate_id}:2",
        f"debate-advance:{debate_id}:2",
    }

    async with database.unit_of_work() as s:
        debate = await debates.get_debate(s, GUILD, debate_id)
        with pytest.raises(Conflict, match="not open yet"):
            await debates.close(s, debate, at(180))
        move = await debates.end_speeches(s, debate, at(180))
        assert move.postvote and move.speech is None
        for user, choice in ((FOR1, "for"), (AGAINST1, "against"), (7, "for"), (8, "for"), (9, "against")):
            assert await debates.vote(s, debate, user, choice, at(185)) == "post"
    assert await _pending(database, debate_id) == {}

    async with database.unit_of_work() as s:
        s.add(MemberSettings(guild_id=GUILD, user_id=8, private=True, updated_at=T0))
        debate = await debates.get_debate(s, GUILD, debate_id)
        closed = await debates.close(s, debate, at(200))
        # Scored on the four who voted both times (9 voted only after): before For 1/4 = 25%,
        # Against 2/4 = 50%; after For 3/4 = 75%, Against 1/4 = 25%.
        assert closed.score.winner == "for" and closed.score.leader == "for"
        assert closed.private == {8}
        assert [(a.side, a.round_name, a.text) for a in closed.arguments] == [
            ("against", "opening", "Distance makes NATO's promise hollow."),
            ("for", "closing", "Security is indivisible."),
        ]
    stored = await _debate(database, debate_id)
    assert stored.phase == "closed" and stored.closed_at == at(200)
    assert stored.result is not None
    assert stored.result["shift"] == {"for": 50.0, "against": -25.0}
    assert (stored.result["scored"], stored.result["pre_only"], stored.result["post_only"]) == (4, 0, 1)
    assert stored.result["small"]
    assert stored.result["moves"] == [
        {"user_id": 7, "before": "against", "after": "for", "direction": "for", "private": False},
        {"user_id": 8, "before": "undecided", "after": "for", "direction": "for", "private": True},
    ]
    async with database.unit_of_work() as s:
        post = (
            await s.execute(select(StanceEvent.user_id).where(StanceEvent.source == positions.DEBATE_POST))
        ).scalars()
        assert sorted(post) == [7, 8, 9, FOR1, AGAINST1]
        assert await debates.find_active(s, GUILD, CHANNEL) is None


async def test_the_last_speech_running_out_opens_the_post_vote(database: Database) -> None:
    motion = await _seed(database)
    debate_id = await _start(database, motion, speech_seconds=30, rounds=["closing"])
    async with database.unit_of_work() as s:
        debate = await debates.get_debate(s, GUILD, debate_id)
        await debates.join(s, debate, FOR1, "for", T0)
        await debates.join(s, debate, AGAINST1, "against", T0)
        await debates.next_speech(s, debate, T0)
        first = await debates.on_advance(s, {"debate_id": debate_id, "speech_index": 0}, at(30))
        assert first is not None and first.speech is not None and first.speech.speaker_id == AGAINST1
        last = await debates.on_advance(s, {"debate_id": debate_id, "speech_index": 1}, at(60))
        assert last is not None and last.postvote


async def test_counter_assignment_puts_members_opposite_their_stance(database: Database) -> None:
    motion = await _seed(database)
    debate_id = await _start(database, motion, assign="counter")
    async with database.unit_of_work() as s:
        for user, value in ((1, 2), (2, -1), (3, 0)):
            await positions.record_stance(
                s, guild_id=GUILD, user_id=user, motion_id=motion.id, value=value, source="self", now=T0
            )
        debate = await debates.get_debate(s, GUILD, debate_id)
        agrees = await debates.join(s, debate, 1, "for", at(1))
        assert agrees.side == "against" and agrees.note and "steelman" in agrees.note
        assert (await debates.join(s, debate, 2, "debate", at(2))).side == "for"
        # No stance (or undecided): balance the sides.
        assert (await debates.join(s, debate, 3, "debate", at(3))).side == "for"
        assert (await debates.join(s, debate, 4, "debate", at(4))).side == "against"
        again = await debates.join(s, debate, 1, "debate", at(5))
        assert again.side == "against" and again.note == "You already debate Against."
        assert (await debates.join(s, debate, 4, "audience", at(6))).side == "audience"
        assert await debates.sides(s, debate_id) == {"for": [2, 3], "against": [1], "audience": [4]}


async def test_volunteers_choose_their_side(database: Database) -> None:
    motion = await _seed(database)
    debate_id = await _start(database, motion)
    async with database.unit_of_work() as s:
        debate = await debates.get_debate(s, GUILD, debate_id)
        with pytest.raises(UserError):
            await debates.join(s, debate, 1, "debate", T0)
        await debates.join(s, debate, 1, "for", T0)
        await debates.join(s, debate, 1, "against", at(1))  # the last choice counts
        assert await debates.sides(s, debate_id) == {"for": [], "against": [1], "audience": []}


async def test_a_race_of_votes_by_one_member_leaves_one_vote(database: Database) -> None:
    motion = await _seed(database)
    debate_id = await _start(database, motion)

    async def click(choice: str) -> None:
        async def work(s: AsyncSession) -> None:
            debate = await debates.get_debate(s, GUILD, debate_id)
            await debates.vote(s, debate, 5, choice, T0)

        await database.run(work)  # each click its own unit of work, all at once

    await asyncio.gather(*(click(c) for c in ["for", "against", "undecided", "for", "against"] * 2))
    async with database.unit_of_work() as s:
        rows = (await s.execute(select(DebateVote).where(DebateVote.debate_id == debate_id))).scalars()
        assert [(v.user_id, v.phase) for v in rows] == [(5, "pre")]


async def test_prompt_prefers_motions_not_yet_debated(database: Database) -> None:
    motion = await _seed(database)
    await _start(database, motion)
    async with database.unit_of_work() as s:
        seen = {(await debates.prompt_motion(s, GUILD, random.Random(seed))).number for seed in range(40)}
        assert motion.number not in seen and len(seen) > 3
        named = await debates.prompt_motion(s, GUILD, random.Random(0), "#1")
        assert named.id == motion.id
