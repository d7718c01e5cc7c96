"""History with shifts, privacy, summaries with net shift, export rows, concurrent writers."""

from __future__ import annotations

import asyncio
import csv
import io
import itertools
import random
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.errors import NotAllowed, UserError
from bot.models import Debate, Stance, StanceEvent
from bot.services import positions
from tests.positions_support import T0, seed_motions, stance

G, OTHER_GUILD = 10, 20
ALICE, BOB, CAROL = 310000000000000001, 310000000000000002, 310000000000000003


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


async def test_history_marks_each_shift_per_motion(database: Database) -> None:
    m1, m2, _ = await seed_motions(database)
    async with database.unit_of_work() as s:
        await stance(s, guild=G, user=ALICE, motion=m1, value=0, at=T0)
        await stance(s, guild=G, user=ALICE, motion=m2, value=-2, at=T0 + minutes(1))
        await stance(s, guild=G, user=ALICE, motion=m1, value=1, at=T0 + minutes(2), reason="¶6 convinced me")
        await stance(s, guild=G, user=ALICE, motion=m1, value=1, at=T0 + minutes(3), source=positions.POLL)
        await stance(s, guild=G, user=ALICE, motion=m1, value=-1, at=T0 + minutes(4))
        await stance(s, guild=G, user=BOB, motion=m1, value=2, at=T0)
        await stance(s, guild=OTHER_GUILD, user=ALICE, motion=m1, value=2, at=T0)
    async with database.unit_of_work() as s:
        entries = await positions.history(s, guild_id=G, user_id=ALICE)
        only_m1 = await positions.history(s, guild_id=G, user_id=ALICE, motion_id=m1)
    assert [(e.motion_number, e.previous, e.value, e.arrow) for e in entries] == [
        (1, None, 0, "•"),
        (2, None, -2, "•"),
        (1, 0, 1, "↗"),
        (1, 1, 1, "→"),
        (1, 1, -1, "↘"),
    ]
    assert [e.shift for e in entries] == [None, None, 1, 0, -2]
    assert entries[2].reason == "¶6 convinced me"
    assert entries[3].source == "poll"
    assert [e.event_id for e in only_m1] == [entries[i].event_id for i in (0, 2, 3, 4)]


async def test_the_later_commit_wins_even_when_its_clock_is_behind(database: Database) -> None:
    """Order of commit, not wall-clock time: a second process whose clock is behind (or the
    console's clock restarting) must not leave the history saying the opposite of the reply."""
    (m1, *_) = await seed_motions(database)
    async with database.unit_of_work() as s:
        await stance(s, guild=G, user=ALICE, motion=m1, value=2, at=T0 + minutes(5))
    async with database.unit_of_work() as s:  # committed later, by a clock that is behind
        await stance(s, guild=G, user=ALICE, motion=m1, value=-2, at=T0)
    async with database.unit_of_work() as s:
        assert await positions.stance_and_privacy(s, guild_id=G, user_id=ALICE, motion_id=m1) == (-2, False)
        entries = await positions.history(s, guild_id=G, user_id=ALICE)
        assert [(e.previous, e.value) for e in entries] == [(None, 2), (2, -2)]
        rows = await positions.export_rows(s, guild_id=G, secret=b"k")
        assert [(r.value, r.current) for r in rows] == [(2, False), (-2, True)]


async def test_privacy_hides_a_member_from_others_but_not_from_themselves(database: Database) -> None:
    async with database.unit_of_work() as s:
        await positions.set_private(s, guild_id=G, user_id=ALICE, private=True, now=T0)
        await positions.set_private(s, guild_id=G, user_id=BOB, private=True, now=T0)
        await positions.set_private(s, guild_id=G, user_id=BOB, private=False, now=T0 + minutes(1))
    async with database.unit_of_work() as s:
        assert await positions.private_members(s, G) == {ALICE}
        assert await positions.private_members(s, OTHER_GUILD) == set()
        assert await positions.is_private(s, guild_id=G, user_id=ALICE)
        assert not await positions.is_private(s, guild_id=OTHER_GUILD, user_id=ALICE)
        # No stance yet, private: the one-query lookup /stance set uses.
        assert await positions.stance_and_privacy(s, guild_id=G, user_id=ALICE, motion_id=1) == (None, True)
        assert await positions.stance_and_privacy(s, guild_id=G, user_id=BOB, motion_id=1) == (None, False)
        await positions.require_visible(s, guild_id=G, viewer_id=ALICE, member_id=ALICE)
        await positions.require_visible(s, guild_id=G, viewer_id=ALICE, member_id=BOB)
        await positions.require_visible(s, guild_id=OTHER_GUILD, viewer_id=BOB, member_id=ALICE)
        with pytest.raises(NotAllowed, match="private"):
            await positions.require_visible(s, guild_id=G, viewer_id=BOB, member_id=ALICE)


async def test_summary_counts_everyone_and_shifts_since_a_date(database: Database) -> None:
    (m1, *_) = await seed_motions(database)
    day2 = T0 + timedelta(days=1)
    async with database.unit_of_work() as s:
        await stance(s, guild=G, user=ALICE, motion=m1, value=-1, at=T0)
        await stance(s, guild=G, user=BOB, motion=m1, value=0, at=T0)
        await stance(s, guild=G, user=CAROL, motion=m1, value=1, at=T0)
        await stance(s, guild=G, user=ALICE, motion=m1, value=2, at=day2 + minutes(1))
        await stance(s, guild=G, user=BOB, motion=m1, value=-1, at=day2 + minutes(2))
        await stance(s, guild=G, user=CAROL + 1, motion=m1, value=1, at=day2 + minutes(3))
        await stance(s, guild=OTHER_GUILD, user=CAROL + 2, motion=m1, value=-2, at=day2)
    async with database.unit_of_work() as s:
        result = await positions.summary(
            s, guild_id=G, motion_id=m1, now=day2 + minutes(10), since=positions.parse_date("2026-01-02")
        )
    assert result.current.counts == {-2: 0, -1: 1, 0: 0, 1: 2, 2: 1}
    assert result.current.total == 4
    assert result.since_kind == "date"
    shift = result.shift
    assert shift is not None
    assert shift.baseline.counts == {-2: 0, -1: 1, 0: 1, 1: 1, 2: 0}
    assert (shift.towards_agree, shift.towards_disagree, shift.unchanged, shift.newcomers) == (1, 1, 1, 1)
    # balance: before (1 agree - 1 disagree)/3 = 0 pp; now (3 - 1)/4 = +50 pp
    assert shift.net_points == pytest.approx(50.0)
    assert result.holders[0] == (ALICE, 2)


async def test_summary_defaults_to_before_the_latest_debate(database: Database) -> None:
    m1, m2, _ = await seed_motions(database)
    async with database.unit_of_work() as s:
        await stance(s, guild=G, user=ALICE, motion=m1, value=-2, at=T0)
        debates = []
        for started, closed, motion, guild in (
            (T0 + minutes(5), T0 + minutes(10), m1, G),
            (T0 + minutes(25), None, m1, G),  # the latest, still running: its start is the baseline
            (T0 + minutes(40), T0 + minutes(45), m2, G),  # another motion
            (T0 + minutes(50), T0 + minutes(55), m1, OTHER_GUILD),  # another guild
        ):
            debate = Debate(
                guild_id=guild,
                channel_id=1,
                motion_id=motion,
                moderator_id=9,
                phase="closed" if closed else "speeches",
                rounds=["opening"],
                speech_seconds=60,
                created_at=started,
                closed_at=closed,
            )
            s.add(debate)
            debates.append(debate)
        await stance(s, guild=G, user=ALICE, motion=m1, value=-1, at=T0 + minutes(15))
        # A pre-vote at the debate's very start counts as movement in it, not as the baseline.
        await stance(s, guild=G, user=BOB, motion=m1, value=1, at=T0 + minutes(25))
        await stance(s, guild=G, user=ALICE, motion=m1, value=1, at=T0 + minutes(30))
        await s.flush()
        first, latest = debates[0].id, debates[1].id
    async with database.unit_of_work() as s:
        result = await positions.summary(s, guild_id=G, motion_id=m1, now=T0 + minutes(60))
        untouched = await positions.summary(s, guild_id=G, motion_id=m2, now=T0 + minutes(60))
        by_number = await positions.summary(
            s, guild_id=G, motion_id=m1, now=T0 + minutes(60), since=positions.parse_since(f"#{first}")
        )
        with pytest.raises(UserError, match="no debate 999"):
            await positions.summary(
                s, guild_id=G, motion_id=m1, now=T0, since=positions.parse_since("debate 999")
            )
    assert result.since_kind == "debate" and result.since_debate == latest
    assert result.shift is not None and result.shift.since == T0 + minutes(25)
    assert result.shift.baseline.counts[-1] == 1 and result.shift.baseline.total == 1
    assert (result.shift.towards_agree, result.shift.newcomers) == (1, 1)
    assert by_number.since_debate == first and by_number.shift is not None
    assert by_number.shift.baseline.counts[-2] == 1
    assert untouched.since_kind == "debate" and untouched.current.total == 0
    assert untouched.shift is not None and untouched.shift.net_points is None


async def test_summary_without_debate_or_date_has_no_shift_and_rejects_bad_dates(database: Database) -> None:
    (m1, *_) = await seed_motions(database)
    async with database.unit_of_work() as s:
        result = await positions.summary(s, guild_id=G, motion_id=m1, now=T0)
        assert result.shift is None and result.since_kind is None
        with pytest.raises(UserError, match="future"):
            await positions.summary(s, guild_id=G, motion_id=m1, now=T0, since=T0 + timedelta(days=2))
    with pytest.raises(UserError, match="YYYY-MM-DD"):
        positions.parse_date("last tuesday")
    with pytest.raises(UserError, match="or a debate's number"):
        positions.parse_since("last tuesday")
    assert positions.parse_since("2026-01-15").day is not None


async def test_export_pseudonymises_private_members_stably(database: Database) -> None:
    m1, m2, _ = await seed_motions(database)
    secret = b"k" * 32
    async with database.unit_of_work() as s:
        await positions.set_private(s, guild_id=G, user_id=ALICE, private=True, now=T0)
        await stance(s, guild=G, user=ALICE, motion=m1, value=1, at=T0, reason="=HYPERLINK(x)")
        await stance(s, guild=G, user=ALICE, motion=m1, value=2, at=T0 + minutes(1))
        await stance(s, guild=G, user=BOB, motion=m2, value=-1, at=T0 + minutes(2))
        await stance(s, guild=OTHER_GUILD, user=CAROL, motion=m2, value=0, at=T0)
    async with database.unit_of_work() as s:
        rows = await positions.export_rows(s, guild_id=G, secret=secret)
        again = await positions.export_rows(s, guild_id=G, secret=secret)
    alias = positions.pseudonym(secret, G, ALICE)
    assert [(r.member_id, r.pseudonym, r.motion_number, r.value, r.current) for r in rows] == [
        (None, alias, 1, 1, False),
        (None, alias, 1, 2, True),
        (BOB, None, 2, -1, True),
    ]
    assert [r.pseudonym for r in again] == [r.pseudonym for r in rows]
    assert positions.pseudonym(secret, OTHER_GUILD, ALICE) != alias
    text = positions.export_csv(rows, {BOB: "bob"})
    table = list(csv.DictReader(io.StringIO(text)))
    assert [(r["member"], r["member_id"], r["stance"], r["current"]) for r in table] == [
        (alias, "", "agree", "no"),
        (alias, "", "strongly agree", "yes"),
        ("bob", str(BOB), "disagree", "yes"),
    ]
    assert table[0]["reason"] == "'=HYPERLINK(x)"
    assert str(ALICE) not in text


async def test_two_members_writing_concurrently_lose_nothing(database: Database) -> None:
    (m1, *_) = await seed_motions(database)
    plan = [(ALICE if i % 2 else BOB, i, (i % 5) - 2) for i in range(100)]
    order = plan[:]
    random.Random(4).shuffle(order)  # commits arrive out of time order

    async def write(session, user: int, i: int, value: int) -> None:  # type: ignore[no-untyped-def]
        await stance(session, guild=G, user=user, motion=m1, value=value, at=T0 + timedelta(seconds=i))

    await asyncio.gather(*(database.run(write, user, i, value) for user, i, value in order))
    async with database.unit_of_work() as s:
        events = (await s.execute(select(StanceEvent))).scalars().all()
        current = {c.user_id: c.value for c in (await s.execute(select(Stance))).scalars()}
        alice = await positions.history(s, guild_id=G, user_id=ALICE)
        bob = await positions.history(s, guild_id=G, user_id=BOB)
    assert len(events) == 100
    assert sorted((e.user_id, e.value, e.created_at) for e in events) == sorted(
        (user, value, T0 + timedelta(seconds=i)) for user, i, value in plan
    )
    # The latest commit wins, and the history (in commit order) ends where the current stance is.
    assert current == {ALICE: alice[-1].value, BOB: bob[-1].value}
    assert len(alice) == 50 and all(b.previous == a.value for a, b in itertools.pairwise(alice))
