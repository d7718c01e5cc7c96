"""The ballots' rules on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set):
max_choices under simultaneous clicks, rankings stored and replaced, members' options."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.errors import Refused, UserError
from bot.models import Poll, PollVote
from bot.services import polls
from tests.unit.test_polls import GUILD, T0, _poll, _vote


async def _rank(db: Database, poll: Poll, user: int, order: list[int]) -> polls.RankingResult:
    result: polls.RankingResult = await db.run(
        polls.cast_ranking,
        poll_id=poll.id,
        guild_id=GUILD,
        user_id=user,
        order=order,
        hash_key=None,
        now=T0,
    )
    return result


async def test_max_choices_holds_when_one_member_clicks_every_option_at_once(database: Database) -> None:
    poll = await _poll(database, options="; ".join(f"Option {i}" for i in range(6)), max_choices=2)
    assert poll.multiple and poll.max_choices == 2
    outcomes = await asyncio.gather(*(_vote(database, poll, 42, o) for o in range(6)), return_exceptions=True)
    refused = [o for o in outcomes if isinstance(o, Refused)]
    assert len(refused) == 4 and all(r.reason == "poll.max-choices" for r in refused)
    async with database.unit_of_work() as s:
        votes = list((await s.execute(select(PollVote).where(PollVote.poll_id == poll.id))).scalars())
    assert len(votes) == 2


async def test_max_choices_of_one_is_single_choice_and_more_than_the_options_is_refused(
    database: Database,
) -> None:
    single = await _poll(database, max_choices=1)
    assert not single.multiple and single.max_choices is None
    with pytest.raises(UserError, match="between 1 and the number of options"):
        await _poll(database, max_choices=4)


async def test_a_ranking_is_stored_by_place_and_replaced_whole(database: Database) -> None:
    poll = await _poll(database, ranked=True, options="A; B; C; D")
    first = await _rank(database, poll, 7, [2, 0, 1])
    assert first.order == ["C", "A", "B"] and not first.replaced
    again = await _rank(database, poll, 7, [3])
    assert again.replaced and again.order == ["D"]
    async with database.unit_of_work() as s:
        votes = list((await s.execute(select(PollVote).where(PollVote.poll_id == poll.id))).scalars())
    assert [(v.option_index, v.rank, v.user_id) for v in votes] == [(3, 1, 7)]
    with pytest.raises(Refused) as clicked:
        await _vote(database, poll, 8, 0)
    assert clicked.value.reason == "poll.ranked"


async def test_ranking_rules(database: Database) -> None:
    poll = await _poll(database, ranked=True, options="; ".join(f"O{i}" for i in range(7)))
    assert polls.rank_slots(poll) == polls.MAX_RANKS == 5
    with pytest.raises(UserError, match="at most 5"):
        await _rank(database, poll, 7, [0, 1, 2, 3, 4, 5])
    with pytest.raises(Refused) as twice:
        polls.parse_ranking(["1", None, "1"], 7)
    assert twice.value.facts == {"place": 3, "first": 1, "option": 1}
    assert polls.parse_ranking(["3", "", None, "0"], 7) == [3, 0]
    with pytest.raises(UserError, match="at least your first choice"):
        polls.parse_ranking([None, ""], 7)
    with pytest.raises(UserError, match="not also multiple choice"):
        await _poll(database, ranked=True, multiple=True)


async def test_two_members_adding_options_at_once_both_get_in_and_the_limit_holds(database: Database) -> None:
    poll = await _poll(database, member_options=True, options="; ".join(f"O{i}" for i in range(18)))

    async def add(user: int, label: str) -> polls.PollState:
        result: polls.PollState = await database.run(
            polls.add_option, poll_id=poll.id, guild_id=GUILD, user_id=user, label=label, now=T0
        )
        return result

    await asyncio.gather(add(7, "New 1"), add(8, "New 2"))
    with pytest.raises(UserError, match="the most its message can hold"):
        await add(9, "New 3")
    async with database.unit_of_work() as s:
        stored = await s.get(Poll, poll.id)
        assert stored is not None
        assert set(stored.options[18:]) == {"New 1", "New 2"}
        assert len(stored.options) == polls.max_options(stored) == 20
        assert sorted(a for a in stored.option_authors or [] if a is not None) == [7, 8]
        assert len(stored.option_authors or []) == 20
    with pytest.raises(UserError, match="at most 20 options"):
        await _poll(database, member_options=True, options="; ".join(f"O{i}" for i in range(21)))
    ranked = await _poll(
        database, member_options=True, ranked=True, options="; ".join(f"O{i}" for i in range(25))
    )
    assert polls.max_options(ranked) == 25


async def test_a_poll_without_member_options_refuses_an_added_option(database: Database) -> None:
    poll = await _poll(database)
    with pytest.raises(Refused) as refused:
        async with database.unit_of_work() as s:
            await polls.add_option(s, poll_id=poll.id, guild_id=GUILD, user_id=7, label="Milk", now=T0)
    assert refused.value.reason == "poll.no-member-options"
