"""Many polls' states read together (``polls.states``, behind ``/poll list closed:true``): the same
states as one ``polls.state`` each, in a number of queries that does not grow with the list.
On SQLite, and PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select

from bot.db import Database
from bot.models import Poll
from bot.services import polls
from tests.unit.test_polls import GUILD, T0, _poll, _seed, _vote
from tests.unit.test_polls_ballots import _rank


async def _polls(db: Database, extra: int) -> None:
    """A motion poll, a ranked poll, a poll with a member's option, and ``extra`` plain polls,
    each with votes."""
    motion = await _seed(db)
    made = [
        await _poll(db, motion=motion, options=None),
        await _poll(db, ranked=True, options="A; B; C"),
        await _poll(db, member_options=True, options="Tea; Coffee"),
    ]
    await _vote(db, made[0], 7, 0)
    await _vote(db, made[0], 8, 4)
    await _rank(db, made[1], 7, [2, 0])
    await _rank(db, made[1], 8, [1])
    await db.run(polls.add_option, poll_id=made[2].id, guild_id=GUILD, user_id=9, label="Juice", now=T0)
    await _vote(db, made[2], 7, 2)
    for n in range(extra):
        plain = await _poll(db, question=f"Question {n}?", multiple=True)
        await _vote(db, plain, 7, 0)
        await _vote(db, plain, 7, 1)
        await _vote(db, plain, 8, 1)


async def _read(db: Database, ids: list[int]) -> tuple[list[polls.PollState], list[polls.PollState], int]:
    """Each poll's state one at a time, then all together, and the statements the latter ran."""
    statements: list[str] = []

    def counted(*args: Any) -> None:
        statements.append(str(args[2]))

    async with db.unit_of_work() as s:
        found = list((await s.scalars(select(Poll).where(Poll.id.in_(ids)).order_by(Poll.id))).all())
        one_by_one = [await polls.state(s, poll) for poll in found]
    async with db.unit_of_work() as s:
        found = list((await s.scalars(select(Poll).where(Poll.id.in_(ids)).order_by(Poll.id))).all())
        event.listen(db.engine.sync_engine, "before_cursor_execute", counted)
        try:
            together = await polls.states(s, found)
        finally:
            event.remove(db.engine.sync_engine, "before_cursor_execute", counted)
    return one_by_one, together, len(statements)


def _shown(state: polls.PollState) -> tuple[Any, ...]:
    runoff = state.runoff
    return (
        state.poll.id,
        state.tally.counts,
        state.tally.voters,
        state.motion.id if state.motion else None,
        state.credits,
        (runoff.winners, [r.counts for r in runoff.rounds]) if runoff else None,
    )


async def test_polls_read_together_have_the_states_each_has_alone(database: Database) -> None:
    await _polls(database, extra=2)
    async with database.unit_of_work() as s:
        ids = list((await s.scalars(select(Poll.id).where(Poll.guild_id == GUILD))).all())
    one_by_one, together, _ = await _read(database, ids)
    assert [_shown(a) for a in together] == [_shown(a) for a in one_by_one]
    ranked = next(st for st in together if st.poll.ranked)
    assert ranked.tally.voters == 2 and ranked.runoff is not None
    authored = next(st for st in together if st.credits)
    assert list(authored.credits) == [2]  # "Juice", added by member 9
    plain = [st for st in together if st.poll.question.startswith("Question")]
    assert all(st.tally.counts == [1, 2, 0] and st.tally.voters == 2 for st in plain)


async def test_reading_many_polls_together_runs_as_many_queries_as_reading_a_few(database: Database) -> None:
    await _polls(database, extra=12)
    async with database.unit_of_work() as s:
        ids = list((await s.scalars(select(Poll.id).where(Poll.guild_id == GUILD).order_by(Poll.id))).all())
    _, _, few = await _read(database, ids[:4])
    _, _, many = await _read(database, ids)
    assert len(ids) == 15
    assert many == few, (few, many)
