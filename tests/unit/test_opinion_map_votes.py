"""/vote's dealing: the next unanswered motion, and answers written to the ledger."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.errors import NotFound, UserError
from bot.models import Motion, Stance, StanceEvent
from bot.services import opinion_votes
from tests.opinion_map_support import NOW, pack_motions, seed_packs, write_ledger

GUILD = 100


@pytest.fixture
async def motions(database: Database) -> list[Motion]:
    await seed_packs(database)
    return await pack_motions(database)


async def test_deals_the_first_motion_without_a_stance_and_counts_progress(
    database: Database, motions: list[Motion]
) -> None:
    # A stance taken elsewhere (here /stance set) counts as answered; another guild's does not.
    await write_ledger(database, GUILD, {1: {motions[0].id: 2, motions[2].id: 0}})
    await write_ledger(database, 999, {1: {motions[1].id: 1}})
    async with database.unit_of_work() as s:
        deal = await opinion_votes.next_motion(s, GUILD, 1)
    assert deal.motion is not None and deal.motion.number == 2
    assert (deal.answered, deal.total, deal.left) == (2, len(motions), len(motions) - 2)


@pytest.mark.parametrize(("choice", "value"), [("agree", 1), ("disagree", -1)])
async def test_an_answer_is_a_vote_stance_in_the_ledger(
    database: Database, motions: list[Motion], choice: str, value: int
) -> None:
    async with database.unit_of_work() as s:
        recorded = await opinion_votes.answer(
            s, guild_id=GUILD, user_id=1, motion_id=motions[0].id, choice=choice, now=NOW
        )
    assert recorded
    async with database.unit_of_work() as s:
        stance = (await s.execute(select(Stance))).scalar_one()
        assert (stance.guild_id, stance.user_id, stance.motion_id) == (GUILD, 1, motions[0].id)
        assert (stance.value, stance.source) == (value, "vote")
        deal = await opinion_votes.next_motion(s, GUILD, 1)
    assert deal.motion is not None and deal.motion.id == motions[1].id


async def test_a_pass_records_nothing_and_the_next_card_is_after_it(
    database: Database, motions: list[Motion]
) -> None:
    async with database.unit_of_work() as s:
        recorded = await opinion_votes.answer(
            s, guild_id=GUILD, user_id=1, motion_id=motions[0].id, choice="pass", now=NOW
        )
        assert not recorded
        assert (await s.execute(select(Stance))).scalars().all() == []
        after = await opinion_votes.next_motion(s, GUILD, 1, motions[0].id)
        fresh = await opinion_votes.next_motion(s, GUILD, 1)
    assert after.motion is not None and after.motion.id == motions[1].id and after.answered == 0
    assert fresh.motion is not None and fresh.motion.id == motions[0].id  # a new /vote deals it again


async def test_a_second_click_on_an_answered_motion_changes_nothing(
    database: Database, motions: list[Motion]
) -> None:
    await write_ledger(database, GUILD, {1: {motions[0].id: 2}})
    async with database.unit_of_work() as s:
        recorded = await opinion_votes.answer(
            s, guild_id=GUILD, user_id=1, motion_id=motions[0].id, choice="disagree", now=NOW
        )
    assert not recorded
    async with database.unit_of_work() as s:
        assert (await s.execute(select(Stance.value))).scalar_one() == 2
        assert len((await s.execute(select(StanceEvent))).scalars().all()) == 1


async def test_when_every_motion_is_answered_there_is_nothing_to_deal(
    database: Database, motions: list[Motion]
) -> None:
    await write_ledger(database, GUILD, {1: {m.id: 0 for m in motions}})
    async with database.unit_of_work() as s:
        deal = await opinion_votes.next_motion(s, GUILD, 1)
    assert deal.motion is None and deal.left == 0


async def test_unknown_or_foreign_motions_and_choices_are_refused(
    database: Database, motions: list[Motion]
) -> None:
    async with database.unit_of_work() as s:
        foreign = Motion(
            pack_id=motions[0].pack_id,
            guild_id=999,
            number=99,
            title="Another guild's motion",
            context="",
            paragraphs=[],
            sides_for=[],
            sides_against=[],
            created_at=NOW,
        )
        s.add(foreign)
        await s.flush()
        for motion_id in (foreign.id, 10**9):
            with pytest.raises(NotFound, match="no longer exists"):
                await opinion_votes.answer(
                    s, guild_id=GUILD, user_id=1, motion_id=motion_id, choice="agree", now=NOW
                )
        with pytest.raises(UserError, match="Agree, Disagree or Pass"):
            await opinion_votes.answer(
                s, guild_id=GUILD, user_id=1, motion_id=motions[0].id, choice="maybe", now=NOW
            )
